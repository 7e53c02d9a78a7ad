import DataTable
import Education
import Foundation
import Testing
@testable import Reports

/// The event-study model in the report files: its section, figure and results.json key.
@Suite("Event-study report")
struct EventStudyReportTests {
    static func results() throws -> EvaluationResults {
        var spec = SyntheticPanelSpecification(cohort: NationalCohortSpecification(pupils: 1_200, schools: 50, localAuthorities: 5, seed: 21))
        spec.startedBeforeShare = 0.2
        let panel = try SyntheticPanel.generate(spec)
        let dataSet = try NPDDataSet.read(
            pupils: DataTable.parseCSV(panel.pupilFileBytes(), source: "pupils.csv"),
            schools: DataTable.parseCSV(panel.schoolFileBytes(), source: "schools.csv"),
            support: DataTable.parseCSV(try panel.supportFileBytes(), source: "support.csv"))
        var design = EvaluationDesign()
        design.outcomes = [.ks4Capped]
        design.areas = []
        design.crossLA = false
        design.dose = false
        design.prePost = false
        design.eventStudy = true
        return try Evaluation(design: design).run(EvaluationData(dataSet: dataSet))
    }

    @Test("report.md, report.html, event-study.svg and results.json carry the event study")
    func files() throws {
        let results = try Self.results()
        let model = try #require(results.models.first { $0.specification.analysis == .eventStudy })
        #expect(model.status == .fitted)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("event-study-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try EvaluationReportFiles.write(results, to: directory)
        #expect(paths.contains { $0.hasSuffix("/event-study.svg") })

        let markdown = EvaluationMarkdown.render(results)
        #expect(markdown.contains("### Event study (years from support start)"))
        #expect(markdown.contains("What the design can show"))
        #expect(markdown.contains("](event-study.svg)"))
        for indicator in EventStudy.indicators { #expect(markdown.contains("`\(indicator.name)`")) }

        let html = EvaluationHTML.render(results)
        checkBalancedTags(html)
        #expect(externalReferences(html).isEmpty)
        #expect(html.contains("Event-study plot of 7 estimates"))

        let svg = try #require(EvaluationFigures.eventStudyPlot(results)).svg()
        #expect(svg.contains(">ref.</text>"))
        #expect(svg.contains("support starts") && svg.contains("support ended"))
        #expect(svg.contains("Leads jointly zero: Wald chi-square"))

        let json = try EvaluationJSON.render(results)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let entries = try #require(object["eventStudy"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries[0]["model"] as? String == "ks4_capped/event_study/all")
        #expect(entries[0]["referenceEventTime"] as? Int == -1)
        let test = try #require(entries[0]["leadsTest"] as? [String: Any])
        #expect(test["degreesOfFreedom"] as? Int == 2)
        #expect((test["pValue"] as? Double).map { (0...1).contains($0) } == true)
        let without = try #require(entries[0]["schoolsWithoutPrePeriod"] as? [String])
        #expect(without == model.eventStudy?.schoolsWithoutPrePeriod)
    }

    @Test("a run without the event study writes no event-study figure or key")
    func absent() throws {
        var results = try Self.results()
        results.models.removeAll { $0.specification.analysis == .eventStudy }
        results.estimates.removeAll { $0.analysis == .eventStudy }
        #expect(EvaluationFigures.eventStudyPlot(results) == nil)
        #expect(!EvaluationMarkdown.render(results).contains("event-study.svg"))
        #expect(!(try EvaluationJSON.render(results)).contains("\"eventStudy\""))
    }

    @Test("the plot draws non-finite points as omitted and an empty figure as no data")
    func plotEdges() {
        let plot = EventStudyPlot(title: "t", xLabel: "x", panels: [EventStudyPlot.Panel(title: "p", yLabel: "y", points: [
            .init(label: "-2", estimate: .nan, lower: 0, upper: 1, phase: "lead"),
            .init(label: "-1", estimate: 0, lower: 0, upper: 0, isReference: true, phase: "lead"),
            .init(label: "0", estimate: 1, lower: 0.5, upper: 1.5, phase: "lag"),
        ])])
        let svg = plot.svg()
        #expect(svg.contains("1 point not estimated"))
        #expect(svg.contains(">estimated</text>"))
        #expect(!svg.contains("NaN") && !svg.contains("nan"))
        #expect(EventStudyPlot(title: "t", xLabel: "x", panels: []).svg().contains("No data"))
    }
}
