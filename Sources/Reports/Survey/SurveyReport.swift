import DataTable
import Education

/// A survey's summaries as Markdown (through ``ReportDocument``), CSV (DataTable's `CSVWriter`)
/// and JSON (``JSONOutput``): survey.md, survey.csv and survey.json of `schoolsupport survey`.
///
/// survey.csv has one row per item and role (role `all` for every role together): `item`,
/// `role`, the five category counts, `dont_know`, `not_answered`, `substantive`, `agreeing`,
/// `percent_agreeing`, `lower`, `upper` (the Wilson interval, in percent).
public enum SurveyReport {
    /// The role label of the all-roles rows.
    public static let allRoles = "all"

    /// Everything survey.json holds: the summaries and what was read (every rejected row).
    public struct Output: Sendable, Codable {
        public var results: SurveyResults
        public var file: FileReadSummary

        public init(results: SurveyResults, file: FileReadSummary) {
            self.results = results
            self.file = file
        }
    }

    public static func json(_ output: Output) throws -> String {
        try JSONOutput.encode(output) + "\n"
    }

    public static func csv(_ results: SurveyResults) -> String {
        var csv = CSVWriter(columns: ["item", "role"] + LikertCategory.allCases.map(\.rawValue) + [
            "dont_know", "not_answered", "substantive", "agreeing", "percent_agreeing", "lower", "upper",
        ])
        for summary in results.items {
            csv.text(summary.item); csv.text(summary.role ?? allRoles)
            for count in summary.counts { csv.integer(count) }
            csv.integer(summary.dontKnow); csv.integer(summary.notAnswered)
            csv.integer(summary.substantive); csv.integer(summary.agreeing)
            csv.number(summary.percentAgreeing)
            csv.number(summary.interval?.lower); csv.number(summary.interval?.upper)
            csv.endRow()
        }
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    public static func document(_ results: SurveyResults, file: FileReadSummary) -> ReportDocument {
        typealias Block = ReportDocument.Block
        let level = EvaluationNumberFormat.fixed(100 * results.level, 0)
        var blocks: [Block] = [
            .heading(level: 1, text: .text("Survey responses"), anchor: "top"),
            .paragraph(.text(
                "Per item and respondent role: the number choosing each answer and the percentage agreeing "
                    + "(agree or strongly agree, of those giving a substantive answer; \"don't know\" and no answer "
                    + "are counted but left out), with its Wilson \(level)% interval. Respondents: "
                    + results.respondentsByRole.map { "\($0.role) \($0.respondents)" }.joined(separator: ", ") + ".")),
        ]
        let header = ["Item", "Role", "SD", "D", "N", "A", "SA", "Don't know", "No answer", "n", "% agree", "\(level)% interval"]
        var rows: [[[ReportDocument.Inline]]] = []
        for summary in results.items {
            let interval = summary.interval.map {
                "\(EvaluationNumberFormat.fixed($0.lower, 1))–\(EvaluationNumberFormat.fixed($0.upper, 1))"
            } ?? "NA"
            let role: [ReportDocument.Inline] = summary.role.map { .text($0) } ?? [.strong(.text(allRoles))]
            rows.append([.text(summary.item), role] + summary.counts.map { .text(String($0)) } + [
                .text(String(summary.dontKnow)), .text(String(summary.notAnswered)), .text(String(summary.substantive)),
                .text(EvaluationNumberFormat.fixed(summary.percentAgreeing, 1)), .text(interval),
            ])
        }
        blocks.append(.table(
            header: header.map { .text($0) },
            alignments: [.left, .left] + Array(repeating: .right, count: header.count - 2), rows: rows))
        blocks.append(.paragraph(.text(
            "SD strongly disagree, D disagree, N neither agree nor disagree, A agree, SA strongly agree; n the "
                + "substantive answers. Small groups give wide intervals: a percentage of a handful of respondents "
                + "is not a finding on its own.")))
        blocks.append(.heading(level: 2, text: .text("Data read"), anchor: "data-read"))
        blocks.append(.paragraph(.text(file.description)))
        if !file.rejections.isEmpty {
            blocks.append(.list(file.rejections.map { .text($0.description) }))
        }
        return ReportDocument(title: "Survey responses", blocks: blocks)
    }
}
