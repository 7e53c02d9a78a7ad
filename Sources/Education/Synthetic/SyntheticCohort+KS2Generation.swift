import Foundation
import ProbabilityDistributions

extension SyntheticCohort {
    /// Generates the KS2 cohort of `spec.ks2` in primary schools of the cohort's local
    /// authorities. Every draw comes from the KS2 streams (`StreamLabel.ks2…`), so the KS4
    /// cohort is unchanged by it.
    ///
    /// For pupil i in primary school j in LA k:
    ///
    ///     gender, ethnic, eal, fsm, sen, idaci as for KS4 (school mix and FSM rate)
    ///     ks1_aps = 16.8 − 1.8·fsm − 1.0·eal + sen shift − 2·idaci − 0.6·f_j + N(0, 3.2²)
    ///     ks2_aps = η_2 + v_k + u_j + σ_e·z_i                         (clamped to [3, 39])
    ///     ks2_english_points, ks2_maths_points = ks2_aps ± δ_i,  δ_i ~ N(0, subjectSD²)
    ///     ks2_level4_em = both subjects at 24 fine points or more
    ///     sessions_absent ~ Binomial(sessions_possible, logit⁻¹(η_a + v'_k + u'_j + d_i))
    ///     sessions_unauthorised ~ Binomial(sessions_absent, logit⁻¹(η_u + … + d'_i))
    ///
    /// with η from `OutcomeCoefficients.linearPredictor`, the prior-attainment coefficient
    /// applied to the true KS1 APS, and d_i = σ_d·(ρ_a·z_i + √(1−ρ_a²)·z'_i) as for KS4.
    static func makeKS2(
        _ spec: NationalCohortSpecification,
        _ ks2: KS2CohortSpecification,
        localAuthorities: [SyntheticLocalAuthority],
        sizeWeights: [Double],
        fsmShifts: [Double],
        firstPupil: Int
    ) -> SyntheticKS2Cohort {
        // LA random intercepts of the KS2 models.
        var laRNG = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.ks2LocalAuthorities.rawValue)
        var laEffects: [KS2RandomEffects] = []
        laEffects.reserveCapacity(localAuthorities.count)
        for _ in localAuthorities {
            let z1 = laRNG.standardNormal(), z2 = laRNG.standardNormal(), z3 = laRNG.standardNormal()
            laEffects.append(KS2RandomEffects(
                attainment: ks2.attainment.laSD * z1, absence: ks2.absence.laSD * z2,
                unauthorisedShare: ks2.unauthorisedShare.laSD * z3))
        }

        let schools = makePrimarySchools(
            spec, ks2, localAuthorities: localAuthorities, sizeWeights: sizeWeights, fsmShifts: fsmShifts)
        var cohort = SyntheticKS2Cohort(specification: ks2, schools: schools.records, localAuthorityEffects: laEffects)
        cohort.reserve(ks2.pupils)
        var laEffectByCode: [Int: KS2RandomEffects] = [:]
        for (la, effects) in zip(localAuthorities, laEffects) { laEffectByCode[la.code] = effects }

        var rng = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.ks2Pupils.rawValue)
        let rhoAbsence = spec.absenceAttainmentCorrelation
        let bands = PupilAttendance.SessionBands(modal: spec.modalSessionsPossible)
        let ks2Low = Int((CohortComposition.ks2FinePointsRange.lowerBound * 10).rounded())
        let ks2High = Int((CohortComposition.ks2FinePointsRange.upperBound * 10).rounded())
        let level4 = SyntheticKS2Cohort.level4FinePoints
        var nextPupil = firstPupil

        for (schoolIndex, school) in schools.records.enumerated() {
            let laEffect = laEffectByCode[school.la] ?? KS2RandomEffects(attainment: 0, absence: 0, unauthorisedShare: 0)
            let ethnicCumulative = schools.ethnicCumulative[schoolIndex]
            let fsmOffset = schools.fsmLogitOffsets[schoolIndex]
            let attainmentShift = laEffect.attainment + school.effects.attainment
            let absenceShift = laEffect.absence + school.effects.absence
            let unauthorisedShift = laEffect.unauthorisedShare + school.effects.unauthorisedShare

            for _ in 0..<school.cohortSize {
                let pupil = PupilCharacteristics.draw(
                    using: &rng, fsmRate: school.fsmRate, ethnicCumulative: ethnicCumulative,
                    schoolFSMLogitOffset: fsmOffset, prior: .ks1)
                let (gender, ethnic, isEAL, isFSM) = (pupil.gender, pupil.ethnic, pupil.isEAL, pupil.isFSM)
                let (senProvision, idaci, ks1) = (pupil.sen, pupil.idaci, pupil.prior)

                let ks1Missing = rng.bernoulli(ks2.missingKS1Rate)
                let idaciMissing = rng.bernoulli(spec.missingIDACIRate)

                func eta(_ coefficients: OutcomeCoefficients) -> Double {
                    coefficients.linearPredictor(
                        ks2APS: ks1, fsm: isFSM, eal: isEAL, sen: senProvision, gender: gender,
                        ethnic: ethnic, idaci: idaci, support: school.support
                    )
                }

                let zAttainment = rng.standardNormal()
                let aps = eta(ks2.attainment.coefficients) + attainmentShift + ks2.attainment.residualSD * zAttainment
                // Tenths of a point, so that English and maths average exactly to the APS.
                // Clamped before conversion to Int: finite but extreme parameters (a coefficient
                // or SD of 1e308) give an infinite score, which no Int holds.
                let aps10 = Self.clampedTenths(aps, ks2Low...ks2High)
                let spread = min(aps10 - ks2Low, ks2High - aps10)
                let delta10 = Self.clampedTenths(ks2.subjectSD * rng.standardNormal(), -spread...spread)
                let english = Double(aps10 + delta10) / 10
                let maths = Double(aps10 - delta10) / 10

                let attendance = PupilAttendance.draw(
                    using: &rng, bands: bands,
                    absenceLinearPredictor: eta(ks2.absence.coefficients) + absenceShift,
                    absenceOverdispersionSD: ks2.absence.overdispersionSD,
                    shareLinearPredictor: eta(ks2.unauthorisedShare.coefficients) + unauthorisedShift,
                    shareOverdispersionSD: ks2.unauthorisedShare.overdispersionSD,
                    attainmentResidual: zAttainment, correlation: rhoAbsence)
                let (possible, absent, unauthorised) = (attendance.possible, attendance.absent, attendance.unauthorised)

                cohort.pupil.append(nextPupil)
                nextPupil += 1
                cohort.school.append(school.urn)
                cohort.la.append(school.la)
                cohort.area.append(school.area)
                cohort.support.append(school.support)
                cohort.gender.append(gender)
                cohort.fsm.append(isFSM)
                cohort.eal.append(isEAL)
                cohort.sen.append(senProvision)
                cohort.ethnic.append(ethnic)
                cohort.idaci.append(idaciMissing ? nil : idaci)
                cohort.ks1APS.append(ks1Missing ? nil : ks1)
                cohort.ks2APS.append(Double(aps10) / 10)
                cohort.ks2English.append(english)
                cohort.ks2Maths.append(maths)
                cohort.ks2Level4EnglishAndMaths.append(english >= level4 && maths >= level4)
                cohort.sessionsPossible.append(possible)
                cohort.sessionsAbsent.append(absent)
                cohort.sessionsUnauthorised.append(unauthorised)
            }
        }
        return cohort
    }

    /// Draws the primary schools: LA, FSM rate, support category, ethnic mix, cohort size and
    /// true random effects, as for secondaries but from the KS2 streams. URNs run from
    /// `KS2CohortSpecification.firstURN(secondarySchools:)` upwards.
    /// `value` in tenths, rounded and clamped to `range` in floating point, so that an infinite
    /// value gives the nearer end. NaN (only from two infinite terms cancelling) gives the
    /// range's middle, the score of a pupil with no information.
    static func clampedTenths(_ value: Double, _ range: ClosedRange<Int>) -> Int {
        let tenths = (value * 10).rounded()
        guard !tenths.isNaN else { return range.lowerBound + (range.upperBound - range.lowerBound) / 2 }
        return Int(min(max(tenths, Double(range.lowerBound)), Double(range.upperBound)))
    }

    static func makePrimarySchools(
        _ spec: NationalCohortSpecification,
        _ ks2: KS2CohortSpecification,
        localAuthorities: [SyntheticLocalAuthority],
        sizeWeights: [Double],
        fsmShifts: [Double]
    ) -> (records: [SyntheticPrimarySchool], ethnicCumulative: [[Double]], fsmLogitOffsets: [Double]) {
        var allocation = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.ks2SchoolAllocation.rawValue)
        let perLA = allocate(ks2.schools, sizeWeights: sizeWeights, using: &allocation)
        var rng = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.ks2Schools.rawValue)
        let nationalLogit = logit(CohortComposition.nationalFSMRate)
        let ethnicSD = CohortComposition.ethnicSchoolLogSD
        let firstURN = KS2CohortSpecification.firstURN(secondarySchools: spec.schools)

        var records: [SyntheticPrimarySchool] = []
        var ethnicCumulative: [[Double]] = []
        var fsmLogitOffsets: [Double] = []
        var sizeWeightsBySchool: [Double] = []
        records.reserveCapacity(ks2.schools)
        for (laIndex, la) in localAuthorities.enumerated() {
            let areaLogit = logit(CohortComposition.fsmRate(la.area))
            let rates = CohortComposition.supportRates(la.area)
            let mix = CohortComposition.ethnicMix(la.area)
            for _ in 0..<perLA[laIndex] {
                let fsmLogit = areaLogit + fsmShifts[laIndex]
                    + CohortComposition.primaryFSMSchoolLogitSD * rng.standardNormal()
                let support = drawSupport(rates: rates, fsmTilt: fsmLogit - areaLogit, uniform: rng.uniform())
                let cumulative = ethnicCumulativeShares(
                    mix: mix, multiplier: exp(ethnicSD * rng.standardNormal() - ethnicSD * ethnicSD / 2))
                let sizeSD = CohortComposition.primaryCohortSizeLogSD
                sizeWeightsBySchool.append(exp(sizeSD * rng.standardNormal()))
                let z1 = rng.standardNormal(), z2 = rng.standardNormal(), z3 = rng.standardNormal()
                let effects = KS2RandomEffects(
                    attainment: ks2.attainment.schoolSD * z1, absence: ks2.absence.schoolSD * z2,
                    unauthorisedShare: ks2.unauthorisedShare.schoolSD * z3)
                records.append(SyntheticPrimarySchool(
                    urn: firstURN + records.count, la: la.code, area: la.area,
                    fsmRate: inverseLogit(fsmLogit), support: support, cohortSize: 0, effects: effects))
                ethnicCumulative.append(cumulative)
                fsmLogitOffsets.append(fsmLogit - nationalLogit)
            }
        }
        let sizes = apportion(ks2.pupils, weights: sizeWeightsBySchool)
        for index in records.indices { records[index].cohortSize = sizes[index] }
        return (records, ethnicCumulative, fsmLogitOffsets)
    }

    /// A school's support category from its area's rates, tilted by its FSM logit relative to
    /// the area's, and one uniform draw (as for secondaries).
    static func drawSupport(
        rates: (receiving: Double, providing: Double, ts: Double), fsmTilt tilt: Double, uniform u: Double
    ) -> SupportCategory {
        var receiving = rates.receiving * exp(CohortComposition.receivingFSMTilt * tilt)
        var providing = rates.providing * exp(CohortComposition.providingFSMTilt * tilt)
        var ts = rates.ts
        let supported = receiving + providing + ts
        if supported > 0.95 {
            receiving *= 0.95 / supported
            providing *= 0.95 / supported
            ts *= 0.95 / supported
        }
        return u < receiving ? .receiving
            : u < receiving + providing ? .providing
            : u < receiving + providing + ts ? .tsProgramme
            : .none
    }

    /// Cumulative ethnic-group probabilities for a school whose minority shares are its area's
    /// times `multiplier`, the minority total capped at `CohortComposition.maximumMinorityShare`.
    static func ethnicCumulativeShares(mix: [Double], multiplier: Double) -> [Double] {
        var minority = mix.dropFirst().map { $0 * multiplier }
        let minorityTotal = minority.reduce(0, +)
        if minorityTotal > CohortComposition.maximumMinorityShare {
            minority = minority.map { $0 * CohortComposition.maximumMinorityShare / minorityTotal }
        }
        var cumulative: [Double] = [1 - minority.reduce(0, +)]
        for share in minority { cumulative.append((cumulative.last ?? 0) + share) }
        cumulative[cumulative.count - 1] = 1
        return cumulative
    }
}

extension SyntheticKS2Cohort {
    mutating func reserve(_ n: Int) {
        pupil.reserveCapacity(n); school.reserveCapacity(n); la.reserveCapacity(n)
        area.reserveCapacity(n); support.reserveCapacity(n); gender.reserveCapacity(n)
        fsm.reserveCapacity(n); eal.reserveCapacity(n); sen.reserveCapacity(n)
        ethnic.reserveCapacity(n); idaci.reserveCapacity(n); ks1APS.reserveCapacity(n)
        ks2APS.reserveCapacity(n); ks2English.reserveCapacity(n); ks2Maths.reserveCapacity(n)
        ks2Level4EnglishAndMaths.reserveCapacity(n)
        sessionsPossible.reserveCapacity(n); sessionsAbsent.reserveCapacity(n)
        sessionsUnauthorised.reserveCapacity(n)
    }
}
