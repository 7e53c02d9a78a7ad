import Testing
@testable import DataTable

/// Splitting text into fields and rows.
@Suite struct CSVParsingTests {
    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = #"""
        "id","comment"
        1,"plain"
        2,"with, comma"
        3,"say ""hi"""
        4,"two
        lines"
        5,""""
        """#
        let table = try parse(text)
        #expect(table.rowCount == 5)
        let comment = try table.column("comment")
        #expect(comment.texts == ["plain", "with, comma", "say \"hi\"", "two\nlines", "\""])
        #expect(comment.levels == ["\"", "plain", "say \"hi\"", "two\nlines", "with, comma"])
        #expect(try table.column("id").numericValues == [1, 2, 3, 4, 5])
    }

    @Test func crlfLineEndings() throws {
        let table = try parse("\"a\",\"b\"\r\n1,\"x\"\r\n2,\"y\"\r\n")
        #expect(table.rowCount == 2)
        #expect(try table.column("b").texts == ["x", "y"])
        #expect(try table.column("a").numericValues == [1, 2])
    }

    @Test func crlfInsideQuotedField() throws {
        let table = try parse("a,b\r\n1,\"x\r\ny\"\r\n")
        #expect(try table.column("b").texts == ["x\r\ny"])
    }

    @Test func loneCarriageReturnLineEndings() throws {
        let table = try parse("a,b\r1,2\r3,4")
        #expect(try table.column("b").numericValues == [2, 4])
    }

    @Test func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\"x\",\"y\"\n1,2\n".utf8)
        let table = try DataTable.parseCSV(bytes, source: "bom.csv")
        #expect(table.columnNames == ["x", "y"])
        #expect(try table.column("x").numericValues == [1])
    }

    @Test func missingFinalNewlineAndTrailingEmptyLine() throws {
        #expect(try parse("a,b\n1,2").rowCount == 1)
        #expect(try parse("a,b\n1,2\n\n").rowCount == 1)
        #expect(try parse("a,b\r\n1,2\r\n\r\n").rowCount == 1)
    }

    @Test func blankLinesAreSkippedAsInR() throws {
        let table = try parse("a,b\n1,2\n\n3,4\n")
        #expect(try table.column("a").numericValues == [1, 3])
    }

    @Test func naAndEmptyAreMissingInEveryColumn() throws {
        let text = """
        "n","s","q"
        1,"a",NA
        NA,,"NA"
        ,"b",""
        4,NA,7
        """
        let table = try parse(text)
        let n = try table.column("n")
        #expect(n.isNumeric)
        #expect(n.missingCount == 2)
        #expect(n.isMissing(1) && n.isMissing(2) && !n.isMissing(0))
        let s = try table.column("s")
        #expect(s.levels == ["a", "b"])
        #expect(s.texts == ["a", nil, "b", nil])
        #expect(s.factor().codes == [0, -1, 1, -1])
        let q = try table.column("q")
        #expect(q.isNumeric)
        #expect(q.missingCount == 3)
        #expect(q.numericValues?.last == 7)
    }

    @Test func emptyFirstHeaderFieldIsRowNames() throws {
        let table = try parse("\"\",\"x\"\n\"1\",5\n\"2\",6\n")
        #expect(table.columnNames == ["rownames", "x"])
        #expect(try table.column("x").numericValues == [5, 6])
    }

    @Test func otherEmptyHeaderFieldsAreNamedLikeR() throws {
        let table = try parse("a,,\"\"\n1,2,3\n")
        #expect(table.columnNames == ["a", "X", "X.1"])
    }

    @Test func trailingCommaMakesAnEmptyField() throws {
        let table = try parse("a,b\n1,\n")
        #expect(try table.column("b").missingCount == 1)
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() throws {
        let table = try parse("a\n5\"7\n")
        #expect(try table.column("a").texts == ["5\"7"])
    }

    @Test func singleColumn() throws {
        let table = try parse("x\n1\n2\n3")
        #expect(table.columnNames == ["x"])
        #expect(table.rowCount == 3)
    }
}
