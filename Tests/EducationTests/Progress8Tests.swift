import DataTable
import Foundation
import Testing
@testable import Education

/// Progress 8 against the worked example of Docs/progress8.md, computed by hand.
@Suite struct Progress8Tests {
    /// The worked example's pupil file: two schools, three supplied prior-attainment groups,
    /// 14 pupils of whom 12 are in the measure (A7 has no KS2 group, B7 no Attainment 8).
    static let workedExample = """
        pupil,year,key_stage,urn,ks4_attainment8,ks2_prior_group
        A1,2018,4,100001,30,1
        A2,2018,4,100001,25,1
        A3,2018,4,100001,50,2
        A4,2018,4,100001,46,2
        A5,2018,4,100001,70,3
        A6,2018,4,100001,64,3
        A7,2018,4,100001,55,
        B1,2018,4,100002,20,1
        B2,2018,4,100002,25,1
        B3,2018,4,100002,40,2
        B4,2018,4,100002,44,2
        B5,2018,4,100002,60,3
        B6,2018,4,100002,66,3
        B7,2018,4,100002,,2
        """

    static func read(_ text: String) throws -> Progress8FileReader.Pupils {
        try Progress8FileReader.readPupils(DataTable.parseCSV(Array(text.utf8), source: "pupils.csv"))
    }

    static func rounded(_ value: Double?) -> Double? { value.map { ($0 * 100).rounded() / 100 } }

    @Test("The worked example: group means, pupil scores, school scores and intervals to 2 d.p.")
    func workedExampleByHand() throws {
        let read = try Self.read(Self.workedExample)
        #expect(read.summary.rows == 14 && read.summary.accepted == 14 && read.summary.rejected == 0)
        let results = Progress8.compute(pupils: read.pupils)
        let cohort = try #require(results.cohorts.first)
        #expect(results.cohorts.count == 1)

        // Group means of the 12 pupils with a group and a score:
        //   group 1: (30 + 25 + 20 + 25) / 4 = 100 / 4 = 25
        //   group 2: (50 + 46 + 40 + 44) / 4 = 180 / 4 = 45
        //   group 3: (70 + 64 + 60 + 66) / 4 = 260 / 4 = 65
        #expect(cohort.groupMeans.map(\.group.number) == [1, 2, 3])
        #expect(cohort.groupMeans.map(\.meanAttainment8) == [25, 45, 65])
        #expect(cohort.groupMeans.map(\.pupils) == [4, 4, 4])

        // Pupil scores (A8 − group mean) / 10:
        //   A1 (30−25)/10 = 0.5, A2 0.0, A3 (50−45)/10 = 0.5, A4 0.1, A5 0.5, A6 (64−65)/10 = −0.1
        //   B1 (20−25)/10 = −0.5, B2 0.0, B3 −0.5, B4 −0.1, B5 −0.5, B6 0.1
        let expected: [String: Double] = [
            "A1": 0.5, "A2": 0, "A3": 0.5, "A4": 0.1, "A5": 0.5, "A6": -0.1,
            "B1": -0.5, "B2": 0, "B3": -0.5, "B4": -0.1, "B5": -0.5, "B6": 0.1,
        ]
        #expect(cohort.pupils.count == 12)
        for pupil in cohort.pupils {
            #expect(abs(pupil.score - (expected[pupil.pupil] ?? .nan)) < 1e-12, "pupil \(pupil.pupil)")
        }

        // School scores, the mean of each school's six pupil scores:
        //   A: (0.5 + 0 + 0.5 + 0.1 + 0.5 − 0.1) / 6 = 1.5 / 6 = 0.25
        //   B: (−0.5 + 0 − 0.5 − 0.1 − 0.5 + 0.1) / 6 = −1.5 / 6 = −0.25
        // Standard deviation of the 12 pupil scores (their mean is 0):
        //   Σ score² = 2 × (0.25 + 0 + 0.25 + 0.01 + 0.25 + 0.01) = 2 × 0.77 = 1.54
        //   σ = √(1.54 / 11) = √0.14 = 0.37417
        // Interval half-width: 1.96 × 0.37417 / √6 = 1.96 × 0.15275 = 0.29940
        //   A: 0.25 ± 0.2994 = [−0.0494, 0.5494] → [−0.05, 0.55]
        //   B: −0.25 ± 0.2994 = [−0.5494, 0.0494] → [−0.55, 0.05]
        #expect(abs((cohort.standardDeviation ?? .nan) - 0.14.squareRoot()) < 1e-12)
        #expect(Self.rounded(cohort.standardDeviation) == 0.37)
        let a = try #require(cohort.schools.first { $0.school.value == 100001 })
        let b = try #require(cohort.schools.first { $0.school.value == 100002 })
        #expect(a.pupils == 6 && b.pupils == 6)
        #expect(a.excluded == 1 && b.excluded == 1)
        #expect(Self.rounded(a.score) == 0.25 && Self.rounded(b.score) == -0.25)
        #expect(Self.rounded(a.lower) == -0.05 && Self.rounded(a.upper) == 0.55)
        #expect(Self.rounded(b.lower) == -0.55 && Self.rounded(b.upper) == 0.05)
        #expect(abs((a.upper ?? .nan) - 0.25 - 1.96 * 0.14.squareRoot() / 6.0.squareRoot()) < 1e-12)
        // Mean A8 of school A's six pupils: (30 + 25 + 50 + 46 + 70 + 64) / 6 = 285 / 6 = 47.5
        #expect(a.meanAttainment8 == 47.5)

        // The two exclusions, counted and named.
        #expect(cohort.exclusionsByReason == [.noPriorAttainment: 1, .noAttainment8: 1])
        #expect(cohort.exclusions.map(\.pupil) == ["A7", "B7"])
        #expect(cohort.exclusions.map(\.row) == [7, 14])
    }

    @Test("Published national means replace the cohort's; a group without one is excluded and counted")
    func publishedMeans() throws {
        let read = try Self.read(Self.workedExample)
        let g1 = try PriorAttainmentGroup(scheme: .supplied, number: 1)
        let g2 = try PriorAttainmentGroup(scheme: .supplied, number: 2)
        let national = try NationalProgress8Estimates(means: [g1: 24, g2: 46], standardDeviation: 1)
        let cohort = try #require(Progress8.compute(pupils: read.pupils, national: national).cohorts.first)
        // Group 3 has no published mean: A5, A6, B5, B6 are excluded, with A7 and B7.
        #expect(cohort.exclusionsByReason == [.noPriorAttainment: 1, .noAttainment8: 1, .noNationalMean: 4])
        // A: A1 (30−24)/10 = 0.6, A2 (25−24)/10 = 0.1, A3 (50−46)/10 = 0.4, A4 0.0; mean 1.1/4 = 0.275
        // Interval: 0.275 ± 1.96 × 1 / √4 = 0.275 ± 0.98 = [−0.705, 1.255]
        let a = try #require(cohort.schools.first { $0.school.value == 100001 })
        #expect(a.pupils == 4)
        #expect(abs((a.score ?? .nan) - 0.275) < 1e-12)
        #expect(abs((a.lower ?? .nan) + 0.705) < 1e-12 && abs((a.upper ?? .nan) - 1.255) < 1e-12)
        #expect(cohort.standardDeviationSource == .published)
        #expect(cohort.groupMeans.allSatisfy { $0.source == .published })
    }

    @Test("Attainment 8 from slot points: English and maths count twice")
    func attainment8Slots() throws {
        // 2 × 5 + 2 × 6 + (4 + 5 + 6) + (7 + 3) = 10 + 12 + 15 + 10 = 47
        let slots = try Attainment8.Slots(english: 5, maths: 6, ebacc: [4, 5, 6], open: [7, 3])
        #expect(Attainment8(slots: slots).total == 47)
        // English once when not double weighted: 47 − 5 = 42
        let single = try Attainment8.Slots(english: 5, maths: 6, ebacc: [4, 5, 6], open: [7, 3], englishDoubleWeighted: false)
        #expect(single.total == 42)
        #expect(throws: DomainValueError.self) { try Attainment8.Slots(english: 10, maths: 6, ebacc: [], open: []) }
        #expect(throws: DomainValueError.self) { try Attainment8.Slots(english: 5, maths: 6, ebacc: [1, 2, 3, 4], open: []) }
        #expect(throws: DomainValueError.self) { try Attainment8(total: 91) }
    }

    @Test("KS2 fine points are banded into the documented groups")
    func banding() throws {
        let banding = PriorAttainmentBanding.finePoints
        #expect(banding.groupCount == 14)
        // Bounds 15, 18, 21, 22.5, 24, 25.5, 27, 28.5, ...: 27.5 is at or above seven of them.
        #expect(banding.group(of: 27.5).number == 8)
        #expect(banding.group(of: 27).number == 8)      // a score on a bound is in the higher group
        #expect(banding.group(of: 26.99).number == 7)
        #expect(banding.group(of: 3).number == 1)
        #expect(banding.group(of: 39).number == 14)
        // Scaled: mean of reading 104 and maths 99 is 101.5, at or above 90, 95, 98, 100: group 5.
        let scaled = KS2Result.scaledScores(KS2ScaledResult(reading: try ScaledScore(104), maths: try ScaledScore(99)))
        #expect(PriorAttainmentGroup.of(ks2: scaled) == PriorAttainmentGroup(unchecked: .scaledScores, number: 5))
        // Levels: English 27 and maths 28 average 27.5, group 8; a supplied group takes precedence.
        let levels = KS2Result.levels(try KS2LevelResult(averagePointScore: 20, englishPoints: 27, mathsPoints: 28))
        #expect(PriorAttainmentGroup.of(ks2: levels)?.number == 8)
        let supplied = try PriorAttainmentGroup(scheme: .supplied, number: 3)
        #expect(PriorAttainmentGroup.of(ks2: levels, supplied: supplied) == supplied)
    }

    @Test("Bad pupil rows are rejected naming the row; KS2 rows are counted but not in the measure")
    func readerRejections() throws {
        let text = """
            pupil,year,key_stage,urn,ks4_attainment8,ks2_reading_scaled,ks2_maths_scaled,ks2_english_points
            P1,2018,4,100001,40,,,27
            P2,2018,4,100001,40,121,100,
            P3,2015,4,100001,40,,,27
            P1,2018,4,100001,41,,,27
            P5,2018,4,100001,40,100,100,27
            P6,2018,2,100001,,100,100,
            P7,2018,4,100001,95,,,27
            """
        let read = try Self.read(text)
        #expect(read.summary.rows == 7 && read.summary.accepted == 2 && read.summary.rejected == 5)
        #expect(read.summary.isBalanced)
        #expect(read.ks2Rows == 1)
        #expect(read.summary.rejections.map(\.row) == [2, 3, 4, 5, 7])
        #expect(read.summary.rejections.map(\.column) == [
            "ks2_reading_scaled", "ks4_attainment8", "pupil", "ks2_reading_scaled", "ks4_attainment8",
        ])
        #expect(read.summary.rejections[0].kind == .outOfRange)
        #expect(read.summary.rejections[0].value == "121")
        #expect(read.summary.rejections[2].kind == .duplicate)
    }

    @Test("National means file: groups, schemes and bad rows")
    func nationalMeansFile() throws {
        let text = """
            prior_group,mean_attainment8,scheme
            1,20.5,
            2,30,supplied
            2,31,
            3,95,
            1,22,ks2-fine-points
            """
        let read = try Progress8FileReader.readNationalMeans(DataTable.parseCSV(Array(text.utf8), source: "means.csv"))
        #expect(read.summary.accepted == 3 && read.summary.rejected == 2)
        #expect(read.summary.rejections.map(\.row) == [3, 4])
        #expect(read.means[try PriorAttainmentGroup(scheme: .finePoints, number: 1)] == 22)
        #expect(read.means[try PriorAttainmentGroup(scheme: .supplied, number: 1)] == 20.5)
    }

    @Test("A school whose pupils are all excluded is listed with no score; one pupil gives no interval")
    func degenerateCohorts() throws {
        let text = """
            pupil,year,key_stage,urn,ks4_attainment8,ks2_prior_group
            A1,2019,4,100001,40,1
            B1,2019,4,100002,50,
            B2,2019,4,100002,,1
            """
        let cohort = try #require(Progress8.compute(pupils: try Self.read(text).pupils).cohorts.first)
        // One pupil in the measure: the group mean is their own score, so P8 = 0, and the sample
        // standard deviation of one score is undefined.
        #expect(cohort.standardDeviation == nil)
        #expect(cohort.schools.map(\.school.value) == [100001, 100002])
        #expect(cohort.schools[0].score == 0 && cohort.schools[0].lower == nil)
        #expect(cohort.schools[1].pupils == 0 && cohort.schools[1].excluded == 2 && cohort.schools[1].score == nil)
    }

    @Test("Each year is its own cohort, with its own group means")
    func years() throws {
        let text = """
            pupil,year,key_stage,urn,ks4_attainment8,ks2_prior_group
            A1,2018,4,100001,40,1
            A2,2018,4,100001,50,1
            A1,2019,4,100001,60,1
            """
        let results = Progress8.compute(pupils: try Self.read(text).pupils)
        // 2018: group 1 mean (40 + 50) / 2 = 45; 2019: 60.
        #expect(results.cohorts.map(\.year.endYear) == [2018, 2019])
        #expect(results.cohorts.map { $0.groupMeans.map(\.meanAttainment8) } == [[45], [60]])
        #expect(results.notes.isEmpty)
        // A year before Progress 8 is named in a note.
        let early = Progress8.compute(pupils: try Self.read("pupil,year,key_stage,urn\nA1,2012,4,100001\n").pupils)
        #expect(early.notes.count == 1 && early.notes[0].contains("2012"))
        #expect(early.cohorts.first?.exclusionsByReason == [.noPriorAttainment: 1])
    }
}
