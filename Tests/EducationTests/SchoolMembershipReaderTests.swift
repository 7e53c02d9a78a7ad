import DataTable
import Foundation
import Testing
@testable import Education

private typealias F = ReaderFixtures

/// The pupil file's optional `ks2_urn`, `school2_urn`, `school2_fraction`, `school3_urn` and
/// `school3_fraction` columns: read into the record and the analysis table, and every bad
/// cell a rejected row naming the file, the row and the column.
@Suite struct SchoolMembershipReaderTests {
    static let membershipColumns = ["ks2_urn", "school2_urn", "school2_fraction", "school3_urn", "school3_fraction"]
    static let header = F.pupilHeader + membershipColumns

    /// Reads pupils with the membership columns; each row is `F.ks4Pupil` with `changes`.
    static func read(_ changes: [[String: String]], base: [String: String] = F.ks4Pupil) throws -> NPDDataSet {
        let rows = changes.enumerated().map { index, change in
            F.row(base, header, ["pupil": "P\(index + 1)"].merging(change) { $1 })
        }
        return try NPDDataSet.read(
            pupils: F.table(F.csv(header, rows), "pupils.csv"),
            schools: F.table(F.csv(F.schoolHeader, F.schoolRows), "schools.csv"),
            support: F.table(F.csv(F.supportHeader, [F.row(F.supportRecord, F.supportHeader)]), "support.csv"))
    }

    @Test("A primary school and two further schools are read; the main school keeps 1 minus their fractions")
    func validMemberships() throws {
        let data = try Self.read([
            ["ks2_urn": "100002", "school2_urn": "100003", "school2_fraction": "0.25",
             "school3_urn": "100004", "school3_fraction": "0.15"],
            [:],
        ])
        #expect(data.summary.pupils.rejected == 0)
        let mover = try #require(data.pupils.first)
        #expect(mover.ks2School == (try URN(100002)))
        #expect(mover.otherSchools == [SchoolMembership(school: try URN(100003), fraction: 0.25),
                                       SchoolMembership(school: try URN(100004), fraction: 0.15)])
        // 1 - 0.25 - 0.15 = 0.60.
        #expect(abs(mover.schoolFraction - 0.60) < 1e-12)
        let table = try data.analysisTable()
        #expect(try table.column("ks2_urn").numericValues?.prefix(1) == [100002])
        #expect(try table.column("ks2_urn").numericValues?.last?.isNaN == true)
        let fraction = try #require(try table.column("school_fraction").numericValues)
        #expect(abs(fraction[0] - 0.60) < 1e-12 && fraction[1] == 1)
        #expect(try table.column("school2_urn").numericValues?.first == 100003)
        #expect(try table.column("school3_fraction").numericValues?.first == 0.15)
        #expect(try table.column("school2_urn").numericValues?.last?.isNaN == true)
    }

    @Test("Without the columns, or with them empty, the analysis table has none of them")
    func absentColumns() throws {
        let plain = try F.read()
        let empty = try Self.read([[:]])
        for data in [plain, empty] {
            let table = try data.analysisTable()
            #expect(NPDDataSet.membershipColumnNames.allSatisfy { !table.hasColumn($0) })
        }
    }

    /// One bad row beside a good one: the bad row (data row 2) is rejected for `column` with `kind`.
    func expectRejected(_ change: [String: String], column: String, kind: RejectionKind,
                        base: [String: String] = F.ks4Pupil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = try Self.read([[:], change], base: base)
        let summary = data.summary.pupils
        #expect(summary.accepted == 1, sourceLocation: sourceLocation)
        let rejection = try #require(summary.rejections.first, sourceLocation: sourceLocation)
        #expect(rejection.file == "pupils.csv" && rejection.row == 2, sourceLocation: sourceLocation)
        #expect(rejection.problems.map(\.column) == [column], "\(rejection)", sourceLocation: sourceLocation)
        #expect(rejection.problems.first?.kind == kind, "\(rejection)", sourceLocation: sourceLocation)
    }

    @Test("ks2_urn that is not a six-digit URN") func badPrimaryURN() throws {
        try expectRejected(["ks2_urn": "12345"], column: "ks2_urn", kind: .outOfRange)
        try expectRejected(["ks2_urn": "1000.5"], column: "ks2_urn", kind: .notAWholeNumber)
    }

    @Test("ks2_urn on a KS2 record") func primaryOnKS2Record() throws {
        try expectRejected(["ks2_urn": "100002"], column: "ks2_urn", kind: .invalidValue, base: F.ks2Pupil)
    }

    @Test("A fraction of 0, 1 or more, or below 0") func fractionOutOfRange() throws {
        for value in ["0", "1", "1.2", "-0.1"] {
            try expectRejected(["school2_urn": "100003", "school2_fraction": value], column: "school2_fraction", kind: .outOfRange)
        }
    }

    @Test("A fraction that is not a number") func fractionNotANumber() throws {
        try expectRejected(["school2_urn": "100003", "school2_fraction": "half"], column: "school2_fraction", kind: .notANumber)
    }

    @Test("A school without its fraction, and a fraction without its school") func unpaired() throws {
        try expectRejected(["school2_urn": "100003"], column: "school2_fraction", kind: .missingRequired)
        try expectRejected(["school2_fraction": "0.3"], column: "school2_urn", kind: .missingRequired)
        try expectRejected(["school2_urn": "100003", "school2_fraction": "0.3", "school3_urn": "100004"],
                           column: "school3_fraction", kind: .missingRequired)
    }

    @Test("A third school without a second") func thirdWithoutSecond() throws {
        try expectRejected(["school3_urn": "100003", "school3_fraction": "0.3"], column: "school3_urn", kind: .invalidValue)
    }

    @Test("Further schools' fractions adding up to 1 or more (0.6 + 0.4 leaves the main school nothing)")
    func fractionsTooLarge() throws {
        try expectRejected(["school2_urn": "100003", "school2_fraction": "0.6", "school3_urn": "100004", "school3_fraction": "0.4"],
                           column: "school3_fraction", kind: .invalidValue)
    }

    @Test("The same school twice: the main school again, or the second school again") func sameSchoolTwice() throws {
        try expectRejected(["school2_urn": "100001", "school2_fraction": "0.3"], column: "school2_urn", kind: .duplicate)
        try expectRejected(["school2_urn": "100003", "school2_fraction": "0.3", "school3_urn": "100003", "school3_fraction": "0.2"],
                           column: "school3_urn", kind: .duplicate)
    }
}
