import Education
import Foundation
import Testing

/// `generate --panel` and the bad inputs of the when / for whom designs through the command:
/// support ending before it starts, supported schools with no pre-period, a cohort with no
/// FSM pupil, each said and counted in the report and the JSON, none a crash.
@Suite("schoolsupport generate --panel and the designs' bad inputs")
struct DesignInputsCommandTests {
    @Test("generate --panel writes six cohorts of the same schools with dated support; it needs --files and refuses KS2")
    func generatePanel() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run("generate", "--pupils", "600", "--schools", "30", "--las", "3", "--seed", "7",
                                 "--year", "2007", "--panel", "6", "--files", directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Wrote a panel of 6 KS4 cohorts (2007–2012): 3600 pupils in 30 schools"))
        let pupils = try String(contentsOf: directory.appendingPathComponent("pupils.csv"), encoding: .utf8)
        let rows = pupils.split(separator: "\n").dropFirst()
        #expect(rows.count == 3_600)
        // Column 2 is the year: 600 pupils in each of 2007-2012.
        let years = Dictionary(grouping: rows) { $0.split(separator: ",")[1] }.mapValues(\.count)
        #expect(years == ["2007": 600, "2008": 600, "2009": 600, "2010": 600, "2011": 600, "2012": 600])
        let support = try String(contentsOf: directory.appendingPathComponent("support.csv"), encoding: .utf8)
        #expect(support.hasPrefix("\"record\",\"urn\",\"kind\",\"role\",\"start_date\",\"end_date\""))
        // The same seed gives the library's panel, byte for byte.
        var spec = SyntheticPanelSpecification(cohort: NationalCohortSpecification(pupils: 600, schools: 30, localAuthorities: 3, seed: 7))
        spec.firstYear = 2007
        spec.years = 6
        let panel = try SyntheticPanel.generate(spec)
        #expect(Array(pupils.utf8) == panel.pupilFileBytes())

        let noFiles = try CLI.run("generate", "--panel", "6", "--out", directory.appendingPathComponent("x.csv").path)
        #expect(noFiles.status == 64)
        #expect(noFiles.stderr.contains("--panel needs --files"))
        let withKS2 = try CLI.run("generate", "--panel", "6", "--ks2", "--files", directory.path)
        #expect(withKS2.status == 64)
        #expect(withKS2.stderr.contains("--ks2 cannot be combined with --panel"))
        let oneYear = try CLI.run("generate", "--panel", "1", "--files", directory.path)
        #expect(oneYear.status == 64)
        #expect(oneYear.stderr.contains("--panel must be at least 2"))
        let tooLong = try CLI.run("generate", "--panel", "9223372036854775807", "--year", "2007", "--files", directory.path)
        #expect(tooLong.status == 64)
        #expect(tooLong.stderr.contains("must lie in 1990-2015, and at most 9 fit from --year 2007"))
    }

    @Test("an end before the start, schools without a pre-period and no FSM pupil: counted in the JSON and the report, not a crash")
    func badInputs() throws {
        var spec = SyntheticPanelSpecification(cohort: NationalCohortSpecification(pupils: 900, schools: 40, localAuthorities: 4, seed: 5))
        spec.startedBeforeShare = 0.5
        let panel = try SyntheticPanel.generate(spec)
        let withoutPre = panel.spells.values.filter { $0.start < spec.firstYear }.count
        try #require(withoutPre > 0 && withoutPre < panel.spells.count)
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // No pupil eligible for FSM.
        var lines = String(decoding: panel.pupilFileBytes(), as: UTF8.self).split(separator: "\n").map(String.init)
        let fsm = try #require(lines[0].split(separator: ",").firstIndex(of: "\"fsm\""))
        for k in 1..<lines.count {
            var fields = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[fsm] = "0"
            lines[k] = fields.joined(separator: ",")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("pupils.csv"), atomically: true, encoding: .utf8)
        try Data(panel.schoolFileBytes()).write(to: directory.appendingPathComponent("schools.csv"))
        // One record whose support ends before it starts.
        let urn = try #require(panel.cohorts.first?.schools.first?.urn)
        let support = String(decoding: try panel.supportFileBytes(), as: UTF8.self)
            + "\"BAD1\",\(urn),\"nle\",\"receiving\",\"2010-09-01\",\"2009-06-30\",NA,NA,NA,NA,NA\n"
        try support.write(to: directory.appendingPathComponent("support.csv"), atomically: true, encoding: .utf8)

        let out = directory.appendingPathComponent("report").path
        let result = try CLI.run(
            "evaluate", "--event-study", "--fsm-interaction", "--school-context", "--outcomes", "ks4_capped", "--no-areas",
            "--quiet", "--json", "--out", out,
            "--pupils", directory.appendingPathComponent("pupils.csv").path,
            "--schools", directory.appendingPathComponent("schools.csv").path,
            "--support", directory.appendingPathComponent("support.csv").path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        // The record is rejected and counted: one invalid value in the support file.
        let read = try #require(json["read"] as? [String: Any])
        let supportRead = try #require(read["support"] as? [String: Any])
        #expect(supportRead["rejected"] as? Int == 1)
        #expect((supportRead["rejectedByKind"] as? [String: Int])?["invalid_value"] == 1)
        // Supported schools without a pre-period are counted and listed.
        let events = try #require(json["eventStudy"] as? [[String: Any]])
        let listed = try #require(events.first?["schoolsWithoutPrePeriod"] as? [String])
        #expect(listed.count == withoutPre)
        // No FSM pupil: the disadvantage model is skipped saying why, % FSM is left out of
        // the context, and the other models run.
        let models = try #require(json["models"] as? [[String: Any]])
        let disadvantage = try #require(models.first { $0["id"] as? String == "ks4_capped/fsm_interaction/all" })
        #expect(disadvantage["status"] as? String == "skipped")
        #expect((disadvantage["message"] as? String)?.contains("no pupil here is eligible") == true)
        let categories = try #require(models.first { $0["id"] as? String == "ks4_capped/categories/all" })
        #expect(categories["status"] as? String == "fitted")
        let context = try #require(json["schoolContext"] as? [String: Any])
        let notes = try #require(context["notes"] as? [String])
        #expect(notes.contains { $0.hasPrefix("ctx_pct_fsm: no KS4 pupil is eligible for FSM") })

        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("end_date"))
        #expect(report.contains("\(withoutPre) of \(panel.spells.count) supported schools have no year before their support started"))
        #expect(report.contains("no pupil here is eligible"))
        #expect(report.contains("## School context"))
        #expect(report.contains("ctx_pct_fsm: no KS4 pupil is eligible for FSM"))
        #expect(report.contains("The context coefficients of the category models"))
        // % FSM was left out, so its cell is a dash.
        #expect(report.contains("| `ks4_capped/categories/all` | – |"))
    }
}
