import DataTable
import Testing
@testable import Education

/// Trends inputs that disagree with themselves are resolved by a stated rule and reported.
@Suite struct TrendsInputTests {
    @Test("A school with receiving and providing rows is a provider only, with a note naming it")
    func conflictingRoles() throws {
        let text = """
            urn,year,cohort,meeting,support_start,support_role
            100001,2008,100,44,2008-10-01,receiving
            100001,2010,100,70,2009-10-01,providing
            100002,2008,50,20,2009,receiving
            """
        let contents = try SchoolYearFileReader.read(
            DataTable.parseCSV(Array(text.utf8), source: "school_years.csv"), measure: .ks4FiveAStarToCEnglishMaths)
        #expect(contents.providing.map(\.school.value) == [100001])
        #expect(contents.receiving.map(\.school.value) == [100002])
        #expect(contents.summary.notes.count == 1)
        #expect(contents.summary.notes.first?.contains("school 100001") == true)
        #expect(contents.summary.notes.first?.contains("providing support only") == true)
    }
}
