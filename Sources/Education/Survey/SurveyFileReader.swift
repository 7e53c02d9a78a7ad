import DataTable

/// Reads an evaluation questionnaire in long format: one row per respondent and item, columns
/// `respondent_id`, `role`, `item` and `response` (all required; others are ignored). Documented
/// in Docs/survey.md.
///
/// A row is rejected, naming the row, column, value and reason, when its respondent, role or
/// item is missing, its response is not one of the accepted codes (`SurveyResponse`), it repeats
/// a respondent and item already answered (the first answer is kept), or it gives a respondent a
/// different role from the respondent's first row. An empty or `NA` response is not a
/// rejection: it is a counted non-answer.
public enum SurveyFileReader {
    public static let required = ["respondent_id", "role", "item", "response"]

    public struct Contents: Sendable {
        /// Accepted rows, in file order.
        public var records: [SurveyRecord]
        public var summary: FileReadSummary
    }

    public static func read(path: String) throws(NPDReadError) -> Contents {
        let table: DataTable
        do { table = try DataTable.readCSV(path: path) } catch { throw .table(error) }
        return try read(table)
    }

    /// Validates a table already parsed (its `source` names the file in messages).
    public static func read(_ table: DataTable) throws(NPDReadError) -> Contents {
        let f = try CSVFields(table, required: required, optional: [])
        let respondentColumn = f.strings("respondent_id")
        let roleColumn = f.strings("role")
        let itemColumn = f.strings("item")
        let responseColumn = f.strings("response")

        struct Key: Hashable { var respondent: String; var item: String }
        var answered: [Key: Int] = [:]
        var roleOf: [String: (role: String, row: Int)] = [:]
        var records: [SurveyRecord] = []
        var rejections: [RowRejection] = []
        for row in 0..<f.rowCount {
            var problems = RowProblems()
            var valid = true
            let respondent = Self.nonEmpty(problems.required(respondentColumn, row), "respondent_id", &problems)
            let role = Self.nonEmpty(problems.required(roleColumn, row), "role", &problems)
            let item = Self.nonEmpty(problems.required(itemColumn, row), "item", &problems)
            let text = problems.optional(responseColumn, row, &valid) ?? ""
            let response = SurveyResponse(parsing: text)
            if response == nil {
                problems.add("response", responseColumn.text(row), .unknownCode,
                             "unknown response; allowed: \(SurveyResponse.acceptedCodes)")
            }
            if let respondent, let role, let first = roleOf[respondent], first.role != role {
                problems.add("role", roleColumn.text(row), .invalidValue,
                             "respondent \(respondent) has role \"\(first.role)\" in row \(first.row)")
            }
            if let respondent, let item, let first = answered[Key(respondent: respondent, item: item)] {
                problems.add("item", itemColumn.text(row), .duplicate,
                             "respondent \(respondent) already answered item \"\(item)\" in row \(first)")
            }
            guard problems.isEmpty, let respondent, let role, let item, let response else {
                rejections.append(RowRejection(file: f.file, row: row + 1, problems: problems.problems))
                continue
            }
            answered[Key(respondent: respondent, item: item)] = row + 1
            if roleOf[respondent] == nil { roleOf[respondent] = (role, row + 1) }
            records.append(SurveyRecord(respondent: respondent, role: role, item: item, response: response, row: row + 1))
        }
        return Contents(records: records, summary: FileReadSummary(
            file: f.file, rows: f.rowCount, accepted: records.count, rejections: rejections, ignoredColumns: f.ignored))
    }

    /// The value trimmed of spaces, recording a missing value when nothing is left.
    private static func nonEmpty(_ value: String?, _ column: String, _ problems: inout RowProblems) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingSpaces
        guard !trimmed.isEmpty else {
            problems.add(column, value, .missingRequired, "required value is empty")
            return nil
        }
        return trimmed
    }
}
