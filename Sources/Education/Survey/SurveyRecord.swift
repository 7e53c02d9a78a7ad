/// One accepted row of a survey file: one respondent's answer to one item.
public struct SurveyRecord: Sendable, Hashable {
    public let respondent: String
    /// The respondent's role (headteacher, teacher, governor, ...), as written.
    public let role: String
    /// The questionnaire item, as written.
    public let item: String
    public let response: SurveyResponse
    /// The 1-based data row of the file.
    public let row: Int

    public init(respondent: String, role: String, item: String, response: SurveyResponse, row: Int) {
        self.respondent = respondent
        self.role = role
        self.item = item
        self.response = response
        self.row = row
    }
}
