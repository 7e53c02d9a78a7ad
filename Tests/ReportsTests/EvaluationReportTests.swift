import DataTable
import Education
import Foundation
import Testing
@testable import Reports

@Suite("Evaluation report writers")
struct EvaluationReportTests {
    /// One small evaluation shared by the tests (capped score, all pupils and London; H5 and dose).
    static let results: EvaluationResults? = {
        let spec = NationalCohortSpecification(pupils: 2_000, schools: 80, localAuthorities: 12, seed: 17)
        guard let cohort = try? SyntheticCohort.generate(spec) else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-report-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil,
              let paths = try? cohort.writeFiles(directory: directory.path) else { return nil }
        var design = EvaluationDesign()
        design.outcomes = [.ks4Capped]
        design.areas = [.london]
        return try? Evaluation.run(pupilsPath: paths.pupils, schoolsPath: paths.schools, supportPath: paths.support, design: design)
    }()

    @Test("CSV: one row per estimate, the documented columns, NA for missing")
    func csv() throws {
        let results = try #require(Self.results)
        let lines = EvaluationCSV.render(results).split(separator: "\n")
        #expect(lines.count == results.estimates.count + 1)
        #expect(lines[0].hasPrefix("\"outcome\",\"analysis\",\"area\",\"phase\",\"category\",\"term\""))
        #expect(lines.dropFirst().allSatisfy { $0.contains("not causal effects") })
        #expect(lines[1].contains("\"ks4_capped\",\"categories\",\"all\",\"secondary\""))
    }

    @Test("CSV: numbers as R's write.csv prints them, text quoted, and it reads back with DataTable")
    func csvNumberFormat() throws {
        var results = try #require(Self.results)
        var first = try #require(results.estimates.first)
        first.estimate = 1.0 / 3
        first.standardError = 2.0
        first.oddsRatio = .infinity
        first.effectSize = 1e-300
        first.meaning = "a \"quoted\", two-line\nmeaning"
        results.estimates = [first]
        let text = EvaluationCSV.render(results)
        let row = try #require(text.split(separator: "\n", maxSplits: 1).last)
        #expect(row.contains(",0.333333333333333,2,"))
        #expect(row.contains(",1e-300,"))
        #expect(row.contains(",Inf,"))
        #expect(row.contains("\"a \"\"quoted\"\", two-line\nmeaning\""))
        let table = try DataTable.parseCSV(Array(text.utf8), source: "results.csv")
        #expect(table.columnNames == EvaluationCSV.columns)
        #expect(try table.column("meaning").text(at: 0) == first.meaning)
        #expect(try table.column("odds_ratio").numericValues == [.infinity])
        #expect(try table.column("estimate").numericValues == [0.333333333333333])
    }

    @Test("JSON: parses, carries the caveat, models with formulas and balanced exclusions")
    func json() throws {
        let results = try #require(Self.results)
        let text = try EvaluationJSON.render(results)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((object["caveat"] as? String)?.contains("not causal effects") == true)
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.contains { ($0["formula"] as? String)?.hasPrefix("ks4_capped ~ ks2_aps") == true })
        #expect(object["exclusionsBalance"] as? Bool == true)
        #expect((object["estimates"] as? [Any])?.count == results.estimates.count)
    }

    @Test("Markdown: caveat, tables, figures, value for money, R code and exclusions")
    func markdown() throws {
        let results = try #require(Self.results)
        let md = EvaluationMarkdown.render(results)
        #expect(md.contains("not causal effects"))
        #expect(md.contains("![Forest plot of the category effects](forest.svg)"))
        #expect(md.contains("![Caterpillar plot of school effects](caterpillar.svg)"))
        #expect(md.contains("## Value for money") && md.contains("Illustrative cost assumptions"))
        #expect(md.contains("lme4::lmer(ks4_capped ~ ks2_aps"))
        #expect(md.contains("The counts add up for every model."))
        #expect(md.contains("`supportreceiving`") || md.contains("`supportproviding`"))
        let text = EvaluationTextTable.render(results)
        #expect(text.hasPrefix(results.caveat))
        #expect(text.contains("supportts_programme") || text.contains("supportreceiving"))
    }

    @Test("Value for money: a capped-points estimate becomes an effect estimate and a break-even analysis")
    func valueForMoney() throws {
        let results = try #require(Self.results)
        let estimate = try #require(results.estimates.first { $0.outcome == .ks4Capped && $0.analysis == .categories })
        let effect = try #require(EvaluationValueForMoney.effectEstimate(estimate))
        #expect(effect.outcome == .ks4CappedPoints && effect.estimate == estimate.estimate)
        #expect(effect.standardError == estimate.standardError)
        let analysis = try #require(try EvaluationValueForMoney.analysis(estimate))
        let costs = EvaluationValueForMoney.IllustrativeCosts()
        #expect(abs(analysis.presentValueCosts - costs.perSchool * Double(estimate.schoolsInCategory ?? 1)) < 1e-6)
        #expect(abs(costs.perSchool - (39 * 2_000.0 / 6 + 10_000)) < 1e-9)
    }

    @Test("The report directory holds the five files, figures as SVG")
    func files() throws {
        let results = try #require(Self.results)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-out-\(UUID().uuidString)").path
        let paths = try EvaluationReportFiles.write(results, to: directory)
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == EvaluationReportFiles.fileNames)
        for name in ["forest.svg", "caterpillar.svg"] {
            let svg = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(svg.contains("<svg"))
        }
        #expect(throws: EvaluationReportFiles.WriteError.self) {
            try EvaluationReportFiles.write(results, to: "/proc/not-writable/report")
        }
    }
}
