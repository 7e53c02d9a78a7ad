/// Something about the data that a reader of a trends table needs to know: a year missing for
/// a school, a school whose results stop (closure, merger or a new URN) or start, a cohort of
/// zero, pupils without a result, a supported school without results, support that began
/// before the baseline, an Ofsted episode still open. Nothing is dropped silently: each case is
/// one note.
public struct TrendsNote: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of note. The raw values are the codes written to JSON and CSV.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A year inside the span of a school's results, or a baseline or comparison year, has
        /// no result for the school.
        case missingYear = "missing_year"
        /// The school has no results after `year` although the data continue (it closed,
        /// merged, changed URN or was not reported).
        case resultsEnd = "results_end"
        /// The school has no results before `year` although the data start earlier (it opened,
        /// or took a new URN, e.g. on merging or becoming an academy).
        case resultsStart = "results_start"
        /// The cohort in `year` is zero: no percentage, and the school-year is left out of
        /// averages.
        case zeroCohort = "zero_cohort"
        /// `count` pupils of the key stage in `year` had no result for the measure and are not
        /// in the cohort.
        case pupilsWithoutResult = "pupils_without_result"
        /// A school of a support group has no results at all.
        case supportedSchoolWithoutResults = "supported_school_without_results"
        /// Support began in or before the baseline year, so the baseline is not "before".
        case supportBeforeBaseline = "support_before_baseline"
        /// The data hold a single year, or the baseline and comparison years coincide: no
        /// change can be computed.
        case noChangeYears = "no_change_years"
        /// A school is still in an Ofsted category at the analysis date: its episode is
        /// censored (counted as lasting at least `count` months), not dropped.
        case ofstedEpisodeOpen = "ofsted_episode_open"
        /// An analysis could not be computed (too few schools, no comparison schools, ...).
        case notComputed = "not_computed"
    }

    public var kind: Kind
    public var school: URN?
    public var year: AcademicYear?
    public var count: Int?
    /// A sentence for readers.
    public var message: String

    public init(kind: Kind, school: URN? = nil, year: AcademicYear? = nil, count: Int? = nil, message: String) {
        self.kind = kind
        self.school = school
        self.year = year
        self.count = count
        self.message = message
    }

    public var description: String { message }
}
