import Foundation
import Testing

/// trends takes negative values as values (and refuses them with a message naming the option),
/// and reports unusable input through the one exit path with the data-error status.
@Suite struct TrendsOptionTests {
    @Test("a negative --floor or --small-cohort is read and refused, not 'Missing value'",
          arguments: [("--floor", "-1", "--floor"), ("--small-cohort", "-1", "--small-cohort")])
    func negativeValuesAreRefusedByName(option: String, value: String, named: String) throws {
        let result = try CLI.run("trends", option, value)
        #expect(result.status == 64, "status \(result.status)")
        #expect(result.stderr.contains(named) && result.stderr.contains("-1"), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"))
    }

    @Test("options the chosen input does not use are named on standard error")
    func ignoredOptionsAreReported() throws {
        let asOf = try CLI.run("trends", "--ofsted-as-of", "2011-01-01")
        #expect(asOf.status == 0, "\(asOf.stderr)")
        #expect(asOf.stderr.contains("warning: --ofsted-as-of has no effect without --ofsted"))
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("years.csv")
        try "urn,year,cohort,meeting\n100001,2009,100,40\n100001,2010,100,45\n".write(to: file, atomically: true, encoding: .utf8)
        let years = try CLI.run("trends", "--school-years", file.path, "--support", "Data/synthetic/support.csv")
        #expect(years.stderr.contains("warning: --support has no effect with --school-years"), "\(years.stderr)")
    }

    @Test func missingSchoolYearsFileIsADataError() throws {
        let result = try CLI.run("trends", "--school-years", "/nonexistent/school-years.csv")
        #expect(result.status == 65, "status \(result.status)")
        #expect(result.stderr.contains("/nonexistent/school-years.csv"))
    }
}
