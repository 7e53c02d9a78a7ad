/// Settings of a trends analysis. Defaults follow the reports on school-to-school support.
public struct TrendsConfiguration: Sendable, Hashable, Codable {
    /// The measure (default KS4 5A*–C including English and maths).
    public var measure: ThresholdMeasure
    /// The year figures are compared against. Nil: the last year before the earliest support
    /// start in the group, or the first year of the data if that is earlier than the data.
    public var baselineYear: AcademicYear?
    /// The year compared with the baseline. Nil: the latest year in the data.
    public var comparisonYear: AcademicYear?
    /// The floor target. Nil: `FloorTarget.standard(for: measure)` (30% KS4, 65% KS2).
    public var floor: FloorTarget?
    /// Cohorts smaller than this are flagged as volatile (default 30; a reporting convention,
    /// configurable, not a DfE rule).
    public var smallCohort: Int
    /// Level of the Wilson intervals and of the difference-in-differences interval.
    public var confidenceLevel: Double
    /// What the group's change is compared with.
    public var comparison: ComparisonGroup
    /// Gains (in percentage points) counted in the distribution of changes: 0+, 5+ and 10+ by
    /// default.
    public var gainThresholds: [Double]
    /// Trajectory classification: a slope after support more than this many points a year
    /// above (below) the slope before counts as faster (slower) improvement. Default 1.
    public var slopeTolerance: Double
    /// When set, each group is also compared with matched never-supported schools
    /// (``ComparisonMatching``): the naive before/after change beside the matched
    /// difference-in-differences, with a balance table.
    public var matching: MatchingOptions?

    public init(
        measure: ThresholdMeasure = .ks4FiveAStarToCEnglishMaths, baselineYear: AcademicYear? = nil,
        comparisonYear: AcademicYear? = nil, floor: FloorTarget? = nil, smallCohort: Int = 30,
        confidenceLevel: Double = 0.95, comparison: ComparisonGroup = .national,
        gainThresholds: [Double] = [0, 5, 10], slopeTolerance: Double = 1, matching: MatchingOptions? = nil
    ) {
        self.matching = matching
        self.measure = measure
        self.baselineYear = baselineYear
        self.comparisonYear = comparisonYear
        self.floor = floor
        self.smallCohort = smallCohort
        self.confidenceLevel = confidenceLevel
        self.comparison = comparison
        self.gainThresholds = gainThresholds
        self.slopeTolerance = slopeTolerance
    }

    /// The floor target in use.
    public var floorTarget: FloorTarget { floor ?? .standard(for: measure) }

    /// `TrendsError.invalidConfiguration` for out-of-range settings.
    public func validate() throws(TrendsError) {
        guard smallCohort >= 0 else {
            throw .invalidConfiguration(setting: "small cohort", reason: "must be 0 or more (got \(smallCohort))")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw .invalidConfiguration(setting: "confidence level", reason: "must lie strictly between 0 and 1 (got \(confidenceLevel))")
        }
        guard gainThresholds.allSatisfy(\.isFinite) else {
            throw .invalidConfiguration(setting: "gain thresholds", reason: "must be finite numbers")
        }
        guard slopeTolerance.isFinite, slopeTolerance >= 0 else {
            throw .invalidConfiguration(setting: "slope tolerance", reason: "must be 0 or more (got \(slopeTolerance))")
        }
        try matching?.validate()
        if let baselineYear, let comparisonYear, comparisonYear <= baselineYear {
            throw .invalidConfiguration(
                setting: "comparison year",
                reason: "\(comparisonYear.endYear) must be after the baseline year \(baselineYear.endYear)")
        }
    }
}
