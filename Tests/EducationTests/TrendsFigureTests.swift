import Foundation
import Testing
@testable import Education

private typealias F = TrendsFixtures

/// Hand-checkable figures from the reports on school-to-school support.
@Suite("Trends: figures from the reports")
struct TrendsFigureTests {
    @Test("A school from 44% to 70% gains 26 points")
    func gainOf26Points() throws {
        let change = SchoolChange(
            school: try F.urn(100001), supportStartYear: try F.year(2009),
            baseline: try F.result(100001, 2008, percentage: 44), comparison: try F.result(100001, 2010, percentage: 70),
            floor: .standard(for: .ks4FiveAStarToCEnglishMaths), smallCohort: 30, level: 0.95)
        #expect(change.status == .complete)
        #expect(abs((change.change ?? 0) - 26) < 1e-9)
        #expect(change.belowFloorBefore == false)
        #expect(change.smallCohort == false)
    }

    @Test("13 of 17 schools below a 30% floor becoming 7 is a 46.2% reduction")
    func floorReduction() throws {
        // 17 supported schools: 13 below 30% at baseline; 7 still below afterwards.
        var results: [SchoolYearResult] = []
        var members: [SupportedSchool] = []
        for k in 0..<17 {
            let school = 100_001 + k
            let before: Double = k < 13 ? 20 + Double(k % 5) : 35
            let after: Double = k < 7 ? 25 : 40
            results.append(try F.result(school, 2008, percentage: before))
            results.append(try F.result(school, 2010, percentage: after))
            members.append(SupportedSchool(school: try F.urn(school), startYear: try F.year(2009)))
        }
        let table = try SchoolYearTable(measure: .ks4FiveAStarToCEnglishMaths, results: results)
        var notes: [TrendsNote] = []
        let analysis = BeforeAfterAnalysis.run(
            table: table, group: SupportGroup(name: "receiving", schools: members),
            baselineYear: try F.year(2008), comparisonYear: try F.year(2010),
            configuration: TrendsConfiguration(), notes: &notes)
        #expect(analysis.floor.floor.percentage == 30)
        #expect(analysis.floor.schools == 17)
        #expect(analysis.floor.belowBefore == 13)
        #expect(analysis.floor.belowAfter == 7)
        #expect(analysis.floor.reduction == 6)
        #expect(abs((analysis.floor.reductionPercentage ?? 0) - 46.153846) < 1e-4)
        #expect(String(format: "%.1f", analysis.floor.reductionPercentage ?? 0) == "46.2")
    }

    @Test("Default floors: 30% at KS4, 65% at KS2; below means strictly below")
    func defaultFloors() throws {
        #expect(FloorTarget.standard(for: .ks4FiveAStarToCEnglishMaths).percentage == 30)
        #expect(FloorTarget.standard(for: .ks2Level4EnglishMaths).percentage == 65)
        #expect(FloorTarget.standard(for: .ks4FiveAStarToCEnglishMaths).isBelow(29.9))
        #expect(!FloorTarget.standard(for: .ks4FiveAStarToCEnglishMaths).isBelow(30))
        #expect(throws: DomainValueError.self) { try FloorTarget(percentage: 101) }
    }

    @Test("Ofsted episodes: November 2005 to December 2007 is 25 months, July 2006 to January 2008 18")
    func ofstedMonths() throws {
        let first = try OfstedEpisode(school: F.urn(100001), category: .specialMeasures,
                                      entered: F.date("2005-11-01"), left: F.date("2007-12-01"))
        let second = try OfstedEpisode(school: F.urn(100002), category: .noticeToImprove,
                                       entered: F.date("2006-07-01"), left: F.date("2008-01-01"))
        let asOf = try F.date("2010-08-31")
        #expect(first.months(asOf: asOf) == 25)
        #expect(second.months(asOf: asOf) == 18)
        // Whole months: a day short of the month does not count.
        #expect(OfstedEpisode.wholeMonths(from: try F.date("2005-11-15"), to: try F.date("2007-12-14")) == 24)
        #expect(OfstedEpisode.wholeMonths(from: try F.date("2005-11-15"), to: try F.date("2007-12-15")) == 25)
        #expect(throws: DomainValueError.self) {
            try OfstedEpisode(school: F.urn(100003), category: .specialMeasures, entered: F.date("2008-01-01"), left: F.date("2007-01-01"))
        }
    }

    @Test("Pupil-weighted pooling and the unweighted mean of school percentages differ as expected")
    func averagingMethods() throws {
        // A large school at 60% (120 of 200) and a small one at 20% (4 of 20).
        let table = try SchoolYearTable(measure: .ks4FiveAStarToCEnglishMaths, results: [
            SchoolYearResult(school: F.urn(100001), year: F.year(2010), cohort: 200, meeting: 120),
            SchoolYearResult(school: F.urn(100002), year: F.year(2010), cohort: 20, meeting: 4),
            SchoolYearResult(school: F.urn(100003), year: F.year(2010), cohort: 0, meeting: 0),
        ])
        let pooled = table.average(of: nil, in: try F.year(2010), method: .pupilWeighted)
        let mean = table.average(of: nil, in: try F.year(2010), method: .schoolMean)
        #expect(abs((pooled.value ?? 0) - 100.0 * 124 / 220) < 1e-9)  // 56.36%
        #expect(abs((mean.value ?? 0) - 40) < 1e-9)
        #expect(pooled.pupils == 220 && pooled.schools == 2 && pooled.zeroCohorts == 1)
        #expect(pooled.label.contains("pupil-weighted"))
        #expect(mean.label.contains("unweighted"))
    }

    @Test("Wilson score interval: 44 of 100 at 95% is 34.7% to 53.8%")
    func wilsonInterval() throws {
        let interval = try #require(PercentageInterval.wilson(successes: 44, trials: 100, level: 0.95))
        #expect(abs(interval.lower - 34.672027) < 1e-4)
        #expect(abs(interval.upper - 53.771895) < 1e-4)
        // Small cohorts give wide intervals; zero cohorts none; 0% and 100% stay within 0...100.
        let small = try #require(PercentageInterval.wilson(successes: 4, trials: 10))
        #expect(small.upper - small.lower > 45)
        #expect(PercentageInterval.wilson(successes: 0, trials: 0) == nil)
        let all = try #require(PercentageInterval.wilson(successes: 12, trials: 12))
        #expect(all.upper <= 100 && all.lower > 70)
    }

    @Test("Kaplan-Meier median keeps schools still in a category as censored")
    func kaplanMeier() throws {
        let completed = KaplanMeier(durations: [12, 18, 25, 30], events: [true, true, true, false])
        #expect(completed.median == 18)
        #expect(completed.steps.map(\.survival) == [0.75, 0.5, 0.25])
        // Dropping the three schools still in the category would give a median of 10 months;
        // kept as censored, the median is not reached.
        let censored = KaplanMeier(durations: [10, 20, 30, 40], events: [true, false, false, false])
        #expect(censored.median == nil)

        let asOf = try F.date("2010-01-01")
        let episodes = try [
            OfstedEpisode(school: F.urn(100001), category: .specialMeasures, entered: F.date("2005-11-01"), left: F.date("2007-12-01")),
            OfstedEpisode(school: F.urn(100002), category: .specialMeasures, entered: F.date("2006-07-01"), left: F.date("2008-01-01")),
            OfstedEpisode(school: F.urn(100003), category: .specialMeasures, entered: F.date("2008-01-01")),
        ]
        let summary = OfstedEpisodeSummary(episodes: episodes, category: .specialMeasures, asOf: asOf)
        #expect(summary.episodes == 3 && summary.left == 2 && summary.censored == 1)
        #expect(summary.completedMinimum == 18 && summary.completedMaximum == 25)
        #expect(summary.completedMedian == 21.5)
        #expect(summary.longestOpen == 24)
        // Times 18 (event), 24 (censored), 25 (event): S(18) = 2/3, S(25) = 0.
        #expect(summary.kaplanMeierMedian == 25)
    }
}
