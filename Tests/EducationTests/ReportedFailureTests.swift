import DataTable
import Testing
@testable import Education

/// Failures that used to be turned into a default without a word are now thrown or reported
/// with their reason.
@Suite("Failures are reported with their reason")
struct ReportedFailureTests {
    @Test("A support start year outside the allowed range is rejected with the range, not a generic message")
    func supportStartYearOutOfRange() throws {
        let contents = try SchoolYearFileReader.read(DataTable.parseCSV(Array("""
            urn,year,cohort,meeting,support_start,support_role
            100001,2008,100,44,1975,receiving
            100002,2008,100,44,2009-02-30,receiving
            100003,2008,100,44,soon,receiving
            """.utf8), source: "school_years.csv"), measure: nil)
        let byRow = Dictionary(uniqueKeysWithValues: contents.summary.rejections.map { ($0.row, $0) })
        #expect(byRow[1]?.kind == .outOfRange)
        #expect(byRow[1]?.description.contains("1981...2099") == true)
        // A text that is not a bare year is read as a date, and the date's own error is kept.
        let dateError = try #require(byRow[2]).description
        #expect(dateError.contains("not a date YYYY-MM-DD or an academic year") && dateError.contains("("))
        #expect(byRow[3]?.kind == .invalidValue)
        #expect(contents.summary.isBalanced)
    }

    @Test("A modelled pupil subset without its response column is an error naming the column")
    func scaleContextWithoutResponse() throws {
        let subset = try DataTable(source: "subset", columns: [DataColumn(name: "school", numeric: [1, 2])])
        #expect(throws: EvaluationError.self) {
            try ScaleContext(outcome: .ks4Capped, subset: subset, complete: [true, true], support: .init(codes: [0, 0], levels: ["none"]),
                             noneLabel: "none")
        }
        do {
            _ = try ScaleContext(outcome: .ks4Capped, subset: subset, complete: [true, true], support: .init(codes: [-1, -1], levels: []),
                                 noneLabel: "none")
        } catch {
            #expect(error.description.contains(EvaluationOutcome.ks4Capped.responseColumn))
        }
    }

    @Test("A categorical response is refused instead of read as no values")
    func scaleContextCategoricalResponse() throws {
        let subset = try DataTable(source: "subset", columns: [
            DataColumn(name: EvaluationOutcome.ks4Capped.responseColumn, strings: ["a", "b"]),
        ])
        #expect(throws: EvaluationError.self) {
            try ScaleContext(outcome: .ks4Capped, subset: subset, complete: [true, true], support: .init(codes: [-1, -1], levels: []),
                             noneLabel: "none")
        }
    }

    @Test("Academic years at the ends of the allowed range have no previous or next year")
    func academicYearEnds() throws {
        let first = try AcademicYear(endingIn: AcademicYear.allowedEndYears.lowerBound)
        let last = try AcademicYear(endingIn: AcademicYear.allowedEndYears.upperBound)
        #expect(first.previous == nil && first.next?.endYear == first.endYear + 1)
        #expect(last.next == nil && last.previous?.endYear == last.endYear - 1)
    }
}
