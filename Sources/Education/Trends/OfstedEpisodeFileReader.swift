import DataTable

/// Reads an Ofsted category file: one row per episode. Documented in Docs/trends.md.
///
/// | column | required | meaning |
/// | --- | --- | --- |
/// | `urn` | yes | the school's URN |
/// | `category` | yes | `special_measures` or `notice_to_improve` |
/// | `entered` | yes | date of the inspection placing the school in the category (`YYYY-MM-DD`, or `YYYY-MM` for the first of the month) |
/// | `left` | no | date of the inspection removing it; empty or `NA` while still in the category |
///
/// Every row is accepted or rejected, each rejection naming the file, row, column and value.
public enum OfstedEpisodeFileReader {
    public static let required = ["urn", "category", "entered"]
    public static let optional = ["left"]

    /// The episodes and the read summary.
    public struct Contents: Sendable {
        public var episodes: [OfstedEpisode]
        public var summary: FileReadSummary
    }

    public static func read(path: String) throws(TrendsError) -> Contents {
        let table: DataTable
        do { table = try DataTable.readCSV(path: path) } catch { throw .table(error) }
        return try read(table)
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM` as the first of the month.
    static func date(_ text: String) throws(DomainValueError) -> CalendarDate {
        let trimmed = text.trimmingSpaces
        if trimmed.utf8.count == 7 { return try CalendarDate(iso: trimmed + "-01") }
        return try CalendarDate(iso: trimmed)
    }

    public static func read(_ table: DataTable) throws(TrendsError) -> Contents {
        let fields: CSVFields
        do { fields = try CSVFields(table, required: required, optional: optional) } catch { throw TrendsError(error) }
        let urnColumn = fields.urns()
        let categoryColumn = fields.codes("category", as: OfstedCategory.self)
        let enteredColumn = fields.strings("entered")
        let leftColumn = fields.strings("left")
        var episodes: [OfstedEpisode] = []
        var rejections: [RowRejection] = []
        for row in 0..<fields.rowCount {
            var problems = RowProblems()
            var valid = true
            let urn = problems.required(urnColumn, row)
            let category = problems.required(categoryColumn, row)
            let enteredText = problems.required(enteredColumn, row)
            let leftText = problems.optional(leftColumn, row, &valid)
            var entered: CalendarDate?, left: CalendarDate?
            for (column, text) in [("entered", enteredText), ("left", leftText)] {
                guard let text else { continue }
                do throws(DomainValueError) {
                    let value = try date(text)
                    if column == "entered" { entered = value } else { left = value }
                } catch {
                    problems.add(column, text, CSVFields.kind(of: error), error.description)
                }
            }
            if problems.isEmpty, let urn, let category, let entered {
                do throws(DomainValueError) {
                    episodes.append(try OfstedEpisode(school: urn, category: category, entered: entered, left: left))
                    continue
                } catch {
                    problems.add("left", leftText ?? "", .invalidValue, error.description)
                }
            }
            rejections.append(RowRejection(file: fields.file, row: row + 1, problems: problems.problems))
        }
        return Contents(
            episodes: episodes,
            summary: FileReadSummary(file: fields.file, rows: fields.rowCount, accepted: episodes.count,
                                     rejections: rejections, ignoredColumns: fields.ignored))
    }
}
