/// A school's inspections either side of its reference date (``ProgrammeSchools``): the last
/// inspection on or before the date (support that starts on an inspection day cannot have
/// affected it) and the first one after it.
public struct InspectionPair: Sendable, Hashable, Codable {
    public var school: URN
    public var group: ProgrammeGroup
    public var referenceDate: CalendarDate
    public var before: OfstedInspection?
    public var after: OfstedInspection?

    /// The pair for one school from its inspections (any order).
    public init(school: URN, group: ProgrammeGroup, referenceDate: CalendarDate, inspections: [OfstedInspection]) {
        self.school = school
        self.group = group
        self.referenceDate = referenceDate
        let sorted = inspections.sorted { $0.date < $1.date }
        before = sorted.last { $0.date <= referenceDate }
        after = sorted.first { $0.date > referenceDate }
    }
}

/// The overall-effectiveness grades of one group's schools at one point (the inspection before
/// the reference date, or the first after it): schools per grade and their percentages of
/// the schools with an inspection then.
public struct GradeDistribution: Sendable, Hashable, Codable {
    public enum Period: String, Sendable, CaseIterable, Codable, Hashable {
        case before, after
    }

    public var group: ProgrammeGroup
    public var period: Period
    /// Schools in the group.
    public var schools: Int
    /// Schools with an inspection in the period (the denominator of the percentages).
    public var inspected: Int
    /// Schools per grade, outstanding (1) to inadequate (4).
    public var counts: [Int]
    /// `100 × counts[g] / inspected`; nil when no school was inspected.
    public var percentages: [Double?]

    public init(group: ProgrammeGroup, period: Period, pairs: [InspectionPair], schools: Int) {
        self.group = group
        self.period = period
        self.schools = schools
        var counts = [0, 0, 0, 0]
        for pair in pairs where pair.group == group {
            if let grade = (period == .before ? pair.before : pair.after)?.overall { counts[grade.rawValue - 1] += 1 }
        }
        self.counts = counts
        let inspected = counts.reduce(0, +)
        self.inspected = inspected
        percentages = counts.map { inspected > 0 ? 100 * Double($0) / Double(inspected) : nil }
    }
}

/// Grade before → grade after for one group's schools inspected both before and after the
/// reference date: a 4 × 4 table of counts with percentages of all such schools and of each
/// row (the schools with that grade before), and the schools improving, staying and
/// declining. A lower grade number is better, so "improving" means a smaller number after.
///
/// `inadequate*` follow the schools judged inadequate: how many were before and after, how
/// many of those inadequate before were judged better after (`leftInadequate`), and how many
/// were newly inadequate after (`enteredInadequate`), so that `inadequateAfter =
/// inadequateBefore − leftInadequate + enteredInadequate`. The fall in the count is not the
/// number of schools that improved when others declined into the grade.
public struct GradeTransitionTable: Sendable, Hashable, Codable {
    public var group: ProgrammeGroup
    /// `counts[b][a]`: schools with grade b + 1 before and a + 1 after.
    public var counts: [[Int]]
    /// Schools inspected before and after.
    public var schools: Int
    public var improved: Int
    public var unchanged: Int
    public var declined: Int
    /// `100 × improved / schools`; nil with no school.
    public var improvingPercentage: Double?
    public var inadequateBefore: Int
    public var inadequateAfter: Int
    public var leftInadequate: Int
    public var enteredInadequate: Int

    public init(group: ProgrammeGroup, pairs: [InspectionPair]) {
        self.group = group
        var counts = Array(repeating: [0, 0, 0, 0], count: 4)
        for pair in pairs where pair.group == group {
            guard let before = pair.before?.overall, let after = pair.after?.overall else { continue }
            counts[before.rawValue - 1][after.rawValue - 1] += 1
        }
        self.counts = counts
        var improved = 0, unchanged = 0, declined = 0
        for b in 0..<4 {
            for a in 0..<4 {
                if a < b { improved += counts[b][a] } else if a == b { unchanged += counts[b][a] } else { declined += counts[b][a] }
            }
        }
        self.improved = improved
        self.unchanged = unchanged
        self.declined = declined
        schools = improved + unchanged + declined
        improvingPercentage = schools > 0 ? 100 * Double(improved) / Double(schools) : nil
        inadequateBefore = counts[3].reduce(0, +)
        inadequateAfter = counts.map { $0[3] }.reduce(0, +)
        leftInadequate = inadequateBefore - counts[3][3]
        enteredInadequate = inadequateAfter - counts[3][3]
    }

    /// The percentage of all schools in the table in cell (before, after); nil with no school.
    public func percentage(before: OfstedGrade, after: OfstedGrade) -> Double? {
        schools > 0 ? 100 * Double(counts[before.rawValue - 1][after.rawValue - 1]) / Double(schools) : nil
    }

    /// The percentage of the schools with grade `before` that had grade `after`; nil when no
    /// school had grade `before`.
    public func rowPercentage(before: OfstedGrade, after: OfstedGrade) -> Double? {
        let row = counts[before.rawValue - 1]
        let total = row.reduce(0, +)
        return total > 0 ? 100 * Double(row[after.rawValue - 1]) / Double(total) : nil
    }

    /// The inadequate schools in words: "13 of the 17 schools judged inadequate before were
    /// judged better after; 7 were inadequate after (3 newly)".
    public var inadequateSummary: String {
        "\(leftInadequate) of the \(inadequateBefore) school\(inadequateBefore == 1 ? "" : "s") judged inadequate before "
            + "\(leftInadequate == 1 ? "was" : "were") judged better after; \(inadequateAfter) "
            + "\(inadequateAfter == 1 ? "was" : "were") inadequate after (\(enteredInadequate) newly)"
    }
}
