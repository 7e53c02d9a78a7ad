import Foundation
import ProbabilityDistributions
import Testing
@testable import Education

/// Matched comparison schools on constructed school-year results where the truth is known.
struct ComparisonMatchingTests {
    static let years = [2008, 2009, 2011]

    /// 1,000 schools whose true level never changes (no effect of anything): each year's result
    /// is the level (SD 10 points between schools) plus noise of SD 8 points. Of the schools
    /// in the lowest 15% in 2009, two in five (chosen at random) are "supported" from 2010, as
    /// schools were chosen for low results; the others are similar schools never supported.
    static func regressionToTheMean() throws -> (SchoolYearTable, SupportGroup) {
        var rng = SeededGenerator(seed: 2026)
        var results: [SchoolYearResult] = []
        var baseline: [(URN, Double)] = []
        for s in 0..<1_000 {
            let urn = try URN(100_001 + s)
            let level = 50 + 10 * rng.standardNormal()
            for year in years {
                let p = min(max(level + 8 * rng.standardNormal(), 1), 99)
                let cohort = 150
                let meeting = (Double(cohort) * p / 100).rounded()
                results.append(try SchoolYearResult(school: urn, year: AcademicYear(endingIn: year), cohort: cohort, meeting: meeting))
                if year == 2009 { baseline.append((urn, meeting / Double(cohort))) }
            }
        }
        let low = baseline.sorted { $0.1 < $1.1 }.prefix(150)
        let start = try AcademicYear(endingIn: 2010)
        let chosen = low.filter { _ in rng.uniform() < 0.4 }
        let group = SupportGroup(name: "receiving support",
                                 schools: chosen.map { SupportedSchool(school: $0.0, startYear: start) })
        return (try SchoolYearTable(measure: nil, results: results), group)
    }

    @Test func matchingRemovesTheRegressionToTheMeanThatTheNaiveChangeContains() throws {
        let (table, group) = try Self.regressionToTheMean()
        let m = try ComparisonMatching.run(
            table: table, group: group, supported: group.urns, baselineYear: AcademicYear(endingIn: 2009),
            comparisonYear: AcademicYear(endingIn: 2011))
        #expect(m.covariates == ["baseline %", "trend (points, year before to baseline)", "cohort size"])
        #expect(m.candidates == 1_000 - group.schools.count)
        #expect(m.pairs.count + m.unmatched.count == group.schools.count)
        #expect(Double(m.pairs.count) >= 0.8 * Double(group.schools.count), "\(m.unmatched.map(\.message))")
        let naive = try #require(m.naiveChange)
        let matched = try #require(m.matchedDifference)
        let naiveSE = try #require(naive.standardError), matchedSE = try #require(matched.standardError)
        // The naive before/after change of the lowest schools is regression to the mean alone:
        // several points, many standard errors from zero. The matched difference is not.
        #expect(naive.estimate > 3, "naive \(naive.estimate)")
        #expect(naive.estimate / naiveSE > 4, "naive \(naive.estimate) SE \(naiveSE)")
        #expect(abs(matched.estimate) < 2.5 * matchedSE, "matched \(matched.estimate) SE \(matchedSE)")
        #expect(abs(matched.estimate) < naive.estimate / 2)
        // Balance on the baseline level: far apart before matching, close after.
        let level = try #require(m.balance.first { $0.covariate == "baseline %" })
        #expect(level.standardisedDifferenceBefore < -1.5)
        #expect(abs(try #require(level.standardisedDifferenceAfter)) < 0.25)
    }

    @Test func withoutReplacementEachComparisonSchoolServesOnce() throws {
        let (table, group) = try Self.regressionToTheMean()
        let m = try ComparisonMatching.run(
            table: table, group: group, supported: group.urns, baselineYear: AcademicYear(endingIn: 2009),
            comparisonYear: AcademicYear(endingIn: 2011),
            options: MatchingOptions(neighbours: 2, withReplacement: false, caliper: nil))
        let used = m.pairs.flatMap(\.comparisons)
        #expect(used.count == Set(used).count)
        #expect(m.pairs.count == group.schools.count && m.pairs.allSatisfy { $0.comparisons.count == 2 })
        #expect(m.comparisonSchoolsUsed == 2 * group.schools.count)
        #expect(m.unmatched.isEmpty)
        #expect(Set(used).isDisjoint(with: group.urns))
    }

    @Test func unmatchedSchoolsAreListedWithTheirReason() throws {
        let (table, group) = try Self.regressionToTheMean()
        // A tight caliper leaves the most extreme supported schools without a match; a school
        // with no comparison-year result cannot enter at all; a missing context is named.
        var results = table.results.filter { !($0.school == group.schools[0].school && $0.year.endYear == 2011) }
        results.sort { ($0.school, $0.year) < ($1.school, $1.year) }
        let trimmed = try SchoolYearTable(measure: nil, results: results)
        var context: [URN: ComparisonMatching.SchoolContext] = [:]
        let baseline = try AcademicYear(endingIn: 2009)
        for school in trimmed.schools { context[school] = .init(fsmShareByYear: [baseline: 0.2], stratum: "secondary/london") }
        context[group.schools[1].school] = .init(fsmShareByYear: [:], stratum: "secondary/london")
        let m = try ComparisonMatching.run(
            table: trimmed, group: group, supported: group.urns, baselineYear: AcademicYear(endingIn: 2009),
            comparisonYear: AcademicYear(endingIn: 2011), context: context,
            options: MatchingOptions(neighbours: 1, withReplacement: true, caliper: 0.05))
        #expect(m.exactStratum && m.covariates.contains("% FSM"))
        let reasons = Dictionary(grouping: m.unmatched, by: \.reason).mapValues(\.count)
        #expect(reasons[.missingResults] == 1)
        #expect(reasons[.missingContext] == 1)
        #expect((reasons[.noCandidate] ?? 0) > 0)
        #expect(m.pairs.count + m.unmatched.count == group.schools.count)
        #expect(m.unmatched.allSatisfy { !$0.message.isEmpty })
    }

    @Test func badOptionsAreRefusedByName() throws {
        #expect(throws: TrendsError.self) { try MatchingOptions(neighbours: 0).validate() }
        #expect(throws: TrendsError.self) { try MatchingOptions(caliper: -1).validate() }
        #expect(throws: TrendsError.self) { try MatchingOptions(caliper: .nan).validate() }
    }
}

