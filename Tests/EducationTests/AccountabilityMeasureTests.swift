import DataTable
import Testing
@testable import Education

/// The post-2016 and older threshold measures, and the pupil-file columns that carry them.
@Suite struct AccountabilityMeasureTests {
    typealias F = ReaderFixtures

    static let header = F.pupilHeader + ["ks2_writing_ta", "ks2_prior_group"]

    static func read(_ rows: [[String]]) throws -> NPDDataSet {
        try NPDDataSet.read(
            pupils: F.table(F.csv(header, rows), "pupils.csv"),
            schools: F.table(F.csv(F.schoolHeader, F.schoolRows), "schools.csv"), support: nil)
    }

    static func ks2(_ changes: [String: String]) -> [String] { F.row(F.ks2Pupil, header, changes) }

    @Test("The pupil file reads the writing assessment and the prior-attainment group; bad codes are rejected by row")
    func pupilFileColumns() throws {
        let ks4 = F.row(F.ks4Pupil, Self.header, [
            "pupil": "P9", "year": "2018", "ks4_capped": "NA", "ks4_5ac_em": "NA", "ks4_attainment8": "52.5",
            "ks2_prior_group": "17",
        ])
        let data = try Self.read([
            Self.ks2(["ks2_writing_ta": "EXS"]),                       // row 1: accepted
            Self.ks2(["pupil": "Q2", "ks2_writing_ta": "XYZ"]),         // row 2: unknown code
            ks4,                                                        // row 3: accepted
            Self.ks2(["pupil": "Q3", "ks2_prior_group": "4"]),          // row 4: group on a KS2 record
            F.row(F.ks4Pupil, Self.header, ["pupil": "P8", "ks2_prior_group": "0"]),  // row 5: out of range
            F.row(F.ks4Pupil, Self.header, ["pupil": "P7", "ks2_writing_ta": "EXS"]),  // row 6: writing with levels
        ])
        #expect(data.summary.pupils.accepted == 2 && data.summary.pupils.rejected == 4)
        #expect(data.summary.pupils.rejections.map(\.row) == [2, 4, 5, 6])
        #expect(data.summary.pupils.rejections.map(\.column) == [
            "ks2_writing_ta", "ks2_prior_group", "ks2_prior_group", "ks2_writing_ta",
        ])
        #expect(data.summary.pupils.rejections.map(\.kind) == [.unknownCode, .invalidValue, .outOfRange, .invalidValue])
        guard case let .scaledScores(scaled)? = data.pupils.first?.ks2 else {
            Issue.record("the KS2 record has no scaled scores"); return
        }
        #expect(scaled.writing == .expected)
        #expect(data.pupils.last?.ks2PriorGroup == (try PriorAttainmentGroup(scheme: .supplied, number: 17)))
        // The KS4 record's Progress 8 view takes the supplied group over its KS2 fine points.
        let p8 = try #require(data.pupils.last.flatMap { Progress8Pupil($0) })
        #expect(p8.group?.number == 17 && p8.group?.scheme == .supplied && p8.attainment8?.total == 52.5)
    }

    @Test("Expected standard: reading and maths at 100 or more, writing EXS or GDS, all three for RWM")
    func expectedStandard() throws {
        // The fixture pupil has reading 104 and maths 99: reading met, maths not.
        let data = try Self.read([
            Self.ks2(["ks2_writing_ta": "GDS"]),
            Self.ks2(["pupil": "Q2", "ks2_maths_scaled": "100", "ks2_writing_ta": "GDS"]),
            Self.ks2(["pupil": "Q3", "ks2_maths_scaled": "100", "ks2_writing_ta": "WTS"]),
            Self.ks2(["pupil": "Q4", "ks2_maths_scaled": "100"]),
        ])
        #expect(data.summary.pupils.accepted == 4)
        let outcomes = { (measure: ThresholdMeasure) in data.pupils.map { measure.outcome(of: $0) } }
        #expect(outcomes(.ks2ExpectedReading) == [true, true, true, true])
        #expect(outcomes(.ks2ExpectedMaths) == [false, true, true, true])
        #expect(outcomes(.ks2ExpectedWriting) == [true, true, false, nil])
        #expect(outcomes(.ks2ExpectedRWM) == [false, true, false, nil])
        #expect(outcomes(.ks2Level4EnglishMaths) == [nil, nil, nil, nil])
    }

    @Test("Level 4 by subject and level 5 from fine points; 5A*-C without English and maths from grades")
    func olderMeasures() throws {
        // Level 4 starts at 27 points, level 5 at 33 (6 × level + 3).
        func record(_ english: Double, _ maths: Double) throws -> PupilRecord {
            try PupilRecord(
                pupil: "K", year: AcademicYear(endingIn: 2012), keyStage: .ks2, school: URN(100002), gender: .female,
                ks2: .levels(KS2LevelResult(averagePointScore: nil, englishPoints: english, mathsPoints: maths)))
        }
        let pupils = [try record(27, 26.9), try record(33, 33), try record(32.9, 33)]
        #expect(pupils.map { ThresholdMeasure.ks2Level4English.outcome(of: $0) } == [true, true, true])
        #expect(pupils.map { ThresholdMeasure.ks2Level4Maths.outcome(of: $0) } == [false, true, true])
        #expect(pupils.map { ThresholdMeasure.ks2Level5EnglishMaths.outcome(of: $0) } == [false, true, false])
        // Not carried by the pupil file: no outcome, and the trends command refuses them.
        #expect(pupils.map { ThresholdMeasure.ks2Level4Science.outcome(of: $0) } == [nil, nil, nil])
        #expect(!ThresholdMeasure.ks4FiveAStarToC.isRecordedInPupilFiles)
        // Five A*-C without English and maths: C, C, B, A, A* and two Ds meet it; four Cs do not.
        #expect(KS4Result.meetsFiveAStarToC(grades: [.c, .c, .b, .a, .aStar, .d, .d]))
        #expect(!KS4Result.meetsFiveAStarToC(grades: [.c, .c, .c, .c, .d]))
        #expect(!KS4Result.meetsFiveAStarToCIncludingEnglishAndMaths(grades: [.c, .c, .b, .a, .aStar], english: .d, maths: .c))
        #expect(FloorTarget.standard(for: .ks2ExpectedRWM).percentage == 65)
        #expect(FloorTarget.standard(for: .ks4FiveAStarToC).percentage == 30)
    }
}
