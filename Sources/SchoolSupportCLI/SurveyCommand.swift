import ArgumentParser
import Education
import Foundation
import Reports

/// `schoolsupport survey`: summaries of an evaluation questionnaire (Likert items) per item and
/// respondent role. The counting is in `Education` (SurveyAnalysis); this command reads
/// arguments, prints and writes files.
struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Likert questionnaire summaries per item and role, with % agreeing and Wilson intervals.",
        discussion: """
        Reads a long-format survey file (respondent_id, role, item, response). Responses are \
        strongly_disagree, disagree, neither_agree_nor_disagree, agree, strongly_agree or 1-5; dont_know and \
        empty/NA are counted separately and left out of the percentage agreeing. Writes survey.md, survey.csv \
        and survey.json to --out. See Docs/survey.md.
        """)

    @Option(help: "Survey file (respondent_id, role, item, response).")
    var responses: String

    @Option(parsing: .unconditional, help: "Confidence level of the intervals.")
    var level: Double = 0.95

    @Option(help: "Output directory.")
    var out: String = "survey"

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must lie strictly between 0 and 1, got \(level)") }
    }

    func run() throws {
        try EvaluateCommand.checkWritableDirectory(out)
        let contents = try SurveyFileReader.read(path: responses)
        reportRead(contents.summary, fullList: "\(out)/survey.json")
        let results = SurveyAnalysis.summarise(contents.records, level: level)
        let markdown = SurveyReport.document(results, file: contents.summary).markdown
        let files = [
            ("survey.md", markdown),
            ("survey.csv", SurveyReport.csv(results)),
            ("survey.json", try SurveyReport.json(SurveyReport.Output(results: results, file: contents.summary))),
        ]
        for (name, text) in files {
            let path = URL(fileURLWithPath: out).appendingPathComponent(name).path
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw OutputError("cannot write \(path): \(error.localizedDescription)")
            }
        }
        print(markdown, terminator: "")
        print("wrote " + files.map { "\(out)/\($0.0)" }.joined(separator: ", "))
    }
}
