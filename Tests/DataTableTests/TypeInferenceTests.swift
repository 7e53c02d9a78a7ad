import Testing
@testable import DataTable

/// Deciding each column's type as R's `type.convert` does.
@Suite struct TypeInferenceTests {
    @Test func quotedNumbersAreNumeric() throws {
        let table = try parse("\"school\",\"y\"\n\"1224\",\"2.5\"\n\"1288\",\"-3\"\n")
        #expect(try table.column("school").numericValues == [1224, 1288])
        #expect(try table.column("school").isInteger)
        #expect(try table.column("y").numericValues == [2.5, -3])
        #expect(try !table.column("y").isInteger)
    }

    @Test func numberForms() throws {
        let cells = ["5", "5.", ".5", "-0.25", "+7", "1e5", "2.5E-3", "1e+05", " 3 ", "007", "0x1A", "-0x10"]
        let table = try parse("v\n" + cells.joined(separator: "\n"))
        let v = try table.column("v")
        #expect(v.numericValues == [5, 5, 0.5, -0.25, 7, 1e5, 2.5e-3, 1e5, 3, 7, 26, -16])
        #expect(!v.isInteger)
    }

    @Test func infiniteCellsKeepTheirWrittenText() throws {
        let v = try parse("v\n1e999\n-inf\nInf\n2\nNA\n99999999999999999999\n").column("v")
        #expect(try #require(v.numericValues).prefix(4) == [.infinity, -.infinity, .infinity, 2])
        #expect((0..<6).map { v.text(at: $0) } == ["Inf", "-Inf", "Inf", "2", nil, "1e+20"])
        #expect((0..<6).map { v.writtenText(at: $0) } == ["1e999", "-inf", "Inf", "2", nil, "99999999999999999999"])
    }

    @Test func integerColumnsAsR() throws {
        #expect(try parse("v\n1\n-2\n+3\n007\n2147483647\n").column("v").isInteger)
        #expect(try !parse("v\n1\n2147483648\n").column("v").isInteger)
        #expect(try !parse("v\n1\n2.0\n").column("v").isInteger)
        #expect(try !parse("v\n1\n1e3\n").column("v").isInteger)
    }

    @Test func infinitiesAndNaN() throws {
        let v = try parse("v\nInf\n-Inf\nNaN\n1\ninf\n-Infinity\n").column("v")
        let values = try #require(v.numericValues)
        #expect(values[0] == .infinity)
        #expect(values[1] == -.infinity)
        #expect(values[2].isNaN)
        #expect(v.isMissing(2))
        #expect(values[4] == .infinity)
        #expect(values[5] == -.infinity)
        #expect(v.missingCount == 1)
    }

    @Test func notNumbers() throws {
        for cell in ["1e", "e5", ".", "-", "1.2.3", "\"1,5\"", "12a", "--1", "1e5.5", "0x", "\"\"\"1\"\"\""] {
            let column = try parse("v\n1\n" + cell + "\n").column("v")
            #expect(!column.isNumeric, "\(cell)")
        }
    }

    @Test func logicalColumnsBecomeFalseTrueFactors() throws {
        let v = try parse("v\nTRUE\nFALSE\nNA\nT\nfalse\n").column("v")
        #expect(v.levels == ["FALSE", "TRUE"])
        #expect(v.factor().codes == [1, 0, -1, 1, 0])
        let onlyTrue = try parse("v\nTRUE\nTRUE\n").column("v")
        #expect(onlyTrue.levels == ["FALSE", "TRUE"])
        #expect(onlyTrue.factor().codes == [1, 1])
    }

    @Test func mixedColumnIsCategoricalWithByteOrderLevels() throws {
        let v = try parse("v\nb\n10\nB\na\n9\nTRUE\n\u{e9}\n").column("v")
        #expect(v.levels == ["10", "9", "B", "TRUE", "a", "b", "\u{e9}"])
        #expect(v.texts == ["b", "10", "B", "a", "9", "TRUE", "\u{e9}"])
    }

    @Test func allMissingColumnIsNumeric() throws {
        let v = try parse("v,w\nNA,1\n,2\n").column("v")
        #expect(v.isNumeric)
        #expect(v.missingCount == 2)
    }

    /// Every value equals the correctly rounded conversion of its text.
    @Test func numbersAreCorrectlyRounded() throws {
        var generator = SystemRandomNumberGenerator()
        var cells: [String] = [
            "0.1", "0.3", "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324",
            "1e400", "-1e400", "1e-400", "9007199254740993", "123456789012345678901234567890",
            "0.000000000000000000000000000001", "3.14159265358979323846264338327950288",
            "1e22", "1e23", "9007199254740992e22", "-0", "0e999999999",
        ]
        for _ in 0..<3000 {
            let digits = Int.random(in: 1...20, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            let point = Int.random(in: 0...digits, using: &generator)
            for k in 0..<digits {
                if k == point && k > 0 { text += "." }
                text += String(Int.random(in: 0...9, using: &generator))
            }
            if Bool.random(using: &generator) {
                text += "e" + String(Int.random(in: -40...40, using: &generator))
            }
            cells.append(text)
        }
        let values = try #require(parse("v\n" + cells.joined(separator: "\n")).column("v").numericValues)
        for (cell, value) in zip(cells, values) {
            let expected = try #require(Double(cell))
            #expect(value.bitPattern == expected.bitPattern, "\(cell)")
        }
    }
}
