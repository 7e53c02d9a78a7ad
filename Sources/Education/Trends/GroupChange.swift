/// A group's change between the baseline and comparison years against the comparison
/// group's change, by one averaging method.
///
/// The group's figures are over its schools with a non-zero cohort in both years (a balanced
/// panel, so that schools closing or opening do not masquerade as change). The comparison
/// figures are over every comparison school with a result in each year, as national figures
/// are published. `ratio` = group change / comparison change ("improving twice as fast as the
/// national average" is a ratio of 2); it is nil when the comparison change is zero, and its
/// meaning is doubtful when the comparison change is small or of the other sign.
public struct GroupChange: Sendable, Hashable, Codable {
    public var method: AveragingMethod
    public var groupBefore: GroupPercentage
    public var groupAfter: GroupPercentage
    public var comparisonBefore: GroupPercentage
    public var comparisonAfter: GroupPercentage

    public init(method: AveragingMethod, groupBefore: GroupPercentage, groupAfter: GroupPercentage,
                comparisonBefore: GroupPercentage, comparisonAfter: GroupPercentage) {
        self.method = method
        self.groupBefore = groupBefore
        self.groupAfter = groupAfter
        self.comparisonBefore = comparisonBefore
        self.comparisonAfter = comparisonAfter
    }

    /// The group's change in points.
    public var groupChange: Double? {
        guard let after = groupAfter.value, let before = groupBefore.value else { return nil }
        return after - before
    }

    /// The comparison group's change in points.
    public var comparisonChange: Double? {
        guard let after = comparisonAfter.value, let before = comparisonBefore.value else { return nil }
        return after - before
    }

    /// Group change minus comparison change, in points.
    public var difference: Double? {
        guard let group = groupChange, let comparison = comparisonChange else { return nil }
        return group - comparison
    }

    /// Group change divided by comparison change; nil when the comparison change is zero.
    public var ratio: Double? {
        guard let group = groupChange, let comparison = comparisonChange, comparison != 0 else { return nil }
        return group / comparison
    }

    /// The label of the averaging method, for captions.
    public var label: String { method.label }
}
