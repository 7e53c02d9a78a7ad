import Education
import Foundation
import Testing

@Suite("schoolsupport evaluate --matched")
struct MatchedCommandTests {
    /// Writes a generated panel (with selection into support) to a new directory.
    static func files(selection: Bool, years: Int = 6) throws -> URL {
        var spec = SyntheticPanelSpecification(
            cohort: NationalCohortSpecification(pupils: 2_400, schools: 120, localAuthorities: 6, seed: 8))
        spec.years = years
        if selection { spec.selection = SupportSelection() }
        let panel = try SyntheticPanel.generate(spec)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matched-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = [("pupils.csv", panel.pupilFileBytes()), ("schools.csv", panel.schoolFileBytes()),
                     ("support.csv", try panel.supportFileBytes())]
        for (name, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        return directory
    }

    static func arguments(_ directory: URL, _ extra: String...) -> [String] {
        ["evaluate", "--outcomes", "ks4_capped", "--no-areas", "--quiet", "--json", "--out", directory.appendingPathComponent("report").path,
         "--pupils", directory.appendingPathComponent("pupils.csv").path,
         "--schools", directory.appendingPathComponent("schools.csv").path,
         "--support", directory.appendingPathComponent("support.csv").path] + extra
    }

    @Test("evaluate --matched on generated multi-cohort files: the matched key, pre/post on the matched sample, the report section")
    func evaluateFiles() throws {
        let directory = try Self.files(selection: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(Self.arguments(directory, "--matched", "--match-caliper", "1", "--match-neighbours", "2"))
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let matched = try #require(json["matched"] as? [String: Any])
        #expect(matched["singleCohort"] as? Bool == false)
        let options = try #require(matched["options"] as? [String: Any])
        #expect(options["neighbours"] as? Int == 2)
        #expect(options["caliper"] as? Double == 1)
        let outcomes = try #require(matched["outcomes"] as? [[String: Any]])
        let matching = try #require(outcomes.first?["matching"] as? [String: Any])
        #expect(((matching["pairs"] as? [Any])?.count ?? 0) > 0)
        #expect(matching["naiveChange"] != nil && matching["matchedDifference"] != nil)
        let models = try #require(matched["models"] as? [[String: Any]])
        #expect(models.map { $0["analysis"] as? String } == ["pre_post"])
        // The all-schools models are still there, under their own key.
        #expect(((json["models"] as? [[String: Any]])?.count ?? 0) > 0)
        let report = try String(contentsOfFile: directory.appendingPathComponent("report/report.md").path, encoding: .utf8)
        #expect(report.contains("## Matched comparison"))
        #expect(report.contains("Naive before/after change"))
        #expect(report.contains("std. diff. before"))
        let design = try String(contentsOfFile: directory.appendingPathComponent("report/design.json").path, encoding: .utf8)
        #expect(design.contains("\"neighbours\""))
    }

    @Test("without --matched there is no matched key; match options alone are warned about; bad values are refused by name")
    func optionsAndBadValues() throws {
        let directory = try Self.files(selection: false, years: 2)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try CLI.run(Self.arguments(directory, "--match-neighbours", "3"))
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try plain.object()["matched"] == nil)
        #expect(plain.stderr.contains("--match-neighbours has no effect without --matched"))
        let bad = try CLI.run(Self.arguments(directory, "--matched", "--match-caliper=-2"))
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--match-caliper must be a positive number or 'none' (got '-2')"))
        let many = try CLI.run(Self.arguments(directory, "--matched", "--match-neighbours", "0"))
        #expect(many.status == 64)
        #expect(many.stderr.contains("--match-neighbours must lie in 1...50"))
    }

    @Test("a single cohort: said in the JSON and counted, the category model listed as skipped, exit 0")
    func singleCohort() throws {
        let directory = try Self.files(selection: false, years: 2)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Keep the pupils of the second year only (support starts in it: no earlier year).
        let path = directory.appendingPathComponent("pupils.csv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let kept = [lines[0]] + lines.dropFirst().filter { $0.contains(",2008,") }
        try (kept.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(Self.arguments(directory, "--matched"))
        #expect(result.status == 0, "\(result.stderr)")
        let matched = try #require(try result.object()["matched"] as? [String: Any])
        #expect(matched["singleCohort"] as? Bool == true)
        #expect((matched["note"] as? String)?.contains("single cohort") == true)
        let models = try #require(matched["models"] as? [[String: Any]])
        #expect(models.first?["analysis"] as? String == "categories")
        #expect(models.first?["status"] as? String == "skipped")
    }

    @Test("evaluate --matched --coverage-replications: the naive and matched rows of the regression-to-the-mean study")
    func study() throws {
        let result = try CLI.run("evaluate", "--matched", "--coverage-replications", "3", "--coverage-pupils", "4000",
                                 "--coverage-schools", "200", "--coverage-las", "20", "--quiet")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| 0.00 | naive before/after |"))
        #expect(result.stdout.contains("| 2.40 | matched difference-in-differences |"))
    }
}
