import DataTable
@testable import Education
import Foundation
import Testing

/// The Ofsted part of the programme records: the inspections reader and its bad input, the
/// grade distributions and transition tables, and the time to leave a category.
@Suite("Programme records: Ofsted inspections")
struct ProgrammeOfstedTests {
    static let header = ["urn", "inspection_date", "overall_effectiveness", "leadership", "category"]
    static let asOf = CalendarDate(uncheckedYear: 2013, month: 8, day: 31)

    static func school(_ urn: Int, la: Int = 201, opened: CalendarDate? = nil) throws -> School {
        School(urn: try URN(urn), la: try LocalAuthorityCode(la), area: .london, phase: .secondary, openDate: opened)
    }

    static func receiving(_ urn: Int, start: String) throws -> SupportRecord {
        try SupportRecord(school: try URN(urn), kind: .nle, role: .receiving, start: try CalendarDate(iso: start))
    }

    static func read(_ rows: [[String]], schools: [School], asOf: CalendarDate = asOf) throws -> OfstedFileReader.Contents {
        let table = try ReaderFixtures.table(ReaderFixtures.csv(header, rows), "ofsted.csv")
        var byURN: [URN: School] = [:]
        for school in schools { byURN[school.urn] = school }
        return try OfstedFileReader.read(table, schools: byURN, asOf: asOf)
    }

    // MARK: Reader

    @Test func validRowsAreRead() throws {
        let contents = try Self.read([
            ["100001", "2008-03-04", "4", "3", "special_measures"],
            ["100001", "2009-05-06", "3", "NA", "none"],
            ["100001", "2011-05-06", "2", "2", "NA"],
        ], schools: [try Self.school(100001)])
        #expect(contents.summary.rows == 3 && contents.summary.accepted == 3 && contents.summary.isBalanced)
        #expect(contents.inspections[0].category == .specialMeasures && contents.inspections[0].isInCategory == true)
        #expect(contents.inspections[1].leadership == nil && contents.inspections[1].isInCategory == false)
        // Grade 2 with no category stated: no school with a grade better than inadequate is in one.
        #expect(contents.inspections[2].categoryStated == false && contents.inspections[2].isInCategory == false)
    }

    /// Each bad row is excluded, counted and named by file, row and column.
    @Test func badRowsAreExcludedWithTheirRow() throws {
        let opened = CalendarDate(uncheckedYear: 2007, month: 9, day: 1)
        let schools = [try Self.school(100001), try Self.school(100002, opened: opened)]
        let contents = try Self.read([
            ["100001", "2008-03-04", "5", "2", "none"],                 // 1: grade outside 1-4
            ["100001", "2008-03-05", "0", "2", "none"],                 // 2: grade outside 1-4
            ["100001", "2014-01-10", "2", "2", "none"],                 // 3: after --as-of
            ["100002", "2007-06-30", "3", "3", "none"],                 // 4: before the school opened
            ["100001", "2009-01-01", "2", "2", "special_measures"],     // 5: category with grade 2
            ["100001", "2010-01-01", "2", "7", "none"],                 // 6: leadership outside 1-4
            ["100001", "2011-01-01", "2", "2", "closed"],               // 7: unknown category code
            ["100001", "2011-13-01", "2", "2", "none"],                 // 8: no such date
            ["999999", "2011-01-01", "2", "2", "none"],                 // 9: school not in the file
            ["100002", "2008-01-01", "2", "2", "none"],                 // 10: fine
            ["100002", "2008-01-01", "3", "3", "none"],                 // 11: same school and day again
            ["999998", "2011-01-01", "2", "2", "none"],                 // 12: school not in the file
            ["999999", "2012-01-01", "2", "2", "none"],                 // 13: school not in the file
        ], schools: schools)
        #expect(contents.summary.rows == 13 && contents.summary.accepted == 1 && contents.summary.rejected == 12)
        #expect(contents.summary.isBalanced)
        let byRow = Dictionary(uniqueKeysWithValues: contents.summary.rejections.map { ($0.row, $0) })
        func check(_ row: Int, _ column: String, _ kind: RejectionKind, _ phrase: String) {
            let rejection = byRow[row]
            #expect(rejection?.file == "ofsted.csv" && rejection?.column == column && rejection?.kind == kind,
                    "row \(row): \(rejection.map(\.description) ?? "not rejected")")
            #expect(rejection?.reason.contains(phrase) == true, "row \(row): \(rejection?.reason ?? "")")
        }
        check(1, "overall_effectiveness", .outOfRange, "1...4")
        check(2, "overall_effectiveness", .outOfRange, "1...4")
        check(3, "inspection_date", .invalidValue, "after the analysis date 2013-08-31")
        check(4, "inspection_date", .invalidValue, "before the school opened (2007-09-01")
        check(5, "category", .invalidValue, "only with an inadequate")
        check(6, "leadership", .outOfRange, "1...4")
        check(7, "category", .unknownCode, "special_measures, notice_to_improve, none")
        check(8, "inspection_date", .invalidValue, "no such day")
        check(9, "urn", .unknownSchool, "not in the school file")
        check(11, "inspection_date", .duplicate, "already has an inspection on 2008-01-01")
        check(12, "urn", .unknownSchool, "not in the school file")
        // The URNs not in the school file are listed once each, in order.
        #expect(contents.unknownSchools.map(\.value) == [999998, 999999])
        #expect(contents.summary.description.contains("unknown_school 3"))
    }

    @Test func unusableFilesAreErrors() throws {
        let missing = try ReaderFixtures.table(ReaderFixtures.csv(["urn", "inspection_date"], [["100001", "2008-01-01"]]), "ofsted.csv")
        #expect(throws: NPDReadError.missingColumns(file: "ofsted.csv", missing: ["overall_effectiveness"],
                                                    available: ["urn", "inspection_date"])) {
            _ = try OfstedFileReader.read(missing, schools: [:], asOf: Self.asOf)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("schoolsupport-ofsted-empty-\(UUID().uuidString).csv").path
        try "urn,inspection_date,overall_effectiveness\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try OfstedFileReader.read(path: path, schools: [:], asOf: Self.asOf)
            Issue.record("a header-only file was read")
        } catch {
            guard case .table = error else { Issue.record("unexpected error \(error)"); return }
        }
    }

    @Test func schoolFileOpenDate() throws {
        let header = ["urn", "la", "area", "phase", "open_date"]
        let table = try ReaderFixtures.table(ReaderFixtures.csv(header, [
            ["100001", "201", "london", "secondary", "2004-09-01"],
            ["100002", "201", "london", "secondary", "NA"],
            ["100003", "201", "london", "secondary", "2004-02-30"],
        ]), "schools.csv")
        let result = try SchoolFileReader.read(table)
        #expect(result.schools.map(\.openDate) == [CalendarDate(uncheckedYear: 2004, month: 9, day: 1), nil])
        #expect(result.summary.rejections.map(\.row) == [3] && result.summary.rejections.first?.column == "open_date")
    }

    // MARK: Transitions

    /// Six supported schools, support from 2009-01-01. Before → after: A 4→2, B 4→4, C 3→2,
    /// D 2→3, E 3→3, F 2→1 (A also has an older inspection, C a later one, which must not be used).
    @Test func transitionTableByHand() throws {
        let urns = Array(100001...100006)
        let schools = try urns.map { try Self.school($0) }
        let records = try urns.map { try Self.receiving($0, start: "2009-01-01") }
        let contents = try Self.read([
            ["100001", "2005-05-05", "3", "3", "none"],
            ["100001", "2008-05-05", "4", "4", "notice_to_improve"],
            ["100001", "2010-05-05", "2", "2", "none"],
            ["100002", "2008-06-01", "4", "4", "special_measures"],
            ["100002", "2010-06-01", "4", "4", "special_measures"],
            ["100003", "2009-01-01", "3", "3", "none"],   // on the start day: counts as before
            ["100003", "2011-01-01", "2", "2", "none"],
            ["100003", "2012-01-01", "1", "1", "none"],
            ["100004", "2007-01-01", "2", "2", "none"],
            ["100004", "2010-01-01", "3", "3", "none"],
            ["100005", "2008-01-01", "3", "3", "none"],
            ["100005", "2011-01-01", "3", "3", "none"],
            ["100006", "2008-01-01", "2", "2", "none"],
            ["100006", "2012-01-01", "1", "1", "none"],
        ], schools: schools)
        let records2 = ProgrammeRecords(schools: schools, supportRecords: records, inspections: contents.inspections)
        let analysis = ProgrammeAnalysis(records: records2, asOf: Self.asOf)
        let ofsted = try #require(analysis.ofsted)
        let table = try #require(ofsted.transitions.first { $0.group == .supported })
        // Counts: rows before, columns after.
        #expect(table.counts == [[0, 0, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0], [0, 1, 0, 1]])
        #expect(table.schools == 6 && table.improved == 3 && table.unchanged == 2 && table.declined == 1)
        #expect(table.improvingPercentage == 50)
        // One school of six in cell (4, 2): 100/6 = 16.67%; of the two inadequate before, one: 50%.
        #expect(abs((table.percentage(before: .inadequate, after: .good) ?? 0) - 100.0 / 6) < 1e-12)
        #expect(table.rowPercentage(before: .inadequate, after: .good) == 50)
        #expect(table.rowPercentage(before: .outstanding, after: .good) == nil)
        #expect(table.inadequateBefore == 2 && table.inadequateAfter == 1 && table.leftInadequate == 1 && table.enteredInadequate == 0)
        // Distributions: before A4 B4 C3 D2 E3 F2; after A2 B4 C2 D3 E3 F1.
        let before = try #require(ofsted.distributions.first { $0.group == .supported && $0.period == .before })
        let after = try #require(ofsted.distributions.first { $0.group == .supported && $0.period == .after })
        #expect(before.counts == [0, 2, 2, 2] && before.inspected == 6 && before.schools == 6)
        #expect(after.counts == [1, 2, 2, 1])
        #expect(abs((before.percentages[1] ?? 0) - 100.0 / 3) < 1e-12)
        // No school is in the other groups.
        #expect(ofsted.transitions.first { $0.group == .other }?.schools == 0)
        #expect(ofsted.distributions.first { $0.group == .other }?.percentages == [nil, nil, nil, nil])
    }

    /// 17 schools inadequate before support, 13 of them judged better after and 4 still
    /// inadequate; 3 schools good before and inadequate after; 5 good both times. Inadequate
    /// schools go from 17 to 4 + 3 = 7, a fall of 10, while 13 of the 17 improved.
    @Test func thirteenOfSeventeenBelowTheFloorBecomingSeven() throws {
        let urns = Array(100001...100025)
        let schools = try urns.map { try Self.school($0) }
        let records = try urns.map { try Self.receiving($0, start: "2009-01-01") }
        var rows: [[String]] = []
        for (index, urn) in urns.enumerated() {
            let (before, after): (String, String) = switch index {
            case 0..<13: ("4", "3")
            case 13..<17: ("4", "4")
            case 17..<20: ("2", "4")
            default: ("2", "2")
            }
            rows.append([String(urn), "2008-06-01", before, before, before == "4" ? "special_measures" : "none"])
            rows.append([String(urn), "2010-06-01", after, after, after == "4" ? "notice_to_improve" : "none"])
        }
        let contents = try Self.read(rows, schools: schools)
        #expect(contents.summary.accepted == 50)
        let analysis = ProgrammeAnalysis(records: ProgrammeRecords(schools: schools, supportRecords: records, inspections: contents.inspections),
                                         asOf: Self.asOf)
        let table = try #require(analysis.ofsted?.transitions.first { $0.group == .supported })
        #expect(table.inadequateBefore == 17 && table.inadequateAfter == 7)
        #expect(table.leftInadequate == 13 && table.enteredInadequate == 3)
        // 13 improved (4→3), 9 unchanged (4 at 4, 5 at 2), 3 declined (2→4); 13/25 = 52%.
        #expect(table.improved == 13 && table.unchanged == 9 && table.declined == 3 && table.improvingPercentage == 52)
        #expect(table.inadequateSummary
            == "13 of the 17 schools judged inadequate before were judged better after; 7 were inadequate after (3 newly)")
    }

    // MARK: Time to leave a category

    /// Support from 2010-01-01, every school in special measures at its 2009-06-01 inspection;
    /// analysis date 2011-01-01.
    /// - 100001 leaves on 2010-07-01: 6 months, left.
    /// - 100002 is re-inspected inadequate with a notice to improve on 2010-07-15 (still in a
    ///   category) and leaves on 2011-01-01: 12 months, left.
    /// - 100003 is never re-inspected: censored at 12 months.
    /// - 100004 leaves on 2010-10-01: 9 months, left.
    /// - 100005 is inadequate on 2010-04-01 with no category stated (not taken as leaving):
    ///   censored at 12 months.
    /// - 100006 was good before support: not in a category, not counted.
    /// Kaplan–Meier: at 6 months 5 at risk, 1 leaves: S = 4/5 = 0.8; at 9, 4 at risk, 1 leaves:
    /// S = 0.8 × 3/4 = 0.6; at 12, 3 at risk (the two censored at 12 are still at risk), 1
    /// leaves: S = 0.6 × 2/3 = 0.4. Median 12 months.
    @Test func kaplanMeierByHand() throws {
        let urns = Array(100001...100006)
        let schools = try urns.map { try Self.school($0) }
        let records = try urns.map { try Self.receiving($0, start: "2010-01-01") }
        var rows: [[String]] = urns.dropLast().map { [String($0), "2009-06-01", "4", "4", "special_measures"] }
        rows += [
            ["100006", "2009-06-01", "2", "2", "none"],
            ["100001", "2010-07-01", "3", "3", "none"],
            ["100002", "2010-07-15", "4", "4", "notice_to_improve"],
            ["100002", "2011-01-01", "3", "3", "none"],
            ["100004", "2010-10-01", "2", "2", "none"],
            ["100005", "2010-04-01", "4", "4", "NA"],
        ]
        let asOf = CalendarDate(uncheckedYear: 2011, month: 1, day: 1)
        let contents = try Self.read(rows, schools: schools, asOf: asOf)
        #expect(contents.summary.rejected == 0)
        let analysis = ProgrammeAnalysis(records: ProgrammeRecords(schools: schools, supportRecords: records, inspections: contents.inspections),
                                         asOf: asOf)
        let exit = try #require(analysis.ofsted?.categoryExits.first { $0.group == .supported })
        #expect(exit.schools.map(\.school.value) == [100001, 100002, 100003, 100004, 100005])
        #expect(exit.schools.map(\.months) == [6, 12, 12, 9, 12])
        #expect(exit.schools.map(\.censored) == [false, false, true, false, true])
        #expect(exit.leftCount == 3 && exit.censoredCount == 2)
        let steps = exit.kaplanMeier.steps
        #expect(steps.map(\.time) == [6, 9, 12] && steps.map(\.atRisk) == [5, 4, 3] && steps.map(\.events) == [1, 1, 1])
        #expect(abs(steps[0].survival - 0.8) < 1e-12 && abs(steps[1].survival - 0.6) < 1e-12 && abs(steps[2].survival - 0.4) < 1e-12)
        #expect(exit.medianMonths == 12)
    }

    /// Group rules: receiving wins over providing; other schools are compared at the lower
    /// median of the supported schools' first starts.
    @Test func groupsAndReferenceDates() throws {
        let schools = try (100001...100005).map { try Self.school($0) }
        let records = [
            try Self.receiving(100001, start: "2009-03-01"),
            try Self.receiving(100001, start: "2008-03-01"),
            try Self.receiving(100002, start: "2010-03-01"),
            try SupportRecord(school: try URN(100002), kind: .nle, role: .providing, start: try CalendarDate(iso: "2007-01-01")),
            try SupportRecord(school: try URN(100003), kind: .nle, role: .providing, start: try CalendarDate(iso: "2007-01-01")),
        ]
        let groups = ProgrammeSchools(schools: schools, records: records)
        #expect(groups.entries.map(\.group) == [.supported, .supported, .supporting, .other, .other])
        #expect(groups.entries.map { $0.referenceDate?.description } == ["2008-03-01", "2010-03-01", "2007-01-01", "2008-03-01", "2008-03-01"])
    }
}
