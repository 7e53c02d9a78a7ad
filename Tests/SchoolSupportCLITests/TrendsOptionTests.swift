import Foundation
import Testing

/// trends takes negative values as values (and refuses them with a message naming the option),
/// and reports unusable input through the one exit path with the data-error status.
@Suite struct TrendsOptionTests {
    @Test("a negative --floor or --small-cohort is read and refused, not 'Missing value'",
          arguments: [("--floor", "-1", "floor"), ("--small-cohort", "-1", "--small-cohort")])
    func negativeValuesAreRefusedByName(option: String, value: String, named: String) throws {
        let result = try CLI.run("trends", option, value)
        #expect(result.status == 64, "status \(result.status)")
        #expect(result.stderr.contains(named) && result.stderr.contains("-1"), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"))
    }

    @Test func missingSchoolYearsFileIsADataError() throws {
        let result = try CLI.run("trends", "--school-years", "/nonexistent/school-years.csv")
        #expect(result.status == 65, "status \(result.status)")
        #expect(result.stderr.contains("/nonexistent/school-years.csv"))
    }
}
