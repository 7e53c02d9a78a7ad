import Foundation
import Testing
@testable import Education

private typealias F = TrendsFixtures

@Suite("Trends: analysis")
struct TrendsAnalysisTests {
    /// Schools with their own levels and cohorts, all improving by `trend` points a year;
    /// the first `supported` of them receive support from 2009.
    private static func parallelTable(schools: Int, supported: Int, trend: Double, seed: UInt64) throws -> (SchoolYearTable, SupportGroup) {
        var generator = F.Generator(state: seed)
        var results: [SchoolYearResult] = []
        var members: [SupportedSchool] = []
        for k in 0..<schools {
            let school = 100_001 + k
            let level = 15 + 40 * generator.uniform()
            let cohort = 20 + Int(200 * generator.uniform())
            for (offset, year) in (2006...2011).enumerated() {
                results.append(try F.result(school, year, percentage: level + trend * Double(offset), cohort: cohort))
            }
            if k < supported { members.append(SupportedSchool(school: try F.urn(school), startYear: try F.year(2009))) }
        }
        return (try SchoolYearTable(measure: .ks4FiveAStarToCEnglishMaths, results: results),
                SupportGroup(name: "receiving support", schools: members))
    }

    @Test("Schools improving exactly as fast as the nation: ratio 1, difference-in-differences 0",
          arguments: [UInt64(1), 2, 3])
    func parallelImprovement(seed: UInt64) throws {
        let (table, group) = try Self.parallelTable(schools: 60, supported: 15, trend: 2.5, seed: seed)
        let results = try TrendsAnalysis.run(table: table, groups: [group])
        let analysis = try #require(results.groups.first?.beforeAfter)
        #expect(analysis.baselineYear.endYear == 2008)
        #expect(analysis.comparisonYear.endYear == 2011)
        for method in AveragingMethod.allCases {
            let change = try #require(analysis.change(method))
            #expect(abs((change.groupChange ?? 0) - 7.5) < 1e-9)
            #expect(abs((change.ratio ?? 0) - 1) < 1e-9)
            #expect(abs(change.difference ?? 1) < 1e-9)
        }
        let did = try #require(analysis.differenceInDifferences)
        #expect(abs(did.estimate) < 1e-9)
        #expect(did.supportedSchools == 15 && did.comparisonSchools == 45)
        #expect((did.standardError ?? 1) < 1e-9)
        #expect(analysis.distribution.gains.map(\.schools) == [15, 15, 0])
        #expect(analysis.distribution.declined == 0)
        // Same slope before and after: every trajectory is "similar".
        #expect(results.groups[0].trajectories.allSatisfy { $0.classification == .similar })
        #expect(results.groups[0].trajectories.allSatisfy { abs(($0.slopeBefore ?? 0) - 2.5) < 1e-9 })
    }

    @Test("Supported schools improving twice as fast give a ratio of 2 and a positive difference")
    func twiceAsFast() throws {
        let (base, group) = try Self.parallelTable(schools: 40, supported: 10, trend: 2, seed: 7)
        // Add 2 extra points a year to the supported schools from 2009.
        let supported = group.urns
        let results = try base.results.map { result -> SchoolYearResult in
            guard supported.contains(result.school), result.year.endYear >= 2009, let p = result.percentage else { return result }
            return try SchoolYearResult(school: result.school, year: result.year, cohort: result.cohort,
                                        percentage: p + 2 * Double(result.year.endYear - 2008))
        }
        let table = try SchoolYearTable(measure: .ks4FiveAStarToCEnglishMaths, results: results)
        let trends = try TrendsAnalysis.run(table: table, groups: [group], configuration: TrendsConfiguration(comparison: .notSupported))
        let analysis = try #require(trends.groups.first?.beforeAfter)
        let change = try #require(analysis.change(.schoolMean))
        #expect(abs((change.groupChange ?? 0) - 12) < 1e-9)   // 3 years × (2 + 2)
        #expect(abs((change.comparisonChange ?? 0) - 6) < 1e-9)
        #expect(abs((change.ratio ?? 0) - 2) < 1e-9)
        #expect(abs((analysis.differenceInDifferences?.estimate ?? 0) - 6) < 1e-9)
        #expect(trends.groups[0].trajectories.allSatisfy { $0.classification == .faster })
    }

    @Test("Missing years, closures, mergers and zero cohorts are reported, never fatal")
    func messyData() throws {
        let table = try SchoolYearTable(measure: .ks4FiveAStarToCEnglishMaths, results: [
            // 100001: complete.
            F.result(100001, 2008, percentage: 44), F.result(100001, 2009, percentage: 55), F.result(100001, 2010, percentage: 70),
            // 100002: 2009 missing.
            F.result(100002, 2008, percentage: 30), F.result(100002, 2010, percentage: 35),
            // 100003: closes (merged) after 2009.
            F.result(100003, 2008, percentage: 20), F.result(100003, 2009, percentage: 22),
            // 100004: the successor's new URN from 2010.
            F.result(100004, 2010, percentage: 40),
            // 100005: zero cohort in 2010.
            F.result(100005, 2008, percentage: 50), SchoolYearResult(school: F.urn(100005), year: F.year(2010), cohort: 0, meeting: 0),
            // 100007: a tiny cohort.
            F.result(100007, 2008, percentage: 50, cohort: 6), F.result(100007, 2010, percentage: 100.0 / 3, cohort: 6),
        ])
        let group = try SupportGroup(name: "receiving support", schools: [100001, 100002, 100003, 100004, 100005, 100006, 100007].map {
            SupportedSchool(school: try F.urn($0), startYear: try F.year(2009))
        })
        let results = try TrendsAnalysis.run(table: table, groups: [group])
        let kinds = results.noteCounts
        #expect(kinds[.missingYear, default: 0] >= 1)
        #expect(kinds[.resultsEnd] == 1)
        #expect(kinds[.resultsStart] == 1)
        #expect(kinds[.zeroCohort] == 1)
        #expect(kinds[.supportedSchoolWithoutResults] == 1)
        let analysis = try #require(results.groups.first?.beforeAfter)
        let status = Dictionary(uniqueKeysWithValues: analysis.schools.map { ($0.school.value, $0.status) })
        #expect(status[100001] == .complete)
        #expect(status[100002] == .complete)
        #expect(status[100003] == .noComparison)
        #expect(status[100004] == .noBaseline)
        #expect(status[100005] == .zeroCohort)
        #expect(status[100006] == .noResults)
        #expect(analysis.schools.first { $0.school.value == 100007 }?.smallCohort == true)
        #expect(analysis.distribution.schools == 3)
        #expect(analysis.distribution.declined == 1)
        #expect(analysis.distribution.gains.map(\.schools) == [2, 2, 1])
    }

    @Test("One year of data, an empty table and no groups do not crash")
    func degenerateInputs() throws {
        let one = try SchoolYearTable(measure: .ks4FiveAStarToCEnglishMaths, results: [F.result(100001, 2010, percentage: 50)])
        let group = SupportGroup(name: "receiving support", schools: [SupportedSchool(school: try F.urn(100001), startYear: try F.year(2009))])
        let single = try TrendsAnalysis.run(table: one, groups: [group])
        #expect(single.groups.first?.beforeAfter == nil)
        #expect(single.noteCounts[.noChangeYears, default: 0] >= 1)
        #expect(single.groups.first?.trajectories.first?.classification == .insufficientData)

        let empty = try SchoolYearTable(measure: nil, results: [])
        let none = try TrendsAnalysis.run(table: empty, groups: [group])
        #expect(none.years.isEmpty && none.national.isEmpty)
        _ = try TrendsAnalysis.run(table: one, groups: [])
    }

    @Test("Invalid settings and duplicate school-years are typed errors")
    func errors() throws {
        let table = try SchoolYearTable(measure: nil, results: [F.result(100001, 2010, percentage: 50)])
        #expect(throws: TrendsError.self) {
            try TrendsAnalysis.run(table: table, groups: [], configuration: TrendsConfiguration(confidenceLevel: 1.5))
        }
        #expect(throws: TrendsError.self) {
            try TrendsAnalysis.run(table: table, groups: [], configuration: TrendsConfiguration(
                baselineYear: F.year(2010), comparisonYear: F.year(2009)))
        }
        #expect(throws: TrendsError.duplicateSchoolYear(school: try F.urn(100001), year: try F.year(2010))) {
            try SchoolYearTable(measure: nil, results: [F.result(100001, 2010, percentage: 50), F.result(100001, 2010, percentage: 40)])
        }
    }

    @Test("Trajectories: slopes before and after the start year")
    func trajectorySlopes() throws {
        let results = try [(2006, 30.0), (2007, 31.0), (2008, 32.0), (2009, 36.0), (2010, 40.0), (2011, 44.0)].map {
            try F.result(100001, $0.0, percentage: $0.1)
        }
        let trajectory = SchoolTrajectory(school: try F.urn(100001), startYear: try F.year(2009), results: results, tolerance: 1, level: 0.95)
        #expect(abs((trajectory.slopeBefore ?? 0) - 1) < 1e-9)
        #expect(abs((trajectory.slopeAfter ?? 0) - 4) < 1e-9)
        #expect(trajectory.classification == .faster)
        #expect(trajectory.points.count == 6)
    }

    @Test("Support groups from support records: earliest start of NLE/LLE client support")
    func supportGroups() throws {
        let records = try [
            SupportRecord(school: F.urn(100001), kind: .nle, role: .receiving, start: F.date("2009-03-01")),
            SupportRecord(school: F.urn(100001), kind: .lle, role: .receiving, start: F.date("2008-10-01")),
            SupportRecord(school: F.urn(100002), kind: .nle, role: .providing, start: F.date("2008-10-01")),
            SupportRecord(school: F.urn(100003), kind: .teachingSchool, role: .receiving, start: F.date("2008-10-01")),
        ]
        let receiving = SupportedSchool.from(records: records)
        #expect(receiving.map(\.school.value) == [100001])
        #expect(receiving.first?.startYear.endYear == 2009)
        #expect(receiving.first?.lastYearBefore?.endYear == 2008)
        #expect(SupportedSchool.from(records: records, category: "providing").map(\.school.value) == [100002])
    }

    @Test("Aggregation from pupil records counts cohorts, results and pupils without a result")
    func aggregation() throws {
        func pupil(_ id: Int, _ school: Int, _ year: Int, _ met: Bool?) throws -> PupilRecord {
            try PupilRecord(pupil: String(id), year: F.year(year), keyStage: .ks4, school: F.urn(school), gender: .female,
                            ks4: KS4Result(cappedPointScore: nil, fiveAStarToCIncludingEnglishAndMaths: met))
        }
        let pupils = try [
            pupil(1, 100001, 2009, true), pupil(2, 100001, 2009, false), pupil(3, 100001, 2009, true), pupil(4, 100001, 2009, nil),
            pupil(5, 100002, 2009, nil),
            pupil(6, 100001, 2010, false),
        ]
        let table = SchoolYearTable.aggregate(pupils: pupils, measure: .ks4FiveAStarToCEnglishMaths)
        let first = try #require(table.result(of: F.urn(100001), in: F.year(2009)))
        #expect(first.cohort == 3 && first.meeting == 2 && first.withoutResult == 1)
        #expect(abs((first.percentage ?? 0) - 200.0 / 3) < 1e-9)
        let zero = try #require(table.result(of: F.urn(100002), in: F.year(2009)))
        #expect(zero.cohort == 0 && zero.percentage == nil)
        #expect(table.notes.filter { $0.kind == .pupilsWithoutResult }.count == 2)
        // KS2 measure: no KS2 pupils, no results.
        #expect(SchoolYearTable.aggregate(pupils: pupils, measure: .ks2Level4EnglishMaths).results.isEmpty)
    }

    @Test("The shipped synthetic data aggregate without error")
    func shippedData() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("Data/synthetic")
        let data = try NPDDataSet.read(
            pupilsPath: directory.appendingPathComponent("pupils.csv").path,
            schoolsPath: directory.appendingPathComponent("schools.csv").path,
            supportPath: directory.appendingPathComponent("support.csv").path)
        let table = SchoolYearTable.aggregate(pupils: data.pupils, measure: .ks4FiveAStarToCEnglishMaths)
        #expect(table.schools.count > 100)
        #expect(table.years.map(\.endYear) == [2010])
        let group = SupportGroup(name: "receiving support", schools: SupportedSchool.from(records: data.supportRecords))
        let results = try TrendsAnalysis.run(table: table, groups: [group])
        #expect(results.noteCounts[.noChangeYears, default: 0] >= 1)
    }
}
