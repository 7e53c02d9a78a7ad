import Foundation
import Testing

/// `evaluate` (and `fit`) on inputs with problems: every problem is reported, nothing computed
/// is lost.
@Suite struct EvaluateInputTests {
    /// Path of `relative` inside the repository.
    static func repositoryPath(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }

    /// A copy of the shipped synthetic files in a new directory, with `edit` applied to the
    /// pupil file's lines.
    static func syntheticCopy(editPupils edit: (inout [String]) -> Void) throws -> URL {
        let directory = try CLI.temporaryDirectory()
        for name in ["schools.csv", "support.csv"] {
            try FileManager.default.copyItem(atPath: repositoryPath("Data/synthetic/" + name),
                                             toPath: directory.appendingPathComponent(name).path)
        }
        let text = try String(contentsOfFile: repositoryPath("Data/synthetic/pupils.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        edit(&lines)
        try lines.joined(separator: "\n").write(to: directory.appendingPathComponent("pupils.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test("evaluate warns on stderr and in the report when a numeric column turns categorical")
    func strayValueWarning() throws {
        let directory = try Self.syntheticCopy { lines in
            lines[2] = lines[2].replacingOccurrences(of: ",0.287,", with: ",oops,")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report")
        let result = try CLI.run("evaluate", "--pupils", directory.appendingPathComponent("pupils.csv").path,
                                 "--schools", directory.appendingPathComponent("schools.csv").path,
                                 "--support", directory.appendingPathComponent("support.csv").path,
                                 "--outcomes", "ks4_capped", "--no-areas", "--quiet", "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: "))
        #expect(result.stderr.contains("column \"idaci\" is read as categorical"))
        #expect(result.stderr.contains("\"oops\" (data row 2)"))
        let report = try String(contentsOfFile: out.appendingPathComponent("report.md").path, encoding: .utf8)
        #expect(report.contains("## Input warnings"))
        #expect(report.contains("\"oops\" (data row 2)"))
    }

    @Test("evaluate with every pupil row rejected: exit 65, the counts by reason, and rejections.csv written")
    func everyRowRejected() throws {
        let directory = try Self.syntheticCopy { lines in
            // Keep the header and six pupils: three at a school not in the school file, three
            // with an impossible IDACI score.
            lines = Array(lines.prefix(7))
            for i in 1...3 { lines[i] = lines[i].replacingOccurrences(of: ",0.", with: ",7.") }
            for i in 4...6 {
                var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[3] = "999999"
                lines[i] = fields.joined(separator: ",")
            }
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report")
        let result = try CLI.run("evaluate", "--pupils", directory.appendingPathComponent("pupils.csv").path,
                                 "--schools", directory.appendingPathComponent("schools.csv").path,
                                 "--quiet", "--out", out.path)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("every one of the 6 rows of"))
        #expect(result.stderr.contains("unknown_school 3"))
        let rejections = try String(contentsOfFile: out.appendingPathComponent("rejections.csv").path, encoding: .utf8)
        #expect(rejections.split(separator: "\n").count == 7)
    }

    @Test("fit warns on stderr when a numeric column turns categorical")
    func fitWarning() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = ["y,x,g"]
        for i in 1...40 { lines.append("\(Double(i % 7) + 0.5),\(i % 10),\(i % 5)") }
        lines[5] = "1.5,oops,0"
        let file = directory.appendingPathComponent("data.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run("fit", "--data", file.path, "--formula", "y ~ x + (1 | g)")
        #expect(result.stderr.contains("warning: \(file.path): column \"x\" is read as categorical"))
        #expect(result.stderr.contains("\"oops\" (data row 5)"))
    }

    @Test("evaluate --out naming a file fails before any model is fitted")
    func outIsAFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("taken")
        try Data().write(to: file)
        let result = try CLI.run("evaluate", "--out", file.path)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("is a file, not a directory"))
        #expect(!result.stderr.contains("[ "))   // no progress line: nothing was fitted
    }

    @Test("evaluate that estimates nothing says why and exits non-zero")
    func nothingEstimated() throws {
        let directory = try Self.syntheticCopy { _ in }
        defer { try? FileManager.default.removeItem(at: directory) }
        let header = try String(contentsOfFile: Self.repositoryPath("Data/synthetic/support.csv"), encoding: .utf8)
            .split(separator: "\n")[0]
        let support = directory.appendingPathComponent("support.csv")
        try (header + "\n").write(to: support, atomically: true, encoding: .utf8)
        let result = try CLI.run("evaluate", "--pupils", directory.appendingPathComponent("pupils.csv").path,
                                 "--schools", directory.appendingPathComponent("schools.csv").path,
                                 "--support", support.path, "--outcomes", "ks4_capped", "--no-areas", "--quiet",
                                 "--out", directory.appendingPathComponent("report").path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no support records"))
        #expect(result.stdout.contains("No effect was estimated"))
        #expect(result.stdout.contains("not estimable (no pupils in this category here)"))
    }

    @Test("evaluate warns about coverage-study options without --coverage-replications")
    func ignoredOptions() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("taken")
        try Data().write(to: file)
        // --out naming a file stops the run before any work, after the option warnings.
        let result = try CLI.run("evaluate", "--coverage-pupils", "50", "--coverage-seed", "3", "--out", file.path)
        #expect(result.stderr.contains("warning: --coverage-pupils has no effect without --coverage-replications"))
        #expect(result.stderr.contains("warning: --coverage-seed has no effect without --coverage-replications"))
        #expect(!result.stderr.contains("--coverage-las has no effect"))
    }

    @Test("evaluate lists every rejected row, values as written, in rejections.csv")
    func rejectionsFile() throws {
        let directory = try Self.syntheticCopy { lines in
            for i in 1...15 { lines[i] = lines[i].replacingOccurrences(of: ",2010,4,", with: ",2010,9,") }
            lines[20] = lines[20].replacingOccurrences(of: ",4,100", with: ",inf,100")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report")
        let result = try CLI.run("evaluate", "--pupils", directory.appendingPathComponent("pupils.csv").path,
                                 "--schools", directory.appendingPathComponent("schools.csv").path,
                                 "--support", directory.appendingPathComponent("support.csv").path,
                                 "--outcomes", "ks4_capped", "--no-areas", "--quiet", "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOfFile: out.appendingPathComponent("rejections.csv").path, encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "\"file\",\"row\",\"column\",\"value\",\"kind\",\"reason\"")
        #expect(lines.count >= 17)   // header, 15 bad key stages, the inf
        #expect(csv.contains(",15,\"key_stage\",\"9\","))
        #expect(csv.contains(",20,\"key_stage\","))
    }
}
