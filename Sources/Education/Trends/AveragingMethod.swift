/// How a group's percentage is formed from its schools' figures. The two can differ a good
/// deal (the "average of averages" problem): pooling weights each school by its cohort, so
/// large schools dominate, while the unweighted mean counts every school once, so small
/// schools, whose percentages are the most volatile, count as much as large ones. Reports on
/// school-to-school support used both; every figure in this library's output says which.
///
/// The raw values are the codes written to JSON and CSV.
public enum AveragingMethod: String, Sendable, CaseIterable, Codable, Hashable {
    /// All pupils pooled: 100 × Σ meeting / Σ cohort (a pupil-weighted average).
    case pupilWeighted = "pupil_weighted"
    /// The unweighted mean of the schools' percentages (each school counts once).
    case schoolMean = "school_mean"

    /// The label used in tables and charts.
    public var label: String {
        switch self {
        case .pupilWeighted: "pupil-weighted (all pupils pooled)"
        case .schoolMean: "unweighted mean of school percentages"
        }
    }
}

/// A group's percentage meeting a measure in one year by one averaging method.
public struct GroupPercentage: Sendable, Hashable, Codable {
    public var method: AveragingMethod
    public var year: AcademicYear
    /// The percentage; nil when no school of the group has a non-zero cohort in the year.
    public var value: Double?
    /// Schools contributing (those with a result and a non-zero cohort).
    public var schools: Int
    /// Pupils in the contributing schools' cohorts.
    public var pupils: Int
    /// Schools of the group with a zero cohort in the year (left out).
    public var zeroCohorts: Int

    public init(method: AveragingMethod, year: AcademicYear, value: Double?, schools: Int, pupils: Int, zeroCohorts: Int) {
        self.method = method
        self.year = year
        self.value = value
        self.schools = schools
        self.pupils = pupils
        self.zeroCohorts = zeroCohorts
    }

    /// The averaging method's label, for the figure's caption.
    public var label: String { method.label }
}
