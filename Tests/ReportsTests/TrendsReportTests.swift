import DataTable
import Education
import Foundation
import Testing
@testable import Reports

@Suite("Trends report writers")
struct TrendsReportTests {
    /// Ten schools over 2007–2010, four supported from 2009; one closes, one has a zero cohort.
    static func results(groupName: String = "receiving support") throws -> TrendsResults {
        var results: [SchoolYearResult] = []
        for k in 0..<10 {
            let school = try URN(100_001 + k)
            for year in 2007...2010 {
                if k == 8, year > 2008 { continue }
                let cohort = k == 9 && year == 2010 ? 0 : 40 + 10 * k
                let percentage = 25 + 3 * Double(k) + 2 * Double(year - 2007) + (k < 4 && year >= 2009 ? 5 : 0)
                results.append(try SchoolYearResult(school: school, year: AcademicYear(endingIn: year), cohort: cohort,
                                                    percentage: cohort == 0 ? 0 : percentage))
            }
        }
        let table = try SchoolYearTable(measure: .ks4FiveAStarToCEnglishMaths, results: results)
        let group = try SupportGroup(name: groupName, schools: (0..<4).map {
            SupportedSchool(school: try URN(100_001 + $0), startYear: try AcademicYear(endingIn: 2009))
        })
        let episodes = try [
            OfstedEpisode(school: URN(100001), category: .specialMeasures, entered: CalendarDate(iso: "2005-11-01"), left: CalendarDate(iso: "2007-12-01")),
            OfstedEpisode(school: URN(100002), category: .noticeToImprove, entered: CalendarDate(iso: "2006-07-01"), left: CalendarDate(iso: "2008-01-01")),
            OfstedEpisode(school: URN(100003), category: .specialMeasures, entered: CalendarDate(iso: "2008-01-01")),
        ]
        return try TrendsAnalysis.run(table: table, groups: [group], episodes: episodes,
                                      ofstedAsOf: try CalendarDate(iso: "2010-08-31"))
    }

    @Test("Text table labels both averaging methods and shows floor counts, notes and Ofsted months")
    func text() throws {
        let text = TrendsTextTable.render(try Self.results())
        #expect(text.contains("pupil-weighted (all pupils pooled)"))
        #expect(text.contains("unweighted mean of school percentages"))
        #expect(text.contains("Below the 30.0% floor"))
        #expect(text.contains("Difference-in-differences"))
        #expect(text.contains("not causal"))
        #expect(text.contains("results_end"))
        #expect(text.contains("zero_cohort"))
        #expect(text.contains("special measures"))
    }

    @Test("JSON is valid and carries the figures")
    func json() throws {
        let json = try TrendsJSON.render(try Self.results())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["caveat"] is String)
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.count == 1)
        #expect((object["baselineYear"] as? Int) == 2008)
        #expect((object["ofsted"] as? [Any])?.count == 3)
    }

    @Test("CSV files have a constant number of fields and R's NA")
    func csv() throws {
        let results = try Self.results()
        for text in [TrendsCSV.summary(results), TrendsCSV.schools(results)] {
            let lines = text.split(separator: "\n")
            #expect(lines.count > 1)
            let fields = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).count }
            #expect(Set(fields).count == 1)
        }
        let summary = TrendsCSV.summary(results)
        #expect(summary.contains("\"ratio\""))
        #expect(summary.contains("\"pupil_weighted\""))
        #expect(summary.contains("\"school_mean\""))
        #expect(TrendsCSV.schools(results).split(separator: "\n").count == 5)
    }

    @Test("CSV numbers are in R's format (15 significant digits, no trailing .0) and read back with DataTable")
    func csvNumbers() throws {
        let results = try Self.results()
        for text in [TrendsCSV.summary(results), TrendsCSV.schools(results)] {
            let table = try DataTable.parseCSV(Array(text.utf8), source: "trends.csv")
            #expect(table.rowCount == text.split(separator: "\n").count - 1)
            for cell in text.split(separator: "\n").dropFirst().flatMap({ $0.split(separator: ",") }) where !cell.hasPrefix("\"") {
                #expect(!cell.hasSuffix(".0"), "\(cell)")
                let mantissa = cell.prefix { $0 != "e" }.filter(\.isNumber).drop { $0 == "0" }
                #expect(mantissa.count <= 15, "\(cell)")
            }
        }
    }

    @Test("Markdown has the tables and every note")
    func markdown() throws {
        let results = try Self.results()
        let markdown = TrendsMarkdown.render(results)
        #expect(markdown.contains("## School-level trends"))
        #expect(markdown.contains("| group | figure |"))
        #expect(markdown.contains("### Time in an Ofsted category"))
        #expect(results.notes.allSatisfy { markdown.contains($0.message) })
    }

    @Test("Trajectory chart is well-formed SVG, escapes names and copes with no data")
    func chart() throws {
        let svg = TrajectoryChart(results: try Self.results(groupName: "NLE <clients> & \"friends\"")).svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(xml.rootName == "svg")
        #expect(xml.count("path") >= 5)
        #expect(xml.count("circle") == 4)
        #expect(xml.texts.contains { $0.contains("NLE <clients>") })

        let empty = try TrendsAnalysis.run(table: SchoolYearTable(measure: nil, results: []), groups: [])
        let none = FigureXML(TrajectoryChart(results: empty).svg())
        #expect(none.isWellFormed)
        #expect(none.texts.contains("No data"))
    }
}
