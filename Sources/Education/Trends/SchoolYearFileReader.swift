import DataTable

/// Reads a school-level results file in the style of DfE's school performance tables: one row
/// per school per academic year. Documented in Docs/trends.md.
///
/// | column | required | meaning |
/// | --- | --- | --- |
/// | `urn` | yes | the school's URN (100000–999999) |
/// | `year` | yes | academic year as the year of its summer (`2010` = 2009/10) |
/// | `cohort` | yes | pupils with a result for the measure (whole number, 0 or more) |
/// | `meeting` | one of the two | pupils meeting the measure (0...cohort) |
/// | `percentage` | one of the two | percentage meeting the measure (0–100); with `meeting` too, they must agree within 0.5 points |
/// | `support_start` | no | first day of support (`YYYY-MM-DD`) or first academic year (`2009`) |
/// | `support_role` | no | `receiving` (default) or `providing` |
///
/// Every row is accepted or rejected; each rejection names the file, row, column, value and
/// reason, and accepted plus rejected rows equals the rows in the file. A school's support
/// start is its earliest across its rows.
public enum SchoolYearFileReader {
    /// Required columns.
    public static let required = ["urn", "year", "cohort"]
    /// Optional columns (one of `meeting` and `percentage` must be present).
    public static let optional = ["meeting", "percentage", "support_start", "support_role"]

    /// What a school-year file holds.
    public struct Contents: Sendable {
        /// The accepted results.
        public var table: SchoolYearTable
        /// Schools receiving support, from `support_start` (role `receiving` or unstated).
        public var receiving: [SupportedSchool]
        /// Schools providing support, from `support_start` with role `providing`. A school
        /// with rows of both roles is a provider only (and a note in `summary` names it).
        public var providing: [SupportedSchool]
        /// Rows accepted and rejected.
        public var summary: FileReadSummary
    }

    /// Reads and validates the file at `path` for `measure` (the file does not say which
    /// measure it holds; the caller does).
    public static func read(path: String, measure: ThresholdMeasure?) throws(TrendsError) -> Contents {
        let table: DataTable
        do { table = try DataTable.readCSV(path: path) } catch { throw .table(error) }
        return try read(table, measure: measure)
    }

    /// Validates a table already parsed (its `source` names the file in messages).
    public static func read(_ table: DataTable, measure: ThresholdMeasure?) throws(TrendsError) -> Contents {
        let fields: CSVFields
        do { fields = try CSVFields(table, required: required, optional: optional) } catch { throw TrendsError(error) }
        guard fields.columns["meeting"] != nil || fields.columns["percentage"] != nil else {
            throw .noResultColumn(file: table.source, available: table.columnNames)
        }
        let urnColumn = fields.urns()
        let yearColumn = fields.academicYears()
        let cohortColumn = fields.integers("cohort")
        let meetingColumn = fields.numbers("meeting")
        let percentageColumn = fields.numbers("percentage")
        let startColumn = fields.strings("support_start")
        let roleColumn = fields.codes("support_role", as: SupportRole.self)

        var results: [SchoolYearResult] = []
        var seen = Set<[Int]>()
        var rejections: [RowRejection] = []
        var receiving: [URN: SupportedSchool] = [:], providing: [URN: SupportedSchool] = [:]
        for row in 0..<fields.rowCount {
            var problems = RowProblems()
            var valid = true
            let urn = problems.required(urnColumn, row)
            let year = problems.required(yearColumn, row)
            let cohort = problems.required(cohortColumn, row)
            let meeting = problems.optional(meetingColumn, row, &valid)
            let percentage = problems.optional(percentageColumn, row, &valid)
            let startText = problems.optional(startColumn, row, &valid)
            let role = problems.optional(roleColumn, row, &valid) ?? .receiving
            if let cohort, cohort < 0 {
                problems.add("cohort", cohortColumn.text(row), .outOfRange, "cohort must lie in 0 or more")
            }
            if let percentage, !(0...100).contains(percentage) {
                problems.add("percentage", percentageColumn.text(row), .outOfRange, "percentage must lie in 0...100")
            }
            if let meeting, let cohort, cohort >= 0, !(0...Double(cohort)).contains(meeting) {
                problems.add("meeting", meetingColumn.text(row), .outOfRange, "meeting must lie in 0...\(cohort) (the cohort)")
            }
            if valid, meeting == nil, percentage == nil, let cohort, cohort > 0 {
                let column = fields.columns["meeting"] != nil ? "meeting" : "percentage"
                problems.add(column, "", .missingRequired, "a result (meeting or percentage) is required when the cohort is not zero")
            }
            if problems.isEmpty, let meeting, let percentage, let cohort, cohort > 0,
               abs(100 * meeting / Double(cohort) - percentage) > 0.5 {
                problems.add("percentage", percentageColumn.text(row), .invalidValue,
                             "disagrees with meeting / cohort (\(DomainValueError.text((1000 * meeting / Double(cohort)).rounded() / 10))%)")
            }
            var start: SupportedSchool?
            if let startText, let urn {
                let trimmed = startText.trimmingSpaces
                // A bare whole number is an academic year; anything else must be a date.
                if let number = Int(trimmed) {
                    do {
                        start = SupportedSchool(school: urn, startYear: try AcademicYear(endingIn: number))
                    } catch {
                        problems.add("support_start", startText, .outOfRange, error.description)
                    }
                } else {
                    do {
                        start = SupportedSchool(school: urn, start: try CalendarDate(iso: trimmed))
                    } catch {
                        problems.add("support_start", startText, .invalidValue,
                                     "not a date YYYY-MM-DD or an academic year such as 2009 (\(error.description))")
                    }
                }
            }
            if let urn, let year, seen.contains([urn.value, year.endYear]) {
                problems.add("year", yearColumn.text(row), .duplicate, "school \(urn) already has a result for \(year.endYear)")
            }
            guard problems.isEmpty, let urn, let year, let cohort else {
                rejections.append(RowRejection(file: fields.file, row: row + 1, problems: problems.problems))
                continue
            }
            let made: SchoolYearResult
            do throws(DomainValueError) {
                if let meeting {
                    made = try SchoolYearResult(school: urn, year: year, cohort: cohort, meeting: meeting)
                } else {
                    made = try SchoolYearResult(school: urn, year: year, cohort: cohort, percentage: percentage ?? 0)
                }
            } catch {
                rejections.append(RowRejection(file: fields.file, row: row + 1, problems: [
                    FieldProblem(column: "cohort", value: cohortColumn.text(row), kind: .invalidValue,
                                 reason: "inconsistent result: \(error.description)"),
                ]))
                continue
            }
            seen.insert([urn.value, year.endYear])
            results.append(made)
            if let start {
                switch role {
                case .receiving:
                    if receiving[urn].map({ $0.startYear > start.startYear }) ?? true { receiving[urn] = start }
                case .providing:
                    if providing[urn].map({ $0.startYear > start.startYear }) ?? true { providing[urn] = start }
                }
            }
        }
        var summary = FileReadSummary(
            file: fields.file, rows: fields.rowCount, accepted: results.count,
            rejections: rejections, ignoredColumns: fields.ignored)
        // A school is a provider if any of its rows says `providing`: it is in the providing
        // group only, so that no school is counted in both groups.
        for urn in providing.keys.sorted() where receiving[urn] != nil {
            receiving[urn] = nil
            summary.notes.append("\(fields.file): school \(urn) has rows with support_role receiving and providing; "
                + "it is counted as providing support only")
        }
        let table = try SchoolYearTable(measure: measure, results: results)
        return Contents(
            table: table,
            receiving: receiving.keys.sorted().compactMap { receiving[$0] },
            providing: providing.keys.sorted().compactMap { providing[$0] },
            summary: summary)
    }
}
