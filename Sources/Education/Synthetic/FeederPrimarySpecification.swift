/// The primary schools a synthetic KS4 cohort attended at KS2, for cross-classified models of
/// the KS4 capped score by primary and secondary school (Goldstein 1994; Leckie 2009):
///
///     ks4_capped_ijk = η + v_k + u_j + w_p(i) + e_ijk,   w_p ~ N(0, cappedSD²),
///
/// with p(i) the pupil's primary school, written to the KS4 table's `ks2_school` column.
/// Each secondary school gets its own feeder primaries (at least one, the rest in proportion
/// to its cohort size) in its local authority, and each primary also sends pupils to one
/// neighbouring secondary of its LA (one place away in URN order). A pupil comes from one of
/// the school's own feeders, or with probability `outsideFeederRate` from a primary that has
/// the school as its neighbour, so every primary feeds one or two secondaries. The defaults are of the order of the English system around 2010
/// (about 16,800 state primaries feeding about 3,200 secondaries) **[illustrative]**.
public struct FeederPrimarySpecification: Sendable, Equatable, Codable {
    /// Number of primary schools. Default 16,800; at least the number of secondaries.
    public var primaries: Int = 16_800
    /// Share of pupils who attended a primary school outside their secondary's own feeders.
    /// Default 0.10.
    public var outsideFeederRate: Double = 0.10
    /// SD of the primary schools' true random intercepts in the capped score. Default 8
    /// points (half the secondary-school SD).
    public var cappedSD: Double = 8

    /// The largest number of primaries (their URNs run from `firstURN` to 999,999).
    public static let maximumPrimaries = 999_999 - firstURN + 1
    /// The first primary URN; above every secondary's and every KS2 cohort primary's at the
    /// national sizes.
    public static let firstURN = 700_001

    public init(primaries: Int = 16_800, outsideFeederRate: Double = 0.10, cappedSD: Double = 8) {
        self.primaries = primaries
        self.outsideFeederRate = outsideFeederRate
        self.cappedSD = cappedSD
    }

    /// Checks the counts and parameters against the enclosing specification's secondaries.
    func validate(secondarySchools: Int) throws(CohortSpecificationError) {
        guard primaries > 0 else { throw .nonPositiveCount(name: "feederPrimaries.primaries", value: primaries) }
        guard primaries <= Self.maximumPrimaries else {
            throw .countTooLarge(name: "feederPrimaries.primaries", value: primaries, limit: Self.maximumPrimaries)
        }
        guard primaries >= secondarySchools else {
            throw .fewerPrimariesThanSecondaries(primaries: primaries, secondaries: secondarySchools)
        }
        guard outsideFeederRate.isFinite else { throw .nonFiniteParameter(name: "feederPrimaries.outsideFeederRate") }
        guard outsideFeederRate >= 0 && outsideFeederRate < 1 else {
            throw .probabilityOutOfRange(name: "feederPrimaries.outsideFeederRate", value: outsideFeederRate)
        }
        try NationalCohortSpecification.checkSD(cappedSD, "feederPrimaries.cappedSD")
    }
}

/// One feeder primary school of a synthetic KS4 cohort (see `FeederPrimarySpecification`).
public struct SyntheticFeederPrimary: Sendable, Equatable, Codable {
    /// URN-like six-digit identifier, `FeederPrimarySpecification.firstURN` upwards.
    public var urn: Int
    /// Code of the school's local authority.
    public var la: Int
    /// URN of the secondary school it mainly feeds.
    public var secondary: Int
    /// True random intercept in the KS4 capped score.
    public var cappedEffect: Double
}
