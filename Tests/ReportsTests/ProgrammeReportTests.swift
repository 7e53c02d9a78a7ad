import DataTable
import Education
import Foundation
import Testing
import ValueForMoney
@testable import Reports

/// The programme report writers, real terms through `PriceDeflator`, and the recorded costs
/// in the evaluation's value-for-money section.
@Suite("Programme report writers")
struct ProgrammeReportTests {
    static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("programme-\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Two schools; 100001 receives two spells (2008: £800 over 4 days; 2010: £500 over 5 days),
    /// 100002 provides to it (2010: £300 over 3 days). Deflator 80 in 2008, 100 in 2010, base
    /// 2010: the 2008 cost is £800 × 100 / 80 = £1,000 real. Inspections: 100001 inadequate with
    /// special measures in 2007, good in 2011; 100002 good in 2007 and 2011.
    static func records() throws -> ProgrammeRecords {
        let schools = try temporaryFile("schools.csv", "urn,la,area,phase\n100001,201,london,secondary\n100002,202,london,secondary\n")
        let support = try temporaryFile("support.csv", """
            urn,kind,role,start_date,days,partner_urn,partner_la,cost
            100001,nle,receiving,2008-01-10,4,100002,202,800
            100001,nle,receiving,2010-01-10,5,100002,202,500
            100002,nle,providing,2010-03-01,3,100001,201,300

            """)
        let ofsted = try temporaryFile("ofsted.csv", """
            urn,inspection_date,overall_effectiveness,leadership,category
            100001,2007-05-01,4,4,special_measures
            100001,2011-05-01,2,2,none
            100002,2007-05-01,2,2,none
            100002,2011-05-01,2,1,none

            """)
        return try ProgrammeRecords.read(schoolsPath: schools, supportPath: support, ofstedPath: ofsted,
                                         asOf: try CalendarDate(iso: "2013-08-31"))
    }

    static let prices: ProgrammePrices? = try? ProgrammePrices(deflator: PriceDeflator(index: [2008: 80, 2010: 100], source: "test"), baseYear: 2010)

    @Test func realTermsThroughThePriceDeflator() throws {
        let prices = try #require(Self.prices)
        #expect(prices.factor(from: 2008) == 1.25 && prices.factor(from: 2010) == 1 && prices.factor(from: 2009) == nil)
        #expect(prices.basis == "2010 prices (deflator: test)")
        let analysis = prices.analysis(try Self.records(), asOf: try CalendarDate(iso: "2013-08-31"))
        // Client 100001: £1,000 + £500 + £300 (the providing record's partner) = £1,800 over 12 days.
        #expect(analysis.costs.totalRealCost == 1_800 && analysis.costs.bySchool.map(\.realCost) == [1_800])
        #expect(analysis.costs.meanPerSupportedSchool == 1_800 && analysis.costs.perDay == 150)
        #expect(ProgrammePrices().factor(from: 1990) == 1 && ProgrammePrices().basis.contains("cash"))
        #expect(throws: (any Error).self) { _ = try ProgrammePrices(deflator: PriceDeflator(index: [2008: 80]), baseYear: 2010) }
    }

    @Test func deflatorFile() throws {
        let good = try Self.temporaryFile("deflator.csv", "year,index\n2009,98\n2010,100\n")
        #expect(try ProgrammePrices.readDeflator(path: good).index == [2009: 98, 2010: 100])
        for (text, phrase) in [("year,index\n2009,98\n2010,-1\n", "row 2, column index"),
                               ("year,index\n2009,98\n2009,99\n", "row 2, column year"),
                               ("year,index\n2009.5,98\n", "row 1, column year"),
                               ("year,value\n2009,98\n", "needs columns")] {
            let path = try Self.temporaryFile("bad-deflator.csv", text)
            do {
                _ = try ProgrammePrices.readDeflator(path: path)
                Issue.record("\(text) was read")
            } catch {
                #expect("\(error)".contains(phrase), "\(error)")
            }
        }
    }

    @Test func reportFilesAndTheirContents() throws {
        let prices = try #require(Self.prices)
        let analysis = prices.analysis(try Self.records(), asOf: try CalendarDate(iso: "2013-08-31"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("programme-out-\(UUID().uuidString)").path
        let paths = try ProgrammeReportFiles.write(analysis, to: directory)
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ProgrammeReportFiles.fileNames)
        let md = try String(contentsOfFile: directory + "/programme.md", encoding: .utf8)
        for heading in ["## Ofsted grades before and after support", "## Grade transitions", "## Time to leave an Ofsted category",
                        "## Deployments", "## Recorded costs"] {
            #expect(md.contains(heading), "missing \(heading)")
        }
        #expect(md.contains("1 of the 1 school judged inadequate before was judged better after"))
        let text = try String(contentsOfFile: directory + "/programme.txt", encoding: .utf8)
        #expect(text.contains("Grade transitions\n-----------------") && !text.contains("|"))
        // The JSON is the whole analysis and decodes back to it.
        let json = try Data(contentsOf: URL(fileURLWithPath: directory + "/programme.json"))
        #expect(try JSONDecoder().decode(ProgrammeAnalysis.self, from: json) == analysis)
        let transitions = try DataTable.readCSV(path: directory + "/transitions.csv")
        #expect(transitions.columnNames == ["group", "grade_before", "grade_after", "schools", "percentage", "row_percentage", "change"])
        #expect(transitions.rowCount == 3 * 16)
        let leave = try String(contentsOfFile: directory + "/time_to_leave.csv", encoding: .utf8)
        // 100001 in special measures at its 2008-01-10 start, left at the 2011-05-01 inspection: 39 months.
        #expect(leave.contains("\"supported\",100001,\"special_measures\",\"2008-01-10\",\"2011-05-01\",39,0,\"2013-08-31\""))
        let costs = try String(contentsOfFile: directory + "/costs.csv", encoding: .utf8)
        #expect(costs.contains("\"total\",\"all\",3,1800,12,150,NA,NA,2010"))
        let svg = try String(contentsOfFile: directory + "/grades.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
        #expect(svg.contains("no school inspected"))   // the other-schools group is empty
    }

    @Test func plainTextTables() {
        let document = ReportDocument(title: "t", blocks: [
            .heading(level: 2, text: [.text("Head")], anchor: nil),
            .table(header: [[.text("a")], [.text("bb")]], alignments: [.left, .right], rows: [[[.text("xyz")], [.text("1")]]]),
        ])
        // "a" padded to the width of "xyz" (3), two spaces, "bb" right-aligned in width 2.
        #expect(document.plainText == "Head\n----\n\na    bb\n---  --\nxyz   1\n")
    }

    @Test func recordedCostsInTheValueForMoneySection() throws {
        let results = try #require(EvaluationReportTests.results)
        let prices = try #require(Self.prices)
        let analysis = prices.analysis(try Self.records(), asOf: try CalendarDate(iso: "2013-08-31"))
        let recorded = try #require(EvaluationValueForMoney.sectionBlocks(results, recorded: analysis.costs))
        let md = ReportDocument.markdown(blocks: recorded)
        #expect(md.contains("*Recorded programme costs:*") && md.contains("£1,800 in 2010 prices"))
        #expect(md.contains("| real cost per supported school | 1 | £1,800 |"))
        let estimate = try #require(results.estimates.first { $0.outcome == .ks4Capped && $0.analysis == .categories && $0.category == "receiving" && $0.subgroup == "all" })
        let breakEven = try #require(try EvaluationValueForMoney.analysis(estimate, recordedPerSchool: 1_800))
        #expect(abs(breakEven.presentValueCosts - 1_800 * Double(estimate.schoolsInCategory ?? 1)) < 1e-6)
        // Costs entered by hand in a design file override the recorded ones.
        let handEntered = try EvaluationDesignFile.decode(Data(#"{"valueForMoney": {"bursary": 5000}}"#.utf8), file: "d.json")
        #expect(handEntered.valueForMoney.recordedCosts == false)
        let kept = try EvaluationDesignFile.decode(Data(#"{"valueForMoney": {"bursary": 5000, "recordedCosts": true}}"#.utf8), file: "d.json")
        #expect(kept.valueForMoney.recordedCosts)
        #expect(try EvaluationDesignFile.decode(Data("{}".utf8), file: "d.json").valueForMoney.recordedCosts)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-programme-\(UUID().uuidString)").path
        try EvaluationReportFiles.write(results, to: directory, design: handEntered, recordedCosts: analysis.costs, programme: analysis)
        let report = try String(contentsOfFile: directory + "/report.md", encoding: .utf8)
        #expect(report.contains("Illustrative cost assumptions") && !report.contains("*Recorded programme costs:*"))
        #expect(report.contains("## Programme records") && report.contains("### Ofsted transitions") && report.contains("### Recorded costs"))
        // design.json says so, so that a rerun from it uses the same costs.
        let design = try String(contentsOfFile: directory + "/design.json", encoding: .utf8)
        #expect(design.contains("\"recordedCosts\" : false"))
    }

    /// Supported school 100001: inadequate before, good after; supporting 100002: good both
    /// times; no other school. Six bars: four with one school each (four segments, one per
    /// grade), two empty (one grey box each), and four legend boxes: 4 × 4 + 2 + 4 = 22 rects.
    @Test func gradeChartIsWellFormedWithOneSegmentPerGrade() throws {
        let prices = try #require(Self.prices)
        let analysis = prices.analysis(try Self.records(), asOf: try CalendarDate(iso: "2013-08-31"))
        let svg = GradeDistributionChart(distributions: try #require(analysis.ofsted).distributions).svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed && xml.rootName == "svg")
        #expect(xml.count("rect") == 1 + 22)   // and the white background
        #expect(xml.texts.contains("inadequate: 1 of 1 (100.0%)") && xml.texts.contains("good: 1 of 1 (100.0%)"))
        #expect(xml.texts.filter { $0 == "no school inspected" }.count == 2)
        #expect(FigureXML(GradeDistributionChart(distributions: []).svg()).texts.contains("No data"))
    }
}
