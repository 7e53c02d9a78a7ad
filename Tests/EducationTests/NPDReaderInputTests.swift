import DataTable
import Foundation
import Testing
@testable import Education

private typealias F = ReaderFixtures

/// Reading files with problems that reject no row: each is reported, none is silent.
@Suite struct NPDReaderInputTests {
    /// Writes `bytes` to a new file in the temporary directory and returns its path.
    private func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("npd-reader-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("A support file with only a header means no support records, with a note")
    func headerOnlySupportFile() throws {
        let pupils = try temporaryFile("p.csv", F.csv(F.pupilHeader, [F.row(F.ks4Pupil, F.pupilHeader)]))
        let schools = try temporaryFile("s.csv", F.csv(F.schoolHeader, F.schoolRows))
        let support = try temporaryFile("support.csv", F.csv(F.supportHeader, []))
        let data = try NPDDataSet.read(pupilsPath: pupils, schoolsPath: schools, supportPath: support)
        #expect(data.supportRecords.isEmpty)
        let summary = try #require(data.summary.support)
        #expect(summary.rows == 0 && summary.accepted == 0 && summary.rejected == 0)
        #expect(summary.notes.count == 1)
        #expect(summary.notes.first?.contains("no support records") == true)
        #expect(data.summary.allNotes == summary.notes)
    }

    @Test("A mostly numeric column read as categorical is a note in the read summary")
    func inferenceWarningInSummary() throws {
        var rows: [[String]] = []
        for i in 1...5 { rows.append(F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P\(i)", "idaci": "0.\(i)"])) }
        rows[3] = F.row(F.ks4Pupil, F.pupilHeader, ["pupil": "P4", "idaci": "oops"])
        let data = try NPDDataSet.read(
            pupils: F.table(F.csv(F.pupilHeader, rows), "pupils.csv"),
            schools: F.table(F.csv(F.schoolHeader, F.schoolRows), "schools.csv"), support: nil)
        #expect(data.summary.pupils.notes.count == 1)
        #expect(data.summary.pupils.notes.first?.contains("column \"idaci\"") == true)
        #expect(data.summary.pupils.notes.first?.contains("\"oops\" (data row 4)") == true)
        #expect(data.summary.pupils.description.contains("warning: pupils.csv: column \"idaci\""))
    }
}
