/// How many schools of a group were below the floor target in the baseline year and in the
/// comparison year, counted over the schools with a percentage in both years. In the reports,
/// 13 of 17 supported schools below the 30% floor became 7: a reduction of 6 schools, 46.2%.
public struct FloorTargetCounts: Sendable, Hashable, Codable {
    public var floor: FloorTarget
    /// Schools with a percentage in both years.
    public var schools: Int
    public var belowBefore: Int
    public var belowAfter: Int

    public init(floor: FloorTarget, schools: Int, belowBefore: Int, belowAfter: Int) {
        self.floor = floor
        self.schools = schools
        self.belowBefore = belowBefore
        self.belowAfter = belowAfter
    }

    /// `belowBefore − belowAfter`.
    public var reduction: Int { belowBefore - belowAfter }

    /// The reduction as a percentage of `belowBefore`; nil when no school was below before.
    public var reductionPercentage: Double? {
        belowBefore > 0 ? 100 * Double(reduction) / Double(belowBefore) : nil
    }
}
