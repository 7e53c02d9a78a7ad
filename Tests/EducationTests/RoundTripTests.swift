import DataTable
import Foundation
import Testing
@testable import Education

private let spec = NationalCohortSpecification(pupils: 6_000, schools: 60, localAuthorities: 12, seed: 11)

@Suite("Generator files and the analysis table")
struct RoundTripTests {
    private func readBack(_ cohort: SyntheticCohort) throws -> NPDDataSet {
        try NPDDataSet.read(
            pupils: DataTable.parseCSV(cohort.pupilFileBytes(), source: "pupils.csv"),
            schools: DataTable.parseCSV(cohort.schoolFileBytes(), source: "schools.csv"),
            support: DataTable.parseCSV(try cohort.supportFileBytes(), source: "support.csv"))
    }

    @Test("Generator → files → readers gives back every pupil, school and category")
    func roundTrip() throws {
        let cohort = try SyntheticCohort.generate(spec)
        let data = try readBack(cohort)
        #expect(data.summary.allRejections.isEmpty, "\(data.summary.allRejections.prefix(3))")
        #expect(data.pupils.count == cohort.count && data.schools.count == cohort.schools.count)
        #expect(data.supportRecords.count == (try cohort.supportRecords()).count)

        let table = try data.analysisTable()
        #expect(table.rowCount == cohort.count)
        let single = try DataTable.parseCSV(cohort.csvBytes(), source: "cohort.csv")
        for name in ["school", "la", "area", "support", "gender", "fsm", "eal", "sen", "ethnic", "idaci", "ks2_aps",
                     "ks4_capped", "ks4_5ac_em", "sessions_possible", "sessions_absent", "sessions_unauthorised"] {
            let a = try table.column(name), b = try single.column(name)
            for row in stride(from: 0, to: table.rowCount, by: 7) {
                #expect(a.text(at: row) == b.text(at: row), "column \(name), row \(row)")
            }
        }
        // Every school's derived category equals the generator's.
        for school in cohort.schools {
            let status = try data.supportStatus(of: #require(data.school(URN(school.urn))), in: spec.academicYear)
            #expect(status.primaryCategory == school.support.rawValue)
        }
        // Supported schools have a positive dose; the others none.
        let days = try #require(table.column("support_days").numericValues)
        let support = try table.column("support")
        for row in stride(from: 0, to: table.rowCount, by: 11) {
            if support.text(at: row) == "none" { #expect(days[row] == 0) } else { #expect(days[row] > 0) }
        }
    }

    @Test("The analysis table has the documented columns, indicators and levels")
    func analysisColumns() throws {
        let cohort = try SyntheticCohort.generate(spec)
        let table = try readBack(cohort).analysisTable()
        let indicators = ["support_receiving", "support_providing", "support_ts_programme"]
        var expected = NPDDataSet.analysisColumns
        let position = try #require(expected.firstIndex(of: "support")) + 1
        expected.insert(contentsOf: indicators, at: position)
        #expect(table.columnNames == expected)
        #expect(try table.column("support").factor().levels == ["none", "providing", "receiving", "ts_programme"])
        #expect(try table.column("phase").factor().levels == ["secondary"])
        #expect(try table.column("ks4_attainment8").missingCount == table.rowCount)
        let support = try table.column("support")
        let receiving = try #require(table.column("support_receiving").numericValues)
        let isReceiving = try #require(table.column("receiving").numericValues)
        for row in 0..<table.rowCount {
            #expect((support.text(at: row) == "receiving") == (receiving[row] == 1))
            if receiving[row] == 1 { #expect(isReceiving[row] == 1) }
        }
        let possible = try #require(table.column("sessions_possible").numericValues)
        let absent = try #require(table.column("sessions_absent").numericValues)
        let persistent = try #require(table.column("persistent_absence").numericValues)
        for row in 0..<table.rowCount {
            #expect((persistent[row] == 1) == (absent[row] * 100 >= 15 * possible[row]))
        }
    }

    @Test("A custom classification changes the categories and indicators")
    func customClassification() throws {
        let cohort = try SyntheticCohort.generate(spec)
        let data = try readBack(cohort)
        let classification = try SupportClassification(rules: [
            .init(category: "any_support", kinds: Set(SupportKind.allCases), roles: Set(SupportRole.allCases)),
        ], noneLabel: "unsupported")
        let table = try data.analysisTable(classification: classification)
        #expect(table.hasColumn("support_any_support") && !table.hasColumn("support_receiving"))
        let levels = try table.column("support").factor().levels
        #expect(levels == ["any_support", "unsupported"])
        // Local projects now count, so more pupils are supported than under the default.
        let defaultTable = try data.analysisTable()
        let supportedDefault = try defaultTable.column("support").factor().codes.filter { $0 != 0 }.count
        let anySupport = try #require(table.column("support_any_support").numericValues).filter { $0 == 1 }.count
        #expect(anySupport > supportedDefault)
    }

    @Test("Files written to a directory read back")
    func writeFiles() throws {
        let cohort = try SyntheticCohort.generate(NationalCohortSpecification(pupils: 500, schools: 10, localAuthorities: 4, seed: 5))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("npd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try cohort.writeFiles(directory: directory.path)
        let data = try NPDDataSet.read(pupilsPath: paths.pupils, schoolsPath: paths.schools, supportPath: paths.support)
        #expect(data.pupils.count == 500 && data.summary.allRejections.isEmpty)
        #expect(data.summary.pupils.file == paths.pupils)
    }

    @Test("The specification's year dates the files and is validated")
    func year() throws {
        var other = NationalCohortSpecification(pupils: 300, schools: 6, localAuthorities: 3, seed: 2)
        other.academicYear = try AcademicYear(endingIn: 2013)
        let cohort = try SyntheticCohort.generate(other)
        let data = try readBack(cohort)
        #expect(data.pupils.allSatisfy { $0.year.endYear == 2013 } && data.summary.allRejections.isEmpty)
        other.academicYear = try AcademicYear(endingIn: 2017)
        #expect(throws: CohortSpecificationError.yearOutOfRange(value: 2017, allowed: 1990...2015)) {
            try SyntheticCohort.generate(other)
        }
    }
}
