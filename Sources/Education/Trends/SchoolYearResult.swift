/// One school's figure for one academic year on a threshold measure: the cohort (pupils with a
/// result for the measure) and how many of them met it, as in DfE's school performance tables.
///
/// `meeting` is a whole number when counted from pupil records; when it is derived from a
/// published percentage (percentage × cohort / 100) it may be fractional. A cohort of zero is
/// representable (a school with no pupils at the key stage that year, or none with a result)
/// and has no percentage.
public struct SchoolYearResult: Sendable, Hashable, Codable {
    public let school: URN
    public let year: AcademicYear
    /// Pupils with a result for the measure.
    public let cohort: Int
    /// Pupils meeting the measure (0...cohort).
    public let meeting: Double
    /// Pupils of the key stage whose result for the measure was not recorded (not in `cohort`).
    public let withoutResult: Int

    /// A result; `DomainValueError` when the cohort is negative or `meeting` is not within
    /// 0...cohort.
    public init(school: URN, year: AcademicYear, cohort: Int, meeting: Double, withoutResult: Int = 0) throws(DomainValueError) {
        guard cohort >= 0 else {
            throw .outOfRange(field: "cohort", value: String(cohort), allowed: "0 or more")
        }
        guard meeting.isFinite, meeting >= 0, meeting <= Double(cohort) + 1e-9 else {
            throw .outOfRange(field: "meeting", value: DomainValueError.text(meeting), allowed: "0...\(cohort) (the cohort)")
        }
        guard withoutResult >= 0 else {
            throw .outOfRange(field: "without_result", value: String(withoutResult), allowed: "0 or more")
        }
        self.school = school
        self.year = year
        self.cohort = cohort
        self.meeting = min(meeting, Double(cohort))
        self.withoutResult = withoutResult
    }

    /// A result from a published percentage: `meeting` = percentage × cohort / 100.
    public init(school: URN, year: AcademicYear, cohort: Int, percentage: Double) throws(DomainValueError) {
        guard percentage.isFinite, percentage >= 0, percentage <= 100 else {
            throw .outOfRange(field: "percentage", value: DomainValueError.text(percentage), allowed: "0...100")
        }
        try self.init(school: school, year: year, cohort: cohort, meeting: percentage * Double(max(cohort, 0)) / 100)
    }

    /// The percentage meeting the measure; nil for a cohort of zero.
    public var percentage: Double? {
        cohort > 0 ? 100 * meeting / Double(cohort) : nil
    }

    /// The Wilson score interval for the percentage (see `PercentageInterval`); nil for a
    /// cohort of zero.
    public func interval(level: Double = 0.95) -> PercentageInterval? {
        PercentageInterval.wilson(successes: meeting, trials: Double(cohort), level: level)
    }
}
