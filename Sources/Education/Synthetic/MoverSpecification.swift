import ProbabilityDistributions

/// KS4 pupils who moved secondary school during the year, for multiple-membership models of
/// the KS4 outcomes (Browne, Goldstein & Rasbash 2001). A share `share` of pupils, in local
/// authorities with at least two secondaries, spent a fraction f of the year in a second
/// secondary of the same LA, drawn uniformly from the LA's other secondaries, with f uniform
/// on [`minimumFraction`, `maximumFraction`] rounded to two decimals (so the written fraction
/// is the one used). Each of the mover's outcomes then takes the two schools' true effects
/// weighted by time:
///
///     ks4_capped_i = η + v_k + (1 − f)·u_j + f·u_j2 [+ w_p] + σ_e·z_i
///
/// and likewise for 5A*–C and absence; the support category (and its effect) is the main
/// school's, the row's `urn`. The pupil file gains `school2_urn` and `school2_fraction` (empty
/// for pupils who did not move). Movers are drawn from a stream of their own, so every pupil
/// who did not move has the same values with or without them.
public struct MoverSpecification: Sendable, Equatable, Codable {
    /// Share of KS4 pupils who moved school in the year. Default 0.10 **[illustrative]**.
    public var share: Double = 0.10
    /// Smallest fraction of the year in the second school. Default 0.1.
    public var minimumFraction: Double = 0.1
    /// Largest fraction of the year in the second school. Default 0.9.
    public var maximumFraction: Double = 0.9

    public init(share: Double = 0.10, minimumFraction: Double = 0.1, maximumFraction: Double = 0.9) {
        self.share = share
        self.minimumFraction = minimumFraction
        self.maximumFraction = maximumFraction
    }

    func validate() throws(CohortSpecificationError) {
        for (name, value) in [("movers.share", share), ("movers.minimumFraction", minimumFraction),
                              ("movers.maximumFraction", maximumFraction)] {
            guard value.isFinite else { throw .nonFiniteParameter(name: name) }
        }
        guard share >= 0 && share < 1 else { throw .probabilityOutOfRange(name: "movers.share", value: share) }
        guard minimumFraction >= 0.01 && minimumFraction <= 0.99 else {
            throw .probabilityOutOfRange(name: "movers.minimumFraction", value: minimumFraction)
        }
        guard maximumFraction >= minimumFraction && maximumFraction <= 0.99 else {
            throw .probabilityOutOfRange(name: "movers.maximumFraction", value: maximumFraction)
        }
    }
}

extension SyntheticCohort {
    /// Each pupil's second school and fraction of the year there (nil for a pupil who did not
    /// move), in the order the pupils are generated.
    static func makeMovers(
        _ spec: NationalCohortSpecification, _ movers: MoverSpecification, schools: [SyntheticSchool]
    ) -> [(school: Int, fraction: Double)?] {
        var rng = SeededGenerator.stream(seed: spec.seed, label: StreamLabel.movers.rawValue)
        // Schools are ordered by LA, so an LA's secondaries are a contiguous run of indices.
        var runs: [Range<Int>] = []
        var start = 0
        for index in schools.indices where index + 1 == schools.count || schools[index + 1].la != schools[index].la {
            runs.append(start..<(index + 1))
            start = index + 1
        }
        var out: [(school: Int, fraction: Double)?] = []
        out.reserveCapacity(spec.pupils)
        for run in runs {
            for index in run {
                for _ in 0..<schools[index].cohortSize {
                    guard run.count > 1, rng.bernoulli(movers.share) else { out.append(nil); continue }
                    var other = run.lowerBound + rng.uniformInt(below: run.count - 1)
                    if other >= index { other += 1 }
                    let raw = movers.minimumFraction + (movers.maximumFraction - movers.minimumFraction) * rng.uniform()
                    let fraction = min(max((raw * 100).rounded() / 100, 0.01), 0.99)
                    out.append((schools[other].urn, fraction))
                }
            }
        }
        return out
    }
}
