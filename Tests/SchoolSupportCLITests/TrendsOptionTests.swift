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

    @Test("trends --matched: the naive change of low schools carries regression to the mean, the matched difference does not")
    func matchedComparison() throws {
        // 600 schools with a stable true level and noisy yearly results; two in five of the
        // lowest 100 in 2009 are supported from 2010 (no effect of support at all).
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
        var rows: [(urn: Int, values: [Int])] = []
        for s in 0..<600 {
            let level = 50 + 10 * normal()
            rows.append((100_001 + s, [2008, 2009, 2011].map { _ in Int((1.5 * min(max(level + 8 * normal(), 1), 99)).rounded()) }))
        }
        let lowest = Set(rows.sorted { $0.values[1] < $1.values[1] }.prefix(100).map(\.urn))
        var lines = ["urn,year,cohort,meeting,support_start"]
        for row in rows {
            let start = lowest.contains(row.urn) && uniform() < 0.4 ? "2010" : "NA"
            for (year, meeting) in zip([2008, 2009, 2011], row.values) { lines.append("\(row.urn),\(year),150,\(meeting),\(start)") }
        }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("years.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run("trends", "--school-years", file.path, "--matched", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let group = try #require((json["groups"] as? [[String: Any]])?.first)
        let matched = try #require(group["matched"] as? [String: Any])
        let naive = try #require((matched["naiveChange"] as? [String: Any])?["estimate"] as? Double)
        let difference = try #require(matched["matchedDifference"] as? [String: Any])
        let estimate = try #require(difference["estimate"] as? Double), se = try #require(difference["standardError"] as? Double)
        #expect(naive > 3, "naive \(naive)")
        #expect(abs(estimate) < 2.5 * se && abs(estimate) < naive / 2, "matched \(estimate) SE \(se)")
        let balance = try #require(matched["balance"] as? [[String: Any]])
        #expect(balance.count == 3)
        let text = try CLI.run("trends", "--school-years", file.path, "--matched")
        #expect(text.stdout.contains("Naive before/after change (includes regression to the mean):"))
        #expect(text.stdout.contains("Matched difference-in-differences:"))
        let bad = try CLI.run("trends", "--school-years", file.path, "--matched", "--match-caliper", "-2")
        #expect(bad.status == 64 && bad.stderr.contains("--match-caliper"))
        let ignored = try CLI.run("trends", "--school-years", file.path, "--match-neighbours", "3")
        #expect(ignored.stderr.contains("--match-neighbours has no effect without --matched"))
    }

    @Test func missingSchoolYearsFileIsADataError() throws {
        let result = try CLI.run("trends", "--school-years", "/nonexistent/school-years.csv")
        #expect(result.status == 65, "status \(result.status)")
        #expect(result.stderr.contains("/nonexistent/school-years.csv"))
    }
}
