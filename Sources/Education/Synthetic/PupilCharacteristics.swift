import ProbabilityDistributions

/// The prior-attainment model of a cohort: KS2 average point score for a KS4 cohort, KS1
/// average point score for a KS2 cohort. The score is
///
///     base + FSM shift + EAL shift + SEN shift + IDACI shift·idaci
///          + school intake tilt·(school FSM logit − national FSM logit) + N(0, sd²),
///
/// rounded to one decimal and kept within `range` (constants and their sources in
/// `CohortComposition`).
struct PriorAttainmentModel: Sendable {
    let base: Double
    let fsmShift: Double
    let ealShift: Double
    let senShift: (schoolAction: Double, schoolActionPlus: Double, statement: Double)
    let idaciShift: Double
    let schoolIntakeTilt: Double
    let residualSD: Double
    let range: ClosedRange<Double>

    /// KS2 average point score, the prior attainment of a KS4 cohort.
    static let ks2 = PriorAttainmentModel(
        base: CohortComposition.ks2Base, fsmShift: CohortComposition.ks2FSMShift,
        ealShift: CohortComposition.ks2EALShift, senShift: CohortComposition.ks2SENShift,
        idaciShift: CohortComposition.ks2IDACIShift, schoolIntakeTilt: CohortComposition.ks2SchoolIntakeTilt,
        residualSD: CohortComposition.ks2ResidualSD, range: CohortComposition.ks2Range)

    /// KS1 average point score, the prior attainment of a KS2 cohort.
    static let ks1 = PriorAttainmentModel(
        base: CohortComposition.ks1Base, fsmShift: CohortComposition.ks1FSMShift,
        ealShift: CohortComposition.ks1EALShift, senShift: CohortComposition.ks1SENShift,
        idaciShift: CohortComposition.ks1IDACIShift, schoolIntakeTilt: CohortComposition.ks1SchoolIntakeTilt,
        residualSD: CohortComposition.ks1ResidualSD, range: CohortComposition.ks1Range)
}

/// One pupil's background and prior attainment, drawn the same way for every key stage: gender,
/// ethnic group (school mix), EAL (by ethnic group), FSM (school rate), SEN provision (national
/// rates scaled by the gender and FSM risks), IDACI (logit-normal, tilted by the school's FSM
/// level and the pupil's FSM) and the prior-attainment score. The draws are made in that order
/// from the caller's stream, so a cohort is reproducible from its seed.
struct PupilCharacteristics {
    let gender: Gender
    let ethnic: EthnicGroup
    let isEAL: Bool
    let isFSM: Bool
    let sen: SENProvision
    let idaci: Double
    let prior: Double

    static func draw(using rng: inout SeededGenerator, fsmRate: Double, ethnicCumulative: [Double],
                     schoolFSMLogitOffset fsmOffset: Double, prior model: PriorAttainmentModel) -> PupilCharacteristics {
        let ethnicGroups = EthnicGroup.allCases
        let senRates = CohortComposition.senBase
        let gender: Gender = rng.bernoulli(CohortComposition.maleProbability) ? .male : .female
        let ethnicIndex = rng.categorical(cumulative: ethnicCumulative)
        let isEAL = rng.bernoulli(CohortComposition.ealByEthnicity[ethnicIndex])
        let isFSM = rng.bernoulli(fsmRate)

        let risk = (gender == .male ? CohortComposition.senMaleRisk : 1) * (isFSM ? CohortComposition.senFSMRisk : 1)
        let u = rng.uniform()
        let sen: SENProvision
        var senShift = 0.0
        if u < senRates.schoolAction * risk {
            sen = .schoolAction; senShift = model.senShift.schoolAction
        } else if u < (senRates.schoolAction + senRates.schoolActionPlus) * risk {
            sen = .schoolActionPlus; senShift = model.senShift.schoolActionPlus
        } else if u < (senRates.schoolAction + senRates.schoolActionPlus + senRates.statement) * risk {
            sen = .statement; senShift = model.senShift.statement
        } else {
            sen = .none
        }

        let idaciLogit = CohortComposition.idaciLogitBase
            + CohortComposition.idaciSchoolTilt * fsmOffset
            + (isFSM ? CohortComposition.idaciFSMShift : 0)
            + CohortComposition.idaciLogitSD * rng.standardNormal()
        let idaci = roundedToThreeDecimals(inverseLogit(idaciLogit))

        let score = model.base
            + (isFSM ? model.fsmShift : 0)
            + (isEAL ? model.ealShift : 0)
            + senShift
            + model.idaciShift * idaci
            + model.schoolIntakeTilt * fsmOffset
            + model.residualSD * rng.standardNormal()
        let prior = roundedToOneDecimal(min(max(score, model.range.lowerBound), model.range.upperBound))
        return PupilCharacteristics(gender: gender, ethnic: ethnicGroups[ethnicIndex], isEAL: isEAL, isFSM: isFSM,
                                    sen: sen, idaci: idaci, prior: prior)
    }
}
