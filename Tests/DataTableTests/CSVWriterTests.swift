import Foundation
import Testing
@testable import DataTable

/// Writing CSV as R's `write.csv(row.names = FALSE)`.
@Suite struct CSVWriterTests {
    private func sample() throws(DataTableError) -> DataTable {
        try DataTable(source: "sample", columns: [
            DataColumn(name: "id", integers: [1, 2, 100000, nil]),
            DataColumn(name: "y", numeric: [0.5, .nan, 1e5, -.infinity]),
            DataColumn(name: "label", strings: ["a, b", "say \"hi\"", nil, "two\nlines"]),
        ])
    }

    @Test func rStyleText() throws {
        let expected = """
        "id","y","label"
        1,0.5,"a, b"
        2,NA,"say ""hi"\""
        100000,1e+05,NA
        NA,-Inf,"two
        lines"

        """
        #expect(try sample().csvText() == expected)
    }

    @Test func roundTrip() throws {
        let table = try sample()
        let back = try DataTable.parseCSV(Array(table.csvText().utf8), source: "back")
        #expect(back.columnNames == table.columnNames)
        #expect(back.columns == table.columns)
        #expect(try back.column("id").isInteger)
    }

    @Test func roundTripOfRealFile() throws {
        let table = try DataTable.readCSV(path: dataPath("Hsb82.csv"))
        let back = try DataTable.parseCSV(table.csvBytes(), source: "back")
        #expect(back.columns == table.columns)
    }

    @Test func writeAndReadFile() throws {
        // Scratch files stay inside the repository, in the ignored build folder.
        let folder = repositoryPath(".build/datatable-tests")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/roundtrip-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try sample()
        try table.writeCSV(path: path)
        let back = try DataTable.readCSV(path: path)
        #expect(back.columns == table.columns)
        #expect(back.source == path)
    }

    @Test func writeToMissingDirectoryFails() throws {
        let path = dataPath("no-such-folder/out.csv")
        #expect(throws: DataTableError.self) { try sample().writeCSV(path: path) }
        do {
            try sample().writeCSV(path: path)
        } catch {
            guard case .unwritableFile(let source, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(source == path)
            #expect(error.description.contains(path))
        }
    }
}
