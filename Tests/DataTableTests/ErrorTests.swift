import Testing
@testable import DataTable

/// Each failure is reported as a value naming the file and, where it applies, the line,
/// data row, column and offending text; none of them crashes.
@Suite struct ErrorTests {
    @Test func fileNotFound() {
        let path = dataPath("no-such-file.csv")
        let thrown = error { () throws(DataTableError) in try DataTable.readCSV(path: path) }
        #expect(thrown == .fileNotFound(source: path))
        #expect(thrown?.description.contains("no-such-file.csv") == true)
        #expect(thrown?.description.contains("not found") == true)
    }

    @Test func unreadableFile() {
        // A directory opens but cannot be read as a file.
        let path = repositoryPath("Data")
        let thrown = error { () throws(DataTableError) in try DataTable.readCSV(path: path) }
        guard case .unreadableFile(let source, let reason)? = thrown else {
            Issue.record("unexpected \(String(describing: thrown))")
            return
        }
        #expect(source == path)
        #expect(!reason.isEmpty)
        #expect(thrown?.description.contains(path) == true)
    }

    @Test(arguments: ["", "\u{FEFF}", "\n\n", "\r\n"])
    func emptyFile(_ text: String) {
        let thrown = error { () throws(DataTableError) in try parse(text, source: "empty.csv") }
        #expect(thrown == .emptyFile(source: "empty.csv"))
        #expect(thrown?.description.contains("empty.csv") == true)
    }

    @Test(arguments: ["\"a\",\"b\"", "\"a\",\"b\"\n", "a,b\r\n\r\n"])
    func headerWithoutDataRows(_ text: String) {
        let thrown = error { () throws(DataTableError) in try parse(text, source: "header.csv") }
        #expect(thrown == .noDataRows(source: "header.csv"))
        #expect(thrown?.description.contains("header.csv") == true)
    }

    @Test func raggedRowTooFew() {
        let thrown = error { () throws(DataTableError) in try parse("a,b,c\n1,2,3\n4,5\n", source: "ragged.csv") }
        #expect(thrown == .raggedRow(source: "ragged.csv", line: 3, dataRow: 2, expected: 3, found: 2, text: "4,5"))
        let message = thrown?.description ?? ""
        #expect(message.contains("ragged.csv"))
        #expect(message.contains("line 3"))
        #expect(message.contains("data row 2"))
        #expect(message.contains("4,5"))
    }

    @Test func raggedRowTooManyAfterMultilineField() {
        let text = "a,b\n1,\"x\ny\"\n\n2,3,4\n"
        let thrown = error { () throws(DataTableError) in try parse(text, source: "ragged.csv") }
        #expect(thrown == .raggedRow(source: "ragged.csv", line: 5, dataRow: 2, expected: 2, found: 3, text: "2,3,4"))
    }

    @Test func unterminatedQuote() {
        let text = "\"id\",\"name\"\n1,\"ok\"\n2,\"never closed\n3,x\n"
        let thrown = error { () throws(DataTableError) in try parse(text, source: "quote.csv") }
        #expect(thrown == .unterminatedQuote(
            source: "quote.csv", line: 3, dataRow: 2, column: "name", text: "\"never closed\n3,x\n"))
        let message = thrown?.description ?? ""
        #expect(message.contains("quote.csv"))
        #expect(message.contains("line 3"))
        #expect(message.contains("data row 2"))
        #expect(message.contains("\"name\""))
    }

    @Test func unterminatedQuoteInHeader() {
        let thrown = error { () throws(DataTableError) in try parse("a,\"b\n", source: "h.csv") }
        #expect(thrown == .unterminatedQuote(source: "h.csv", line: 1, dataRow: nil, column: "field 2", text: "\"b\n"))
        #expect(thrown?.description.contains("header") == true)
    }

    @Test func textAfterClosingQuote() {
        let thrown = error { () throws(DataTableError) in try parse("a,b\n1,\"x\"y\n", source: "after.csv") }
        #expect(thrown == .textAfterClosingQuote(source: "after.csv", line: 2, dataRow: 1, column: "b", text: "\"x\"y"))
        let message = thrown?.description ?? ""
        #expect(message.contains("after.csv") && message.contains("line 2") && message.contains("\"b\""))
    }

    @Test func duplicateColumnInFile() {
        let thrown = error { () throws(DataTableError) in try parse("\"a\",\"b\",\"a\"\n1,2,3\n", source: "dup.csv") }
        #expect(thrown == .duplicateColumn(source: "dup.csv", name: "a"))
        #expect(thrown?.description.contains("dup.csv") == true)
        #expect(thrown?.description.contains("\"a\"") == true)
    }

    @Test func duplicateColumnInInit() {
        let thrown = error { () throws(DataTableError) in
            try DataTable(source: "built", columns: [
                DataColumn(name: "x", numeric: [1]), DataColumn(name: "x", numeric: [2]),
            ])
        }
        #expect(thrown == .duplicateColumn(source: "built", name: "x"))
    }

    @Test func mismatchedColumnLengths() {
        let thrown = error { () throws(DataTableError) in
            try DataTable(source: "built", columns: [
                DataColumn(name: "x", numeric: [1, 2]), DataColumn(name: "s", strings: ["a"]),
            ])
        }
        #expect(thrown == .mismatchedColumnLengths(source: "built", column: "s", expected: 2, found: 1))
        let message = thrown?.description ?? ""
        #expect(message.contains("built") && message.contains("\"s\"") && message.contains("1") && message.contains("2"))
    }

    @Test func setColumnChecksLength() throws {
        var table = try DataTable(source: "built", columns: [DataColumn(name: "x", numeric: [1, 2])])
        #expect(throws: DataTableError.mismatchedColumnLengths(source: "built", column: "y", expected: 2, found: 3)) {
            try table.setColumn(DataColumn(name: "y", numeric: [1, 2, 3]))
        }
        try table.setColumn(DataColumn(name: "y", numeric: [3, 4]))
        try table.setColumn(DataColumn(name: "x", numeric: [5, 6]))
        #expect(table.columnNames == ["x", "y"])
        #expect(try table.column("x").numericValues == [5, 6])
    }

    @Test func unknownColumn() throws {
        let table = try DataTable.readCSV(path: dataPath("sleepstudy.csv"))
        #expect(throws: DataTableError.unknownColumn(
            source: dataPath("sleepstudy.csv"), name: "reaction", available: ["Reaction", "Days", "Subject"])
        ) {
            try table.column("reaction")
        }
        do {
            _ = try table.column("reaction")
        } catch {
            #expect(error.description.contains("sleepstudy.csv"))
            #expect(error.description.contains("\"reaction\""))
            #expect(error.description.contains("\"Reaction\", \"Days\", \"Subject\""))
        }
    }

    /// Arbitrary bytes either parse or throw; they never crash.
    @Test func randomInputNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("a1,\"\n\r.-eNA \u{0}".utf8) + [0xEF, 0xBB, 0xBF, 0xFF]
        for _ in 0..<3000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            do {
                let table = try DataTable.parseCSV(bytes, source: "random")
                _ = table.csvText()
                for column in table.columns { _ = column.factor() }
            } catch {
                #expect(error.source == "random")
                #expect(error.description.hasPrefix("random: "))
            }
        }
    }
}
