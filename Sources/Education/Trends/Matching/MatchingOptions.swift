/// How comparison schools are matched to supported schools (see ``ComparisonMatching``).
///
/// The defaults follow common practice for school-level matching (Stuart 2010, "Matching
/// methods for causal inference", Statistical Science 25(1)): one nearest neighbour per
/// supported school, with replacement (a comparison school may serve several supported
/// schools, which keeps matches close), and a caliper of 0.5 on the standardised distance.
public struct MatchingOptions: Sendable, Hashable, Codable {
    /// Comparison schools per supported school (k nearest neighbours).
    public var neighbours: Int
    /// Whether a comparison school may be matched to more than one supported school.
    public var withReplacement: Bool
    /// The largest standardised distance of an accepted match; nil for no caliper. A supported
    /// school with no candidate this close is listed as unmatched, not matched badly.
    public var caliper: Double?

    public init(neighbours: Int = 1, withReplacement: Bool = true, caliper: Double? = 0.5) {
        self.neighbours = neighbours
        self.withReplacement = withReplacement
        self.caliper = caliper
    }

    /// `TrendsError.invalidConfiguration` for a count below 1 or a caliper that is not a
    /// positive finite number.
    public func validate() throws(TrendsError) {
        guard (1...50).contains(neighbours) else {
            throw .invalidConfiguration(setting: "matching neighbours", reason: "must lie in 1...50 (got \(neighbours))")
        }
        if let caliper, !(caliper.isFinite && caliper > 0) {
            throw .invalidConfiguration(setting: "matching caliper", reason: "must be a positive number (got \(caliper))")
        }
    }
}
