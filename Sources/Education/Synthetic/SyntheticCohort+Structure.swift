import Foundation
import ProbabilityDistributions

/// Local authorities and schools: the upper two levels of a synthetic cohort.
extension SyntheticCohort {
    /// Random sub-stream labels, so each level draws from its own stream.
    enum StreamLabel: UInt64 {
        case localAuthorities = 1
        case schoolAllocation = 2
        case schools = 3
        case pupils = 4
        case supportRecords = 5
        case ks2LocalAuthorities = 6
        case ks2SchoolAllocation = 7
        case ks2Schools = 8
        case ks2Pupils = 9
        case ks2SupportRecords = 10
        case feederPrimaries = 11
        case movers = 12
    }

    /// How many LAs fall in each area. For at least four LAs the national shares (33, 4 and 10
    /// of 160) are scaled and rounded, each City Challenge area keeping at least one LA and
    /// `elsewhere` the rest (at least one); with fewer LAs the areas are filled in the order
    /// elsewhere, London, Greater Manchester.
    static func areaCounts(localAuthorities total: Int) -> [(CohortArea, Int)] {
        guard total >= 4 else {
            let order: [CohortArea] = [.elsewhere, .london, .greaterManchester]
            return order.prefix(total).map { ($0, 1) }
        }
        var counts: [(CohortArea, Int)] = CohortComposition.nationalLACounts.map { area, national in
            let scaled = (Double(total) * Double(national) / Double(CohortComposition.nationalLATotal)).rounded()
            return (area, max(1, Int(scaled)))
        }
        var elsewhere = total - counts.reduce(0) { $0 + $1.1 }
        while elsewhere < 1, let largest = counts.indices.max(by: { counts[$0].1 < counts[$1].1 }),
              counts[largest].1 > 1 {
            counts[largest].1 -= 1
            elsewhere += 1
        }
        return counts + [(.elsewhere, elsewhere)]
    }

    /// Draws the local authorities: area, code, true random effects, size weight and FSM shift.
    static func makeLocalAuthorities(
        _ spec: NationalCohortSpecification
    ) -> (records: [SyntheticLocalAuthority], sizeWeights: [Double], fsmShifts: [Double]) {
        var rng = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.localAuthorities.rawValue)
        let counts = areaCounts(localAuthorities: spec.localAuthorities)
        let elsewhereCount = counts.first { $0.0 == .elsewhere }?.1 ?? 0
        var nextSyntheticCode = max(1_001, 801 + elsewhereCount)
        var areasAndCodes: [(CohortArea, Int)] = []
        for (area, count) in counts {
            let real = CohortComposition.realCodes[area] ?? []
            for index in 0..<count {
                if area == .elsewhere {
                    areasAndCodes.append((area, 801 + index))
                } else if index < real.count {
                    areasAndCodes.append((area, real[index]))
                } else {
                    areasAndCodes.append((area, nextSyntheticCode))
                    nextSyntheticCode += 1
                }
            }
        }
        areasAndCodes.sort { $0.1 < $1.1 }

        let rhoA = spec.attainmentEffectCorrelation
        let complement = (1 - rhoA * rhoA).squareRoot()
        let sizeSD = CohortComposition.laSizeLogSD
        var records: [SyntheticLocalAuthority] = []
        var sizeWeights: [Double] = []
        var fsmShifts: [Double] = []
        records.reserveCapacity(areasAndCodes.count)
        for (area, code) in areasAndCodes {
            let z1 = rng.standardNormal(), z2 = rng.standardNormal()
            let z3 = rng.standardNormal(), z4 = rng.standardNormal()
            let z5 = rng.standardNormal(), z6 = rng.standardNormal()
            let effects = TrueRandomEffects(
                capped: spec.capped.laSD * z1,
                fiveACEM: spec.fiveACEM.laSD * (rhoA * z1 + complement * z2),
                absence: spec.absence.laSD * z3,
                unauthorisedShare: spec.unauthorisedShare.laSD * z4
            )
            records.append(SyntheticLocalAuthority(code: code, area: area, effects: effects))
            sizeWeights.append(CohortComposition.laSizeWeight(area) * exp(sizeSD * z5 - sizeSD * sizeSD / 2))
            fsmShifts.append(CohortComposition.fsmLALogitSD * z6)
        }
        return (records, sizeWeights, fsmShifts)
    }

    /// Number of schools in each LA: one each, the rest drawn in proportion to the LA weights.
    static func schoolsPerLA(_ spec: NationalCohortSpecification, sizeWeights: [Double]) -> [Int] {
        var rng = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.schoolAllocation.rawValue)
        return allocate(spec.schools, sizeWeights: sizeWeights, using: &rng)
    }

    /// Spreads `total` schools over LAs: one each, the rest drawn one at a time in proportion
    /// to the LA weights.
    static func allocate(_ total: Int, sizeWeights: [Double], using rng: inout SeededGenerator) -> [Int] {
        var counts = [Int](repeating: 1, count: sizeWeights.count)
        var cumulative: [Double] = []
        cumulative.reserveCapacity(sizeWeights.count)
        var running = 0.0
        for weight in sizeWeights {
            running += weight
            cumulative.append(running)
        }
        guard running > 0, !counts.isEmpty else { return counts }
        for _ in 0..<max(total - sizeWeights.count, 0) {
            let target = rng.uniform() * running
            var low = 0, high = cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] > target { high = mid } else { low = mid + 1 }
            }
            counts[low] += 1
        }
        return counts
    }

    /// Splits `total` units over `weights` (each part gets at least one unit) by the largest-
    /// remainder method, which is exact and deterministic.
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let extra = total - weights.count
        let weightSum = weights.reduce(0, +)
        guard extra > 0, weightSum > 0 else { return [Int](repeating: 1, count: weights.count) }
        var parts = [Int](repeating: 1, count: weights.count)
        var remainders: [(Double, Int)] = []
        remainders.reserveCapacity(weights.count)
        var assigned = 0
        for (index, weight) in weights.enumerated() {
            let exact = Double(extra) * weight / weightSum
            let whole = Int(exact.rounded(.down))
            parts[index] += whole
            assigned += whole
            remainders.append((exact - Double(whole), index))
        }
        remainders.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        var left = extra - assigned
        var cursor = 0
        while left > 0 && !remainders.isEmpty {
            parts[remainders[cursor % remainders.count].1] += 1
            left -= 1
            cursor += 1
        }
        return parts
    }

    /// Draws the schools: LA, FSM rate, support category, ethnic mix, cohort size and true
    /// random effects. Returns the records and, per school, the cumulative ethnic-group
    /// probabilities and the FSM logit relative to the national rate.
    static func makeSchools(
        _ spec: NationalCohortSpecification,
        localAuthorities: [SyntheticLocalAuthority],
        sizeWeights: [Double],
        fsmShifts: [Double]
    ) -> (records: [SyntheticSchool], ethnicCumulative: [[Double]], fsmLogitOffsets: [Double]) {
        let perLA = schoolsPerLA(spec, sizeWeights: sizeWeights)
        var rng = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.schools.rawValue)
        let rhoA = spec.attainmentEffectCorrelation
        let complement = (1 - rhoA * rhoA).squareRoot()
        let nationalLogit = logit(CohortComposition.nationalFSMRate)
        let ethnicSD = CohortComposition.ethnicSchoolLogSD

        var records: [SyntheticSchool] = []
        var ethnicCumulative: [[Double]] = []
        var fsmLogitOffsets: [Double] = []
        var sizeWeightsBySchool: [Double] = []
        records.reserveCapacity(spec.schools)
        for (laIndex, la) in localAuthorities.enumerated() {
            let areaLogit = logit(CohortComposition.fsmRate(la.area))
            let rates = CohortComposition.supportRates(la.area)
            let mix = CohortComposition.ethnicMix(la.area)
            for _ in 0..<perLA[laIndex] {
                let zFSM = rng.standardNormal()
                let fsmLogit = areaLogit + fsmShifts[laIndex] + CohortComposition.fsmSchoolLogitSD * zFSM
                let tilt = fsmLogit - areaLogit

                var receiving = rates.receiving * exp(CohortComposition.receivingFSMTilt * tilt)
                var providing = rates.providing * exp(CohortComposition.providingFSMTilt * tilt)
                var ts = rates.ts
                let supported = receiving + providing + ts
                if supported > 0.95 {
                    receiving *= 0.95 / supported
                    providing *= 0.95 / supported
                    ts *= 0.95 / supported
                }
                let u = rng.uniform()
                let support: SupportCategory =
                    u < receiving ? .receiving
                    : u < receiving + providing ? .providing
                    : u < receiving + providing + ts ? .tsProgramme
                    : .none

                let multiplier = exp(ethnicSD * rng.standardNormal() - ethnicSD * ethnicSD / 2)
                var minority = mix.dropFirst().map { $0 * multiplier }
                let minorityTotal = minority.reduce(0, +)
                if minorityTotal > CohortComposition.maximumMinorityShare {
                    minority = minority.map { $0 * CohortComposition.maximumMinorityShare / minorityTotal }
                }
                var cumulative: [Double] = [1 - minority.reduce(0, +)]
                for share in minority { cumulative.append((cumulative.last ?? 0) + share) }
                cumulative[cumulative.count - 1] = 1

                let sizeSD = CohortComposition.cohortSizeLogSD
                sizeWeightsBySchool.append(exp(sizeSD * rng.standardNormal()))

                let z1 = rng.standardNormal(), z2 = rng.standardNormal()
                let z3 = rng.standardNormal(), z4 = rng.standardNormal()
                let effects = TrueRandomEffects(
                    capped: spec.capped.schoolSD * z1,
                    fiveACEM: spec.fiveACEM.schoolSD * (rhoA * z1 + complement * z2),
                    absence: spec.absence.schoolSD * z3,
                    unauthorisedShare: spec.unauthorisedShare.schoolSD * z4
                )
                records.append(SyntheticSchool(
                    urn: 100_001 + records.count, la: la.code, area: la.area,
                    fsmRate: inverseLogit(fsmLogit), support: support, cohortSize: 0, effects: effects
                ))
                ethnicCumulative.append(cumulative)
                fsmLogitOffsets.append(fsmLogit - nationalLogit)
            }
        }
        let sizes = apportion(spec.pupils, weights: sizeWeightsBySchool)
        for index in records.indices { records[index].cohortSize = sizes[index] }
        return (records, ethnicCumulative, fsmLogitOffsets)
    }
}
