/// One supported school's figures in the baseline and comparison years: the change in
/// percentage points, each year's Wilson interval, whether either cohort is small, and whether
/// the school was below the floor target in each year.
///
/// A school from 44% to 70% gains 26 points. A change is computed only when both years have a
/// result with a non-zero cohort (`status == .complete`); otherwise `status` says why not.
public struct SchoolChange: Sendable, Hashable, Codable {
    /// Why a change is or is not available. Raw values are the codes in JSON and CSV.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case complete
        /// No result in the baseline year.
        case noBaseline = "no_baseline"
        /// No result in the comparison year (closed, merged or not reported).
        case noComparison = "no_comparison"
        /// No result in either year.
        case noResults = "no_results"
        /// A result exists but its cohort is zero in the baseline or comparison year.
        case zeroCohort = "zero_cohort"
    }

    public var school: URN
    /// The first academic year of support, when known.
    public var supportStartYear: AcademicYear?
    public var baseline: SchoolYearResult?
    public var comparison: SchoolYearResult?
    public var baselineInterval: PercentageInterval?
    public var comparisonInterval: PercentageInterval?
    /// Comparison-year percentage minus baseline percentage, in points.
    public var change: Double?
    /// Either cohort is below the small-cohort threshold (and not zero).
    public var smallCohort: Bool
    public var belowFloorBefore: Bool?
    public var belowFloorAfter: Bool?
    public var status: Status

    public init(
        school: URN, supportStartYear: AcademicYear?, baseline: SchoolYearResult?, comparison: SchoolYearResult?,
        floor: FloorTarget, smallCohort: Int, level: Double
    ) {
        self.school = school
        self.supportStartYear = supportStartYear
        self.baseline = baseline
        self.comparison = comparison
        baselineInterval = baseline?.interval(level: level)
        comparisonInterval = comparison?.interval(level: level)
        let before = baseline?.percentage, after = comparison?.percentage
        change = if let before, let after { after - before } else { nil }
        self.smallCohort = [baseline, comparison].contains { $0.map { $0.cohort > 0 && $0.cohort < smallCohort } ?? false }
        belowFloorBefore = before.map(floor.isBelow)
        belowFloorAfter = after.map(floor.isBelow)
        status = switch (baseline, comparison) {
        case (nil, nil): .noResults
        case (nil, _): .noBaseline
        case (_, nil): .noComparison
        default: change == nil ? .zeroCohort : .complete
        }
    }
}
