import DataTable

/// Reads an Ofsted inspections file (Docs/data-format.md): one row per inspection.
///
/// | column | required | meaning |
/// | --- | --- | --- |
/// | `urn` | yes | the school's URN |
/// | `inspection_date` | yes | `YYYY-MM-DD` |
/// | `overall_effectiveness` | yes | 1 outstanding, 2 good, 3 requires improvement (satisfactory), 4 inadequate |
/// | `leadership` | no | leadership and management, 1–4 |
/// | `category` | no | `special_measures`, `notice_to_improve` or `none` |
///
/// A row is excluded, and counted and listed with its file, row, column and value, for a
/// missing or invalid value, a grade outside 1–4, an inspection after the analysis date
/// (`asOf`) or before the school opened, a category with a grade better than inadequate, a
/// second inspection of a school on the same day, or a school that is not (or not validly) in
/// the school file; the URNs of the last are also listed in `unknownSchools`. A file that
/// cannot be read, has no data rows or lacks a required column is an `NPDReadError`.
public enum OfstedFileReader {
    public static let required = ["urn", "inspection_date", "overall_effectiveness"]
    public static let optional = ["leadership", "category"]

    /// The accepted inspections (in file order), the read summary and the distinct URNs of
    /// rows whose school is not in the school file, in URN order.
    public struct Contents: Sendable {
        public var inspections: [OfstedInspection]
        public var summary: FileReadSummary
        public var unknownSchools: [URN]
    }

    /// The `category` codes; `none` is a stated absence of a category.
    enum CategoryCode: String, CaseIterable {
        case specialMeasures = "special_measures"
        case noticeToImprove = "notice_to_improve"
        case none

        var category: OfstedCategory? {
            switch self {
            case .specialMeasures: .specialMeasures
            case .noticeToImprove: .noticeToImprove
            case .none: nil
            }
        }
    }

    public static func read(
        path: String, schools: [URN: School], rejectedSchools: Set<URN> = [], asOf: CalendarDate
    ) throws(NPDReadError) -> Contents {
        let table: DataTable
        do { table = try DataTable.readCSV(path: path) } catch { throw .table(error) }
        return try read(table, schools: schools, rejectedSchools: rejectedSchools, asOf: asOf)
    }

    public static func read(
        _ table: DataTable, schools: [URN: School], rejectedSchools: Set<URN> = [], asOf: CalendarDate
    ) throws(NPDReadError) -> Contents {
        let fields = try CSVFields(table, required: required, optional: optional)
        let urnColumn = fields.urns()
        let dateColumn = fields.dates("inspection_date")
        let overallColumn = fields.validated("overall_effectiveness") { (value: Int) throws(DomainValueError) in
            try OfstedGrade(value, field: "overall_effectiveness")
        }
        let leadershipColumn = fields.validated("leadership") { (value: Int) throws(DomainValueError) in
            try OfstedGrade(value, field: "leadership")
        }
        let categoryColumn = fields.codes("category", as: CategoryCode.self)

        var inspections: [OfstedInspection] = []
        var rejections: [RowRejection] = []
        var unknown = Set<URN>()
        var seen = Set<[Int]>()
        for row in 0..<fields.rowCount {
            var problems = RowProblems()
            var valid = true
            let urn = problems.required(urnColumn, row)
            let date = problems.required(dateColumn, row)
            let overall = problems.required(overallColumn, row)
            let leadership = problems.optional(leadershipColumn, row, &valid)
            let code = problems.optional(categoryColumn, row, &valid)
            var inspection: OfstedInspection?
            if problems.isEmpty, let urn, let date, let overall {
                do throws(DomainValueError) {
                    inspection = try OfstedInspection(
                        school: urn, date: date, overall: overall, leadership: leadership,
                        category: code?.category, categoryStated: code != nil)
                } catch {
                    problems.add(error) { _ in categoryColumn.text(row) }
                }
            }
            if let inspection {
                let dateText = dateColumn.text(row)
                if inspection.date > asOf {
                    problems.add("inspection_date", dateText, .invalidValue,
                                 "the inspection is dated after the analysis date \(asOf) (--as-of)")
                }
                if let school = schools[inspection.school] {
                    if let opened = school.openDate, inspection.date < opened {
                        problems.add("inspection_date", dateText, .invalidValue,
                                     "the inspection is dated before the school opened (\(opened), open_date in the school file)")
                    }
                } else if rejectedSchools.contains(inspection.school) {
                    problems.add("urn", urnColumn.text(row), .schoolRejected, "the school's row in the school file was rejected")
                } else {
                    problems.add("urn", urnColumn.text(row), .unknownSchool, "school \(inspection.school) is not in the school file")
                    unknown.insert(inspection.school)
                }
                if problems.isEmpty, seen.contains([inspection.school.value, inspection.date.dayNumber]) {
                    problems.add("inspection_date", dateText, .duplicate,
                                 "school \(inspection.school) already has an inspection on \(inspection.date) in an earlier row")
                }
            }
            guard problems.isEmpty, let inspection else {
                rejections.append(RowRejection(file: fields.file, row: row + 1, problems: problems.problems))
                continue
            }
            seen.insert([inspection.school.value, inspection.date.dayNumber])
            inspections.append(inspection)
        }
        var summary = FileReadSummary(
            file: fields.file, rows: fields.rowCount, accepted: inspections.count,
            rejections: rejections, ignoredColumns: fields.ignored)
        summary.notes = table.inferenceWarnings.map(\.description)
        return Contents(inspections: inspections, summary: summary, unknownSchools: unknown.sorted())
    }
}
