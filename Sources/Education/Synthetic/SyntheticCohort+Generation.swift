import Foundation
import ProbabilityDistributions

extension SyntheticCohort {
    /// Generates a cohort from a validated specification.
    ///
    /// Levels: local authorities (area, true random effects), schools (LA, FSM rate, support
    /// category, ethnic mix, cohort size, true random effects) and pupils. For pupil i in
    /// school j in LA k:
    ///
    ///     gender ~ Bernoulli(0.51 male);  ethnic ~ Categorical(school mix)
    ///     eal ~ Bernoulli(p_eal(ethnic));  fsm ~ Bernoulli(school FSM rate)
    ///     sen ~ Categorical(base rates × boy risk × FSM risk)
    ///     logit(idaci) = −1.5 + 0.55·f_j + 0.7·fsm + N(0, 0.6²)
    ///     ks2_aps = 28.8 − 2.2·fsm − 0.6·eal + sen shift − 3·idaci − 1.0·f_j + N(0, 3.3²)
    ///     ks4_capped = η_c + v_k + u_j [+ w_p] + σ_e·z_i            (clamped to [0, 464])
    ///     ks4_5ac_em = 1 if Φ(−w_i) < logit⁻¹(η_5 + v'_k + u'_j),  w_i = ρ·z_i + √(1−ρ²)·z'_i
    ///     sessions_absent ~ Binomial(sessions_possible, logit⁻¹(η_a + v''_k + u''_j + d_i))
    ///     sessions_unauthorised ~ Binomial(sessions_absent, logit⁻¹(η_u + … + d'_i))
    ///
    /// where f_j is the school's FSM logit minus the national one, the η are the
    /// `OutcomeCoefficients` linear predictors and d_i = σ_d·(ρ_a·z_i + √(1−ρ_a²)·z''_i).
    /// Since Φ(−w_i) is uniform and independent of the covariates, the 5A*–C outcome follows
    /// its logistic model exactly while still correlating with the capped residual.
    /// Outcomes use the pupil's true KS2 and IDACI values; the missing ones are then blanked
    /// completely at random.
    ///
    /// w_p is the effect of the pupil's feeder primary when `spec.feederPrimaries` is set.
    /// When `spec.ks2` is set, a KS2 cohort in primary schools follows from its own streams
    /// (see `makeKS2`), leaving every KS4 value as it is without it.
    ///
    /// - Throws: `CohortSpecificationError` if the specification is invalid.
    public static func generate(
        _ spec: NationalCohortSpecification
    ) throws(CohortSpecificationError) -> SyntheticCohort {
        try generate(spec, panelYear: nil)
    }

    /// One year of a multi-cohort panel (`SyntheticPanel`): the pupils' stream and first
    /// identifier, each school's support category in the year, and each school's true support
    /// effect in the year, which replaces the category effects of the coefficients.
    struct PanelYear: Sendable {
        var pupilStreamLabel: UInt64
        var firstPupil: Int
        var support: [Int: SupportCategory]
        /// Added to the linear predictors of the capped score, 5A*–C and total absence.
        var effects: [Int: (capped: Double, fiveACEM: Double, absence: Double)]
    }

    /// `generate(_:)`, or with `panelYear` one year of a panel; without it the draws are the
    /// single cohort's, unchanged.
    static func generate(
        _ spec: NationalCohortSpecification, panelYear: PanelYear?
    ) throws(CohortSpecificationError) -> SyntheticCohort {
        try spec.validate()
        let las = makeLocalAuthorities(spec)
        let built = makeSchools(
            spec, localAuthorities: las.records, sizeWeights: las.sizeWeights, fsmShifts: las.fsmShifts
        )
        var cohort = SyntheticCohort(specification: spec, localAuthorities: las.records, schools: built.records)
        let laEffects = Dictionary(las.records.map { ($0.code, $0.effects) }, uniquingKeysWith: { first, _ in first })
        cohort.reserve(spec.pupils)
        let feeders = spec.feederPrimaries.map { makeFeederPrimaries(spec, $0, schools: built.records) }
        if let feeders {
            cohort.feederPrimaries = feeders.primaries
            cohort.ks2School.reserveCapacity(spec.pupils)
        }

        let movers = spec.movers.map { makeMovers(spec, $0, schools: built.records) }
        let schoolIndexOf = Dictionary(built.records.enumerated().map { ($1.urn, $0) }, uniquingKeysWith: { first, _ in first })
        if movers != nil { cohort.secondSchool.reserveCapacity(spec.pupils) }

        var rng = SeededGenerator.stream(seed: spec.seed, label: panelYear?.pupilStreamLabel ?? StreamLabel.pupils.rawValue)
        let rhoPupil = spec.attainmentResidualCorrelation
        let pupilComplement = (1 - rhoPupil * rhoPupil).squareRoot()
        let rhoAbsence = spec.absenceAttainmentCorrelation
        let bands = PupilAttendance.SessionBands(modal: spec.modalSessionsPossible)
        var nextPupil = panelYear?.firstPupil ?? 1

        for (schoolIndex, school) in built.records.enumerated() {
            let laEffect = laEffects[school.la] ?? TrueRandomEffects(capped: 0, fiveACEM: 0, absence: 0, unauthorisedShare: 0)
            let ethnicCumulative = built.ethnicCumulative[schoolIndex]
            let fsmOffset = built.fsmLogitOffsets[schoolIndex]
            var cappedShift = laEffect.capped + school.effects.capped
            var fiveShift = laEffect.fiveACEM + school.effects.fiveACEM
            var absenceShift = laEffect.absence + school.effects.absence
            // In a panel year the category effects give way to the year's event-time effect.
            var effectCategory = school.support
            var recordedCategory = school.support
            if let panelYear {
                effectCategory = .none
                recordedCategory = panelYear.support[school.urn] ?? .none
                if let effect = panelYear.effects[school.urn] {
                    cappedShift += effect.capped
                    fiveShift += effect.fiveACEM
                    absenceShift += effect.absence
                }
            }
            let unauthorisedShift = laEffect.unauthorisedShare + school.effects.unauthorisedShare

            for _ in 0..<school.cohortSize {
                let pupil = PupilCharacteristics.draw(
                    using: &rng, fsmRate: school.fsmRate, ethnicCumulative: ethnicCumulative,
                    schoolFSMLogitOffset: fsmOffset, prior: .ks2)
                let (gender, ethnic, isEAL, isFSM) = (pupil.gender, pupil.ethnic, pupil.isEAL, pupil.isFSM)
                let (senProvision, idaci, ks2) = (pupil.sen, pupil.idaci, pupil.prior)

                let ks2Missing = rng.bernoulli(spec.missingKS2Rate)
                let idaciMissing = rng.bernoulli(spec.missingIDACIRate)

                func eta(_ coefficients: OutcomeCoefficients) -> Double {
                    coefficients.linearPredictor(
                        ks2APS: ks2, fsm: isFSM, eal: isEAL, sen: senProvision, gender: gender,
                        ethnic: ethnic, idaci: idaci, support: effectCategory
                    )
                }

                let zAttainment = rng.standardNormal()
                var primaryShift = 0.0
                if let feeders {
                    let primary = feeders.primaries[Int(feeders.pupilPrimary[nextPupil - 1])]
                    primaryShift = primary.cappedEffect
                    cohort.ks2School.append(primary.urn)
                }
                // A mover takes the two schools' effects weighted by time (MoverSpecification).
                var moveShift = (capped: 0.0, fiveACEM: 0.0, absence: 0.0, unauthorisedShare: 0.0)
                if let movers {
                    let move = movers[nextPupil - (panelYear?.firstPupil ?? 1)]
                    if let move, let other = schoolIndexOf[move.school] {
                        let (mine, theirs) = (school.effects, built.records[other].effects)
                        moveShift = (move.fraction * (theirs.capped - mine.capped),
                                     move.fraction * (theirs.fiveACEM - mine.fiveACEM),
                                     move.fraction * (theirs.absence - mine.absence),
                                     move.fraction * (theirs.unauthorisedShare - mine.unauthorisedShare))
                    }
                    cohort.secondSchool.append(move.map { SchoolMove(urn: $0.school, fraction: $0.fraction) })
                }
                var capped = eta(spec.capped.coefficients) + cappedShift + moveShift.capped + primaryShift
                    + spec.capped.residualSD * zAttainment
                capped = roundedToOneDecimal(min(max(capped, 0), 464))

                let w = rhoPupil * zAttainment + pupilComplement * rng.standardNormal()
                let uniformFromW = 0.5 * erfc(w / 2.0.squareRoot())
                let fiveACEM = uniformFromW < inverseLogit(eta(spec.fiveACEM.coefficients) + fiveShift + moveShift.fiveACEM)

                let attendance = PupilAttendance.draw(
                    using: &rng, bands: bands,
                    absenceLinearPredictor: eta(spec.absence.coefficients) + absenceShift + moveShift.absence,
                    absenceOverdispersionSD: spec.absence.overdispersionSD,
                    shareLinearPredictor: eta(spec.unauthorisedShare.coefficients) + unauthorisedShift + moveShift.unauthorisedShare,
                    shareOverdispersionSD: spec.unauthorisedShare.overdispersionSD,
                    attainmentResidual: zAttainment, correlation: rhoAbsence)
                let (possible, absent, unauthorised) = (attendance.possible, attendance.absent, attendance.unauthorised)
                cohort.impliedUnauthorisedEffect.add(
                    sessions: possible, absenceProbability: attendance.absenceProbability,
                    unauthorisedShare: attendance.unauthorisedShare)

                cohort.pupil.append(nextPupil)
                nextPupil += 1
                cohort.school.append(school.urn)
                cohort.la.append(school.la)
                cohort.area.append(school.area)
                cohort.support.append(recordedCategory)
                cohort.gender.append(gender)
                cohort.fsm.append(isFSM)
                cohort.eal.append(isEAL)
                cohort.sen.append(senProvision)
                cohort.ethnic.append(ethnic)
                cohort.idaci.append(idaciMissing ? nil : idaci)
                cohort.ks2APS.append(ks2Missing ? nil : ks2)
                cohort.ks4Capped.append(capped)
                cohort.ks4FiveACEM.append(fiveACEM)
                cohort.sessionsPossible.append(possible)
                cohort.sessionsAbsent.append(absent)
                cohort.sessionsUnauthorised.append(unauthorised)
            }
        }
        if let ks2 = spec.ks2 {
            cohort.ks2 = makeKS2(
                spec, ks2, localAuthorities: las.records, sizeWeights: las.sizeWeights,
                fsmShifts: las.fsmShifts, firstPupil: nextPupil)
        }
        return cohort
    }

    private mutating func reserve(_ n: Int) {
        pupil.reserveCapacity(n); school.reserveCapacity(n); la.reserveCapacity(n)
        area.reserveCapacity(n); support.reserveCapacity(n); gender.reserveCapacity(n)
        fsm.reserveCapacity(n); eal.reserveCapacity(n); sen.reserveCapacity(n)
        ethnic.reserveCapacity(n); idaci.reserveCapacity(n); ks2APS.reserveCapacity(n)
        ks4Capped.reserveCapacity(n); ks4FiveACEM.reserveCapacity(n)
        sessionsPossible.reserveCapacity(n); sessionsAbsent.reserveCapacity(n)
        sessionsUnauthorised.reserveCapacity(n)
    }
}
