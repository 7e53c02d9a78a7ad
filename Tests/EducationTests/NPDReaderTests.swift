import DataTable
import Foundation
import Testing
@testable import Education

private typealias F = ReaderFixtures

/// One invalid input: the column changed, its new value, and the column and kind expected in
/// the rejection.
struct InvalidCase: Sendable, CustomStringConvertible {
    var changes: [String: String]
    var column: String
    var kind: RejectionKind
    var base = "ks4"
    var description: String { changes.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ",") }
}

private func expectBalanced(_ data: NPDDataSet) {
    #expect(data.summary.pupils.isBalanced)
    #expect(data.summary.schools.isBalanced)
    #expect(data.summary.support?.isBalanced ?? true)
    #expect(data.summary.pupils.accepted == data.pupils.count)
    #expect(data.summary.schools.accepted == data.schools.count)
}

@Suite("NPD readers")
struct NPDReaderTests {
    @Test("Valid files are read completely")
    func validFiles() throws {
        let data = try F.read(pupils: [
            F.row(F.ks4Pupil, F.pupilHeader),
            F.row(F.ks2Pupil, F.pupilHeader),
        ])
        expectBalanced(data)
        #expect(data.pupils.count == 2 && data.schools.count == 3 && data.supportRecords.count == 1)
        #expect(data.summary.allRejections.isEmpty)
        let first = data.pupils[0]
        #expect(first.gender == .female && first.fsm == false && first.fsmEver6 == true)
        #expect(first.priorAttainment == 27.5)
        #expect(first.ks4?.cappedPointScore == 352)
        #expect(first.absence?.overall == 12)
        let second = data.pupils[1]
        #expect(second.la == nil && second.sen == .senSupport)
        if case let .scaledScores(scaled)? = second.ks2 {
            #expect(scaled.reading?.value == 104 && scaled.meetsExpectedStandardInReadingAndMaths == false)
        } else {
            Issue.record("expected scaled scores")
        }
        #expect(data.schools[2].name == nil)
        #expect(data.supportRecords[0].isCrossLA(schoolLA: data.schools[0].la) == true)
    }

    static let pupilCases: [InvalidCase] = [
        InvalidCase(changes: ["pupil": "NA"], column: "pupil", kind: .missingRequired),
        InvalidCase(changes: ["gender": ""], column: "gender", kind: .missingRequired),
        InvalidCase(changes: ["year": "1900"], column: "year", kind: .outOfRange),
        InvalidCase(changes: ["year": "2010.5"], column: "year", kind: .notAWholeNumber),
        InvalidCase(changes: ["year": "summer"], column: "year", kind: .notANumber),
        InvalidCase(changes: ["key_stage": "3"], column: "key_stage", kind: .invalidValue),
        InvalidCase(changes: ["urn": "12345"], column: "urn", kind: .outOfRange),
        InvalidCase(changes: ["la": "42"], column: "la", kind: .outOfRange),
        InvalidCase(changes: ["gender": "X"], column: "gender", kind: .unknownCode),
        InvalidCase(changes: ["ethnic": "WHITE"], column: "ethnic", kind: .unknownCode),
        InvalidCase(changes: ["sen": "A"], column: "sen", kind: .unknownCode),
        InvalidCase(changes: ["fsm": "2"], column: "fsm", kind: .unknownCode),
        InvalidCase(changes: ["fsm_ever6": "yes"], column: "fsm_ever6", kind: .unknownCode),
        InvalidCase(changes: ["eal": "-1"], column: "eal", kind: .unknownCode),
        InvalidCase(changes: ["idaci": "1.2"], column: "idaci", kind: .outOfRange),
        InvalidCase(changes: ["idaci": "high"], column: "idaci", kind: .notANumber),
        InvalidCase(changes: ["idaci": "1e999"], column: "idaci", kind: .notANumber),
        InvalidCase(changes: ["ks4_capped": "-inf"], column: "ks4_capped", kind: .notANumber),
        InvalidCase(changes: ["sessions_possible": "99999999999999999999"], column: "sessions_possible", kind: .outOfRange),
        InvalidCase(changes: ["month_of_birth": "13"], column: "month_of_birth", kind: .outOfRange),
        InvalidCase(changes: ["ks1_aps": "30"], column: "ks1_aps", kind: .outOfRange),
        InvalidCase(changes: ["ks2_aps": "45"], column: "ks2_aps", kind: .outOfRange),
        InvalidCase(changes: ["ks2_english_points": "2"], column: "ks2_english_points", kind: .outOfRange),
        InvalidCase(changes: ["ks2_maths_points": "40"], column: "ks2_maths_points", kind: .outOfRange),
        InvalidCase(changes: ["ks2_level4_em": "4"], column: "ks2_level4_em", kind: .unknownCode),
        InvalidCase(changes: ["ks2_reading_scaled": "130"], column: "ks2_reading_scaled", kind: .outOfRange, base: "ks2"),
        InvalidCase(changes: ["ks2_maths_scaled": "79"], column: "ks2_maths_scaled", kind: .outOfRange, base: "ks2"),
        InvalidCase(changes: ["ks2_aps": "27"], column: "ks2_reading_scaled", kind: .invalidValue, base: "ks2"),
        InvalidCase(
            changes: ["ks2_reading_scaled": "NA", "ks2_maths_scaled": "NA", "ks2_aps": "27"],
            column: "ks2_aps", kind: .invalidValue, base: "ks2"),
        InvalidCase(
            changes: ["key_stage": "2", "ks2_aps": "NA", "ks2_english_points": "NA", "ks2_maths_points": "NA",
                      "ks2_level4_em": "NA", "ks2_reading_scaled": "100", "ks4_capped": "NA", "ks4_5ac_em": "NA"],
            column: "ks2_reading_scaled", kind: .invalidValue),
        InvalidCase(changes: ["ks4_capped": "470"], column: "ks4_capped", kind: .outOfRange),
        InvalidCase(changes: ["ks4_5ac_em": "yes"], column: "ks4_5ac_em", kind: .unknownCode),
        InvalidCase(changes: ["ks4_attainment8": "50"], column: "ks4_attainment8", kind: .invalidValue),
        InvalidCase(changes: ["ks4_attainment8": "95", "year": "2017", "ks4_capped": "NA", "ks4_5ac_em": "NA"],
                    column: "ks4_attainment8", kind: .outOfRange),
        InvalidCase(changes: ["year": "2017"], column: "ks4_capped", kind: .invalidValue),
        InvalidCase(changes: ["year": "2017", "ks4_capped": "NA"], column: "ks4_5ac_em", kind: .invalidValue),
        InvalidCase(changes: ["ks4_capped": "300"], column: "ks4_capped", kind: .invalidValue, base: "ks2"),
        InvalidCase(changes: ["sessions_authorised": "300", "sessions_unauthorised": "30"],
                    column: "sessions_authorised", kind: .invalidValue),
        InvalidCase(changes: ["sessions_unauthorised": "NA"], column: "sessions_unauthorised", kind: .invalidValue),
        InvalidCase(changes: ["sessions_possible": "NA"], column: "sessions_possible", kind: .invalidValue),
        InvalidCase(changes: ["sessions_possible": "0"], column: "sessions_possible", kind: .outOfRange),
        InvalidCase(changes: ["sessions_possible": "800"], column: "sessions_possible", kind: .outOfRange),
        InvalidCase(changes: ["sessions_authorised": "-1"], column: "sessions_authorised", kind: .outOfRange),
        InvalidCase(changes: ["sessions_unauthorised": "2.5"], column: "sessions_unauthorised", kind: .notAWholeNumber),
        InvalidCase(changes: ["urn": "999999"], column: "urn", kind: .unknownSchool),
        InvalidCase(changes: ["la": "202"], column: "la", kind: .laMismatch),
        InvalidCase(changes: ["urn": "100002", "la": "332"], column: "key_stage", kind: .phaseMismatch),
        InvalidCase(changes: ["urn": "100001", "la": "201"], column: "key_stage", kind: .phaseMismatch, base: "ks2"),
        InvalidCase(changes: ["pupil": "P0"], column: "pupil", kind: .duplicate),
    ]

    @Test("Every invalid pupil row is rejected with its row, column, value and reason", arguments: pupilCases)
    func invalidPupil(_ invalid: InvalidCase) throws {
        let base = invalid.base == "ks2" ? F.ks2Pupil : F.ks4Pupil
        let rows = [
            F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P0"]),
            F.row(F.ks2Pupil, F.pupilHeader, ["pupil": "Q0"]),
            F.row(base, F.pupilHeader, invalid.changes),
            F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P9"]),
        ]
        let data = try F.read(pupils: rows)
        let summary = data.summary.pupils
        #expect(summary.rows == 4 && summary.accepted == 3 && summary.rejected == 1)
        expectBalanced(data)
        let rejection = try #require(summary.rejections.first)
        #expect(rejection.file == "pupils.csv")
        #expect(rejection.row == 3)
        #expect(rejection.column == invalid.column)
        #expect(rejection.kind == invalid.kind)
        #expect(!rejection.reason.isEmpty)
        if let written = invalid.changes[invalid.column], written != "NA", written != "" {
            #expect(rejection.value == written)
        }
        #expect(rejection.description.contains("row 3"))
        #expect(summary.rejectedByKind == [invalid.kind: 1])
    }

    @Test("Pupils at special schools and in alternative provision are listed as outside the mainstream cohorts",
          arguments: ["special", "alternative_provision"])
    func pupilsOutsideMainstreamSchools(phase: String) throws {
        let schools = F.schoolRows + [["100004", "201", "london", phase, "Delta"]]
        let rows = [
            F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P0"]),
            F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P1", "urn": "100004"]),
            F.row(F.ks2Pupil, F.pupilHeader, ["pupil": "Q1", "urn": "100004"]),
        ]
        let data = try F.read(schools: schools, pupils: rows)
        let summary = data.summary.pupils
        #expect(summary.accepted == 1 && summary.rejected == 2)
        #expect(summary.rejectedByKind == [.notMainstream: 2])
        let rejection = try #require(summary.rejections.first)
        #expect(rejection.column == "urn" && rejection.value == "100004" && rejection.row == 2)
        #expect(rejection.reason.contains(phase == "special" ? "a special school" : "alternative provision"))
        #expect(data.pupils.map(\.pupil) == ["P0"])
    }

    static let schoolCases: [InvalidCase] = [
        InvalidCase(changes: ["urn": "NA"], column: "urn", kind: .missingRequired),
        InvalidCase(changes: ["urn": "1000001"], column: "urn", kind: .outOfRange),
        InvalidCase(changes: ["la": "Camden"], column: "la", kind: .notANumber),
        InvalidCase(changes: ["la": "201.5"], column: "la", kind: .notAWholeNumber),
        InvalidCase(changes: ["area": "london_east"], column: "area", kind: .unknownCode),
        InvalidCase(changes: ["phase": "infant"], column: "phase", kind: .unknownCode),
        InvalidCase(changes: ["phase": ""], column: "phase", kind: .missingRequired),
        InvalidCase(changes: ["urn": "100001"], column: "urn", kind: .duplicate),
        InvalidCase(changes: ["la": "201", "area": "elsewhere"], column: "area", kind: .areaConflict),
    ]

    @Test("Every invalid school row is rejected, and its pupils and support are excluded", arguments: schoolCases)
    func invalidSchool(_ invalid: InvalidCase) throws {
        var schools = F.schoolRows
        schools.append(F.row(
            ["urn": "100004", "la": "888", "area": "elsewhere", "phase": "special", "name": "Delta"],
            F.schoolHeader, invalid.changes))
        let rejectedURN = invalid.changes["urn"] == nil ? "100004" : nil
        var pupils = [F.row(F.ks4Pupil, F.pupilHeader)]
        var support = [F.row(F.supportRecord, F.supportHeader)]
        if let rejectedURN {
            pupils.append(F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P2", "urn": rejectedURN, "la": "NA"]))
            support.append(F.row(F.supportRecord, F.supportHeader, ["urn": rejectedURN, "partner_la": "NA", "cross_la": "NA"]))
        }
        let data = try F.read(schools: schools, pupils: pupils, support: support)
        expectBalanced(data)
        let rejection = try #require(data.summary.schools.rejections.first)
        #expect(data.summary.schools.rejected == 1)
        #expect(rejection.row == 4 && rejection.column == invalid.column && rejection.kind == invalid.kind)
        if rejectedURN != nil {
            #expect(data.summary.pupils.rejections.map(\.kind) == [.schoolRejected])
            #expect(data.summary.pupils.rejections.first?.row == 2)
            #expect(data.summary.support?.rejections.map(\.kind) == [.schoolRejected])
        }
    }

    static let supportCases: [InvalidCase] = [
        InvalidCase(changes: ["urn": "NA"], column: "urn", kind: .missingRequired),
        InvalidCase(changes: ["kind": "sle"], column: "kind", kind: .unknownCode),
        InvalidCase(changes: ["role": "both"], column: "role", kind: .unknownCode),
        InvalidCase(changes: ["start_date": ""], column: "start_date", kind: .missingRequired),
        InvalidCase(changes: ["start_date": "01/09/2009"], column: "start_date", kind: .invalidValue),
        InvalidCase(changes: ["end_date": "2010-02-30"], column: "end_date", kind: .invalidValue),
        InvalidCase(changes: ["start_date": "1970-01-01"], column: "start_date", kind: .outOfRange),
        InvalidCase(changes: ["end_date": "2008-12-31"], column: "end_date", kind: .invalidValue),
        InvalidCase(changes: ["days": "-3"], column: "days", kind: .outOfRange),
        InvalidCase(changes: ["days": "800"], column: "days", kind: .invalidValue),
        InvalidCase(changes: ["days": "many"], column: "days", kind: .notANumber),
        InvalidCase(changes: ["partner_urn": "100001"], column: "partner_urn", kind: .invalidValue),
        InvalidCase(changes: ["partner_urn": "77"], column: "partner_urn", kind: .outOfRange),
        InvalidCase(changes: ["partner_la": "5"], column: "partner_la", kind: .outOfRange),
        InvalidCase(changes: ["cross_la": "0"], column: "cross_la", kind: .crossLAContradiction),
        InvalidCase(changes: ["cross_la": "2"], column: "cross_la", kind: .unknownCode),
        InvalidCase(changes: ["cost": "-100"], column: "cost", kind: .outOfRange),
        InvalidCase(changes: ["urn": "123456"], column: "urn", kind: .unknownSchool),
    ]

    @Test("Every invalid support record is rejected with its row and reason", arguments: supportCases)
    func invalidSupport(_ invalid: InvalidCase) throws {
        let rows = [
            F.row(F.supportRecord, F.supportHeader),
            F.row(F.supportRecord, F.supportHeader, invalid.changes),
        ]
        let data = try F.read(support: rows)
        expectBalanced(data)
        let summary = try #require(data.summary.support)
        #expect(summary.rows == 2 && summary.accepted == 1)
        let rejection = try #require(summary.rejections.first)
        #expect(rejection.file == "support.csv" && rejection.row == 2)
        #expect(rejection.column == invalid.column)
        #expect(rejection.kind == invalid.kind)
    }

    @Test("A row with several problems lists them all and is counted once")
    func severalProblems() throws {
        let data = try F.read(pupils: [F.row(F.ks4Pupil, F.pupilHeader, ["gender": "X", "fsm": "7", "idaci": "NaN?"])])
        let rejection = try #require(data.summary.pupils.rejections.first)
        #expect(rejection.problems.map(\.column) == ["gender", "fsm", "idaci"])
        #expect(data.summary.pupils.rejected == 1 && data.summary.pupils.isBalanced)
    }

    @Test("Missing optional columns and values are allowed; unknown columns are listed")
    func optionalColumns() throws {
        let pupils = F.csv(["pupil", "year", "key_stage", "urn", "gender", "notes"], [["A", "2010", "4", "100001", "M", "x"]])
        let schools = F.csv(["urn", "la", "area", "phase"], [["100001", "201", "london", "secondary"]])
        let data = try NPDDataSet.read(
            pupils: F.table(pupils, "p.csv"), schools: F.table(schools, "s.csv"), support: nil)
        #expect(data.pupils.count == 1 && data.summary.support == nil)
        #expect(data.summary.pupils.ignoredColumns == ["notes"])
        #expect(data.pupils[0].fsm == nil && data.pupils[0].ks4 == nil && data.pupils[0].absence == nil)
        let table = try data.analysisTable()
        #expect(try table.column("support").text(at: 0) == "none")
        #expect(try table.column("fsm").isMissing(0))
    }

    @Test("A missing required column or malformed CSV is a whole-file error")
    func wholeFileErrors() throws {
        let schools = F.csv(["urn", "la", "phase"], [["100001", "201", "secondary"]])
        let pupils = F.csv(F.pupilHeader, [F.row(F.ks4Pupil, F.pupilHeader)])
        #expect(throws: NPDReadError.missingColumns(file: "s.csv", missing: ["area"], available: ["urn", "la", "phase"])) {
            try NPDDataSet.read(pupils: F.table(pupils, "p.csv"), schools: F.table(schools, "s.csv"), support: nil)
        }
        #expect(throws: NPDReadError.self) {
            try NPDDataSet.read(pupilsPath: "/nonexistent/p.csv", schoolsPath: "/nonexistent/s.csv", supportPath: nil)
        }
    }

    @Test("A file of girls only, read by R's rules as logical FALSE, still gives gender F")
    func girlsOnly() throws {
        let data = try F.read(pupils: [F.row(F.ks4Pupil, F.pupilHeader), F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P2"])])
        #expect(data.pupils.map(\.gender) == [.female, .female] && data.summary.pupils.rejected == 0)
        let boys = try F.read(pupils: [F.row(F.ks4Pupil, F.pupilHeader, ["gender": "T"])])
        #expect(boys.summary.pupils.rejections.first?.kind == .unknownCode)
    }

    @Test("Summaries print the counts by reason")
    func summaryText() throws {
        let data = try F.read(pupils: [
            F.row(F.ks4Pupil, F.pupilHeader),
            F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P2", "urn": "999999"]),
            F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P3", "urn": "999998"]),
        ])
        #expect(data.summary.pupils.description.contains("3 rows, 1 accepted, 2 rejected (unknown_school 2)"))
    }
}
