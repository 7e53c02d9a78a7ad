import Testing
@testable import DataTable

/// Selecting rows of a table, as R's `droplevels(x[rows, ])`.
@Suite struct RowSelectionTests {
    private func table() throws(DataTableError) -> DataTable {
        try DataTable(source: "t", columns: [
            DataColumn(name: "n", integers: [1, 2, 3, nil]),
            DataColumn(name: "g", strings: ["b", "a", "c", nil]),
        ])
    }

    @Test("Rows come in the order asked, unused levels are dropped and the integer flag is kept")
    func selection() throws {
        let subset = try table().selectingRows([2, 0, 3, 0], source: "subset")
        #expect(subset.source == "subset" && subset.rowCount == 4)
        #expect(try subset.column("n").numericValues?.prefix(2) == [3, 1])
        #expect(try subset.column("n").isInteger)
        #expect(try subset.column("g").levels == ["b", "c"])
        #expect(try subset.column("g").texts == ["c", "b", nil, "b"])
    }

    @Test("An index outside the table is an error naming the table and the index")
    func outOfRange() throws {
        let table = try table()
        #expect(throws: DataTableError.rowOutOfRange(source: "t", row: 4, rowCount: 4)) {
            try table.selectingRows([0, 4])
        }
        #expect(throws: DataTableError.self) { try table.selectingRows([-1]) }
    }
    @Test("Every row in order is the same table under the new name; with a level no row uses, that level is dropped")
    func everyRow() throws {
        let table = try table()
        let all = try table.selectingRows([0, 1, 2, 3], source: "all")
        #expect(all.source == "all" && all.rowCount == 4)
        #expect(try all.column("n").numericValues == table.column("n").numericValues)
        #expect(try all.column("g").levels == table.column("g").levels)
        #expect(try all.column("g").texts == ["b", "a", "c", nil])
        // A level that no row uses (as a subset can leave): selecting every row drops it, as
        // droplevels does, instead of sharing the columns.
        let narrowed = try table.selectingRows([0, 2, 3])
        #expect(try narrowed.column("g").levels == ["b", "c"])
        let unused = try DataTable(source: "u", columns: [
            DataColumn(name: "g", codes: [1, 1, -1], levels: ["a", "b"]),
        ])
        #expect(try !unused.column("g").usesEveryLevel)
        #expect(try unused.selectingRows([0, 1, 2]).column("g").levels == ["b"])
        #expect(try unused.selectingRows([0, 1, 2]).column("g").texts == ["b", "b", nil])
    }
}
