/// One support group's part of a trends analysis.
public struct GroupTrends: Sendable, Hashable, Codable {
    public var name: String
    /// Schools in the group.
    public var schools: Int
    /// The group's percentage year by year, by both averaging methods (all its schools with a
    /// result in the year, so the membership can change between years).
    public var series: [GroupPercentage]
    /// Nil when the data hold no comparison year after the baseline.
    public var beforeAfter: BeforeAfterAnalysis?
    /// One per school of the group, in URN order.
    public var trajectories: [SchoolTrajectory]
    /// The comparison with matched never-supported schools, when the configuration asks for it.
    public var matched: ComparisonMatching?

    public init(name: String, schools: Int, series: [GroupPercentage], beforeAfter: BeforeAfterAnalysis?, trajectories: [SchoolTrajectory]) {
        self.name = name
        self.schools = schools
        self.series = series
        self.beforeAfter = beforeAfter
        self.trajectories = trajectories
    }

    /// Trajectories counted by classification.
    public var classificationCounts: [SchoolTrajectory.Classification: Int] {
        var counts: [SchoolTrajectory.Classification: Int] = [:]
        for trajectory in trajectories { counts[trajectory.classification, default: 0] += 1 }
        return counts
    }
}

/// Everything a trends analysis found; written by the report writers in `Reports`.
public struct TrendsResults: Sendable, Hashable, Codable {
    public var measure: ThresholdMeasure
    public var floor: FloorTarget
    public var baselineYear: AcademicYear?
    public var comparisonYear: AcademicYear?
    /// Years in the data.
    public var years: [AcademicYear]
    /// School-year results in the data.
    public var schoolYears: Int
    /// Schools in the data.
    public var schools: Int
    /// National (all schools) percentages year by year, by both averaging methods.
    public var national: [GroupPercentage]
    public var groups: [GroupTrends]
    /// Ofsted category summaries (one per category present, and all together when both are).
    public var ofsted: [OfstedEpisodeSummary]
    /// Data notes: missing years, closures, zero cohorts, censored episodes, ...
    public var notes: [TrendsNote]
    public var caveat: String

    public init(
        measure: ThresholdMeasure, floor: FloorTarget, baselineYear: AcademicYear?, comparisonYear: AcademicYear?,
        years: [AcademicYear], schoolYears: Int, schools: Int, national: [GroupPercentage], groups: [GroupTrends],
        ofsted: [OfstedEpisodeSummary], notes: [TrendsNote], caveat: String
    ) {
        self.measure = measure
        self.floor = floor
        self.baselineYear = baselineYear
        self.comparisonYear = comparisonYear
        self.years = years
        self.schoolYears = schoolYears
        self.schools = schools
        self.national = national
        self.groups = groups
        self.ofsted = ofsted
        self.notes = notes
        self.caveat = caveat
    }

    /// Notes counted by kind.
    public var noteCounts: [TrendsNote.Kind: Int] {
        var counts: [TrendsNote.Kind: Int] = [:]
        for note in notes { counts[note.kind, default: 0] += 1 }
        return counts
    }
}
