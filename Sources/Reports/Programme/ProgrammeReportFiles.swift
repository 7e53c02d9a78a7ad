import Education
import Foundation

/// Writes the programme report directory: programme.md, programme.txt, programme.json
/// (the whole analysis, Codable), grade_distributions.csv, transitions.csv, time_to_leave.csv,
/// deployments.csv, costs.csv, rejections.csv and grades.svg.
public enum ProgrammeReportFiles {
    public static let fileNames = [
        "programme.md", "programme.txt", "programme.json", "grade_distributions.csv", "transitions.csv",
        "time_to_leave.csv", "deployments.csv", "costs.csv", "rejections.csv", "grades.svg",
    ]

    /// The JSON text of the analysis.
    public static func json(_ analysis: ProgrammeAnalysis) throws -> String {
        try JSONOutput.encode(analysis) + "\n"
    }

    /// Writes every file into `directory` (created if needed) and returns their paths.
    @discardableResult
    public static func write(_ analysis: ProgrammeAnalysis, to directory: String) throws(EvaluationReportFiles.WriteError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .init(path: directory, reason: error.localizedDescription)
        }
        let document = ProgrammeReportDocument.document(analysis)
        let json: String
        do { json = try Self.json(analysis) } catch { throw .init(path: "programme.json", reason: "\(error)") }
        let contents: [(String, String)] = [
            ("programme.md", document.markdown),
            ("programme.txt", document.plainText),
            ("programme.json", json),
            ("grade_distributions.csv", ProgrammeCSV.gradeDistributions(analysis)),
            ("transitions.csv", ProgrammeCSV.transitions(analysis)),
            ("time_to_leave.csv", ProgrammeCSV.timeToLeave(analysis)),
            ("deployments.csv", ProgrammeCSV.deployments(analysis)),
            ("costs.csv", ProgrammeCSV.costs(analysis)),
            ("rejections.csv", ProgrammeCSV.rejections(analysis)),
            ("grades.svg", GradeDistributionChart(distributions: analysis.ofsted?.distributions ?? []).svg()),
        ]
        var paths: [String] = []
        for (name, text) in contents {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw .init(path: path, reason: error.localizedDescription)
            }
            paths.append(path)
        }
        return paths
    }
}
