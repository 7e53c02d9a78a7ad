import Education
import Foundation
import Testing

@Suite("schoolsupport evaluate --event-study")
struct EventStudyCommandTests {
    @Test("evaluate --event-study on generated multi-cohort files: the model, its leads test and event-study.svg")
    func evaluateFiles() throws {
        let panel = try SyntheticPanel.generate(SyntheticPanelSpecification(
            cohort: NationalCohortSpecification(pupils: 900, schools: 40, localAuthorities: 4, seed: 5)))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("event-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [("pupils.csv", panel.pupilFileBytes()), ("schools.csv", panel.schoolFileBytes()),
                     ("support.csv", try panel.supportFileBytes())]
        for (name, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        let out = directory.appendingPathComponent("report").path
        let result = try CLI.run(
            "evaluate", "--event-study", "--outcomes", "ks4_capped", "--no-areas", "--quiet", "--json", "--out", out,
            "--pupils", directory.appendingPathComponent("pupils.csv").path,
            "--schools", directory.appendingPathComponent("schools.csv").path,
            "--support", directory.appendingPathComponent("support.csv").path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let entries = try #require(json["eventStudy"] as? [[String: Any]])
        #expect(entries.first?["model"] as? String == "ks4_capped/event_study/all")
        #expect(FileManager.default.fileExists(atPath: out + "/event-study.svg"))
        let design = try String(contentsOfFile: out + "/design.json", encoding: .utf8)
        #expect(design.contains("\"eventStudy\" : true") || design.contains("\"eventStudy\": true"))
    }

    @Test("evaluate --event-study --coverage-replications: the event-time indicators against the truth; one analysis at a time")
    func coverage() throws {
        let result = try CLI.run("evaluate", "--event-study", "--coverage-replications", "2", "--coverage-pupils", "900",
                                 "--coverage-schools", "40", "--coverage-las", "4", "--quiet")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("two-level event-study model, 6 cohort years each (2007–2012)"))
        #expect(result.stdout.contains("| `event_lag0` | 2.400 |"))
        #expect(result.stdout.contains("| `event_lead3` | 0.000 |"))
        let both = try CLI.run("evaluate", "--event-study", "--fsm-interaction", "--coverage-replications", "2")
        #expect(both.status == 64)
        #expect(both.stderr.contains("--fsm-interaction or --event-study, not both"))
    }
}
