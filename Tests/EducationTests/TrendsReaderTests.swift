import DataTable
import Testing
@testable import Education

private typealias F = TrendsFixtures

@Suite("Trends: file readers")
struct TrendsReaderTests {
    private func table(_ text: String, source: String = "school_years.csv") throws -> DataTable {
        try DataTable.parseCSV(Array(text.utf8), source: source)
    }

    @Test("A school-year file with counts, percentages and support starts")
    func validFile() throws {
        let contents = try SchoolYearFileReader.read(table("""
            urn,year,cohort,meeting,percentage,support_start,support_role
            100001,2008,100,44,44,2008-10-01,receiving
            100001,2010,100,70,,,
            100002,2008,50,,30,2009,providing
            100003,2010,0,,,,
            """), measure: .ks4FiveAStarToCEnglishMaths)
        #expect(contents.summary.accepted == 4 && contents.summary.rejected == 0 && contents.summary.isBalanced)
        #expect(contents.receiving.map(\.school.value) == [100001])
        #expect(contents.receiving.first?.startYear.endYear == 2009)
        #expect(contents.providing.first?.startYear.endYear == 2009)
        #expect(contents.table.result(of: try F.urn(100002), in: try F.year(2008))?.meeting == 15)
        #expect(contents.table.result(of: try F.urn(100003), in: try F.year(2010))?.percentage == nil)
    }

    @Test("Bad rows are rejected with file, row, column and reason")
    func rejections() throws {
        let contents = try SchoolYearFileReader.read(table("""
            urn,year,cohort,meeting,percentage
            100001,2008,100,44,
            12,2008,100,44,
            100002,2008,-1,0,
            100003,2008,10,11,
            100004,2008,100,44,60
            100001,2008,100,40,
            100005,2008,100,,
            100006,2008,100,,120
            100007,2008,10.5,1,
            """), measure: nil)
        #expect(contents.summary.rows == 9 && contents.summary.accepted == 1 && contents.summary.isBalanced)
        let byRow = Dictionary(uniqueKeysWithValues: contents.summary.rejections.map { ($0.row, $0) })
        #expect(byRow[2]?.column == "urn" && byRow[2]?.kind == .outOfRange)
        #expect(byRow[3]?.column == "cohort")
        #expect(byRow[4]?.column == "meeting" && byRow[4]?.kind == .outOfRange)
        #expect(byRow[5]?.column == "percentage" && byRow[5]?.kind == .invalidValue)
        #expect(byRow[6]?.column == "year" && byRow[6]?.kind == .duplicate)
        #expect(byRow[7]?.kind == .missingRequired)
        #expect(byRow[8]?.column == "percentage" && byRow[8]?.kind == .outOfRange)
        #expect(byRow[9]?.column == "cohort" && byRow[9]?.kind == .notAWholeNumber)
        #expect(byRow[2]?.description.contains("school_years.csv: row 2") == true)
    }

    @Test("Missing columns are errors naming the file")
    func missingColumns() throws {
        #expect(throws: TrendsError.missingColumns(file: "s.csv", missing: ["cohort"], available: ["urn", "year", "meeting"])) {
            try SchoolYearFileReader.read(table("urn,year,meeting\n100001,2008,4\n", source: "s.csv"), measure: nil)
        }
        #expect(throws: TrendsError.noResultColumn(file: "s.csv", available: ["urn", "year", "cohort"])) {
            try SchoolYearFileReader.read(table("urn,year,cohort\n100001,2008,4\n", source: "s.csv"), measure: nil)
        }
        #expect(throws: TrendsError.self) { try SchoolYearFileReader.read(path: "/nonexistent/file.csv", measure: nil) }
    }

    @Test("Ofsted episode file: month-only dates, open episodes, bad rows")
    func ofstedFile() throws {
        let contents = try OfstedEpisodeFileReader.read(table("""
            urn,category,entered,left
            100001,special_measures,2005-11,2007-12
            100002,notice_to_improve,2006-07-01,2008-01-01
            100003,special_measures,2008-01-01,NA
            100004,inadequate,2008-01-01,
            100005,special_measures,2008-01-01,2007-01-01
            100006,special_measures,2008-13-01,
            """, source: "ofsted.csv"))
        #expect(contents.episodes.count == 3 && contents.summary.isBalanced)
        let asOf = try F.date("2010-01-01")
        #expect(contents.episodes.map { $0.months(asOf: asOf) } == [25, 18, 24])
        let rows = contents.summary.rejections.map { "\($0.row):\($0.column)" }
        #expect(rows == ["4:category", "5:left", "6:entered"])
    }
}
