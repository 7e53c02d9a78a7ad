import Testing
@testable import DataTable

/// A column turned categorical by a few stray cells is reported, not silently a factor.
@Suite struct InferenceWarningTests {
    @Test func strayWordInScoreColumn() throws {
        let rows = (0..<20).map { "\($0 % 10),\($0)" }
        var lines = ["score,id"] + rows
        lines[8] = "oops,7"
        let table = try parse(lines.joined(separator: "\n") + "\n")
        #expect(try !table.column("score").isNumeric)
        #expect(table.inferenceWarnings.count == 1)
        let warning = try #require(table.inferenceWarnings.first)
        #expect(warning.column == "score")
        #expect(warning.numericCells == 19)
        #expect(warning.nonNumericCells == 1)
        #expect(warning.cells == [.init(value: "oops", dataRow: 8)])
        #expect(warning.description.contains("column \"score\""))
        #expect(warning.description.contains("\"oops\" (data row 8)"))
    }

    @Test func nulByteIsShownEscaped() throws {
        var bytes = Array("v\n1\n2\n".utf8) + [0] + Array("\n3\n4\n".utf8)
        bytes += Array("5\n".utf8)
        let table = try DataTable.parseCSV(bytes, source: "nul.csv")
        let warning = try #require(table.inferenceWarnings.first)
        #expect(warning.cells == [.init(value: "\\0", dataRow: 3)])
        #expect(warning.description.hasPrefix("nul.csv: column \"v\""))
    }

    @Test func quotedAndInvalidUTF8ValuesAreShownAsWritten() throws {
        let bytes = Array("v\n1\n2\n3\n\"a\"\"b\"\n".utf8) + [0xFF] + Array("\n4\n5\n6\n".utf8)
        let warning = try #require(try DataTable.parseCSV(bytes, source: "x.csv").inferenceWarnings.first)
        #expect(warning.cells == [.init(value: "a\"b", dataRow: 4), .init(value: "\\xFF", dataRow: 5)])
    }

    @Test func textColumnsAndLogicalsAreNotReported() throws {
        #expect(try parse("a,b\nx,TRUE\ny,FALSE\n1,T\n").inferenceWarnings.isEmpty)
        #expect(try parse("a\n1\nx\n").inferenceWarnings.isEmpty)   // half numbers is not most
        // A factor such as Contraception's livch (0, 1, 2, 3+): 3+ is a level, not a stray.
        let livch = (0..<100).map { ["0", "1", "2", "3+"][$0 % 4] }
        #expect(try parse("livch\n" + livch.joined(separator: "\n") + "\n").inferenceWarnings.isEmpty)
        #expect(try parse("a\n1\n2\nNA\n\n3\n").inferenceWarnings.isEmpty)   // numeric
    }
}
