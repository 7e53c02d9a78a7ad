import ProbabilityDistributions
/// The feeder primary schools of a KS4 cohort and each pupil's primary (see
/// `FeederPrimarySpecification`), drawn from a stream of their own so that every other column
/// is the same with or without them.
extension SyntheticCohort {
    struct FeederAssignment {
        var primaries: [SyntheticFeederPrimary]
        /// Index into `primaries` of each pupil, in the order the pupils are generated.
        var pupilPrimary: [Int32]
    }

    static func makeFeederPrimaries(
        _ spec: NationalCohortSpecification, _ feeders: FeederPrimarySpecification, schools: [SyntheticSchool]
    ) -> FeederAssignment {
        var rng = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.feederPrimaries.rawValue)
        let counts = apportion(feeders.primaries, weights: schools.map { Double($0.cohortSize) })
        var primaries: [SyntheticFeederPrimary] = []
        primaries.reserveCapacity(feeders.primaries)
        var firstOf: [Int] = []
        firstOf.reserveCapacity(schools.count + 1)
        for (school, count) in zip(schools, counts) {
            firstOf.append(primaries.count)
            for _ in 0..<count {
                primaries.append(SyntheticFeederPrimary(
                    urn: FeederPrimarySpecification.firstURN + primaries.count, la: school.la,
                    secondary: school.urn, cappedEffect: feeders.cappedSD * rng.standardNormal()))
            }
        }
        firstOf.append(primaries.count)
        // Schools are ordered by LA, so an LA's secondaries are a contiguous run of indices.
        var laStart = [Int](repeating: 0, count: schools.count)
        var laEnd = [Int](repeating: 0, count: schools.count)
        var start = 0
        for index in schools.indices where index + 1 == schools.count || schools[index + 1].la != schools[index].la {
            for s in start...index { laStart[s] = start; laEnd[s] = index + 1 }
            start = index + 1
        }
        // Each primary also sends pupils to one neighbouring secondary of its LA, one place
        // away in URN order (wrapping round), so a primary feeds at most two secondaries.
        var secondFeeders = [[Int32]](repeating: [], count: schools.count)
        for index in schools.indices where laEnd[index] - laStart[index] > 1 {
            let run = laEnd[index] - laStart[index]
            for primary in firstOf[index]..<firstOf[index + 1] {
                let offset = rng.bernoulli(0.5) ? 1 : run - 1
                let neighbour = laStart[index] + (index - laStart[index] + offset) % run
                secondFeeders[neighbour].append(Int32(primary))
            }
        }
        var pupilPrimary: [Int32] = []
        pupilPrimary.reserveCapacity(spec.pupils)
        for (index, school) in schools.enumerated() {
            let others = secondFeeders[index]
            let own = firstOf[index + 1] - firstOf[index]
            for _ in 0..<school.cohortSize {
                if !others.isEmpty && rng.bernoulli(feeders.outsideFeederRate) {
                    pupilPrimary.append(others[rng.uniformInt(below: others.count)])
                } else {
                    pupilPrimary.append(Int32(firstOf[index] + rng.uniformInt(below: own)))
                }
            }
        }
        return FeederAssignment(primaries: primaries, pupilPrimary: pupilPrimary)
    }
}
