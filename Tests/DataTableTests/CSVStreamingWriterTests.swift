import Testing
@testable import DataTable

/// The streaming form of the one CSV writer: cells appended row by row.
@Suite struct CSVStreamingWriterTests {
    /// Text that needs quoting, and numbers at the edges of R's format.
    private static let texts: [String?] = [
        "plain", "a, b", "say \"hi\"", "two\nlines", "cr\r\nlf", "\"", "", nil, "NA ", "é, ü",
    ]
    private static let numbers: [Double] = [
        0.5, .nan, .infinity, -.infinity, -0.0, 1e-300, 1e300, 1e5, 123456, 0.1, -2.5e-7, 4.611686018427388e18,
    ]

    private func table() throws(DataTableError) -> DataTable {
        let n = Self.texts.count
        return try DataTable(source: "edge", columns: [
            DataColumn(name: "id, \"quoted\"", integers: (0..<n).map { $0 == 3 ? nil : $0 * 100_000 - 7 }),
            DataColumn(name: "x", numeric: (0..<n).map { Self.numbers[$0 % Self.numbers.count] }),
            DataColumn(name: "label", strings: Self.texts),
            DataColumn(name: "y", numeric: (0..<n).map { Self.numbers[($0 + n) % Self.numbers.count] }),
        ])
    }

    @Test("The table round-trips through the parser: quotes, commas, line breaks, NA, Inf, -0, 1e-300, 1e300")
    func roundTrip() throws {
        let table = try table()
        let back = try DataTable.parseCSV(table.csvBytes(), source: "back")
        #expect(back.columnNames == table.columnNames)
        #expect(try back.column("id, \"quoted\"") == table.column("id, \"quoted\""))
        #expect(try back.column("x") == table.column("x"))
        #expect(try back.column("y") == table.column("y"))
        // The empty string and "NA " read back as R reads them: empty is missing.
        let labels = try back.column("label").texts
        #expect(labels == Self.texts.map { $0 == "" ? nil : $0 })
        let x = try #require(try back.column("x").numericValues)
        #expect(x[4] == 0 && x[5] == 1e-300 && x[6] == 1e300 && x[2] == .infinity && x[3] == -.infinity && x[1].isNaN)
    }

    @Test("Quoting follows write.csv: every text and header quoted, quotes doubled, numbers and NA bare")
    func quoting() throws {
        var csv = CSVWriter(columns: ["a", "b\"c"])
        csv.text("x,\"y\"\nz"); csv.missing(); csv.endRow()
        csv.text(nil); csv.number(-0.0); csv.endRow()
        #expect(String(decoding: csv.bytes, as: UTF8.self) == "\"a\",\"b\"\"c\"\n\"x,\"\"y\"\"\nz\",NA\nNA,0\n")
    }

    @Test("Rows appended one by one give the same bytes as the table form")
    func streamingMatchesTable() throws {
        let table = try table()
        var csv = CSVWriter(columns: table.columnNames)
        for row in 0..<table.rowCount {
            csv.integer(row == 3 ? nil : row * 100_000 - 7)
            csv.number(Self.numbers[row % Self.numbers.count])
            csv.text(Self.texts[row])
            csv.number(Self.numbers[(row + table.rowCount) % Self.numbers.count])
            csv.endRow()
        }
        #expect(csv.bytes == table.csvBytes())
    }

    @Test("Integers are plain digits over the whole range")
    func integers() {
        var csv = CSVWriter(columns: [])
        csv.integer(0); csv.integer(-120); csv.integer(Int.min); csv.integer(Int.max); csv.integer(nil)
        #expect(String(decoding: csv.bytes, as: UTF8.self)
            == "\n0,-120,-9223372036854775808,9223372036854775807,NA")
    }

    @Test("A rounded number prints as R prints the rounded value")
    func rounded() {
        var csv = CSVWriter(columns: [])
        csv.number(27.0, roundedTo: 1); csv.number(0.25, roundedTo: 3); csv.number(0.007, roundedTo: 3)
        csv.number(-3.5, roundedTo: 1); csv.number(nil, roundedTo: 1); csv.number(.nan, roundedTo: 1)
        csv.number(-0.0004, roundedTo: 3); csv.number(302.06, roundedTo: 1); csv.number(100_000, roundedTo: 1)
        csv.number(.infinity, roundedTo: 2); csv.number(1e20, roundedTo: 2); csv.number(2.5, roundedTo: 0)
        #expect(String(decoding: csv.bytes, as: UTF8.self)
            == "\n27,0.25,0.007,-3.5,NA,NA,0,302.1,1e+05,Inf,1e+20,3")
    }

    @Test("Rounding on integers agrees with rounding the double and printing it in R's format")
    func roundedAgreesWithGeneralPath() {
        var state: UInt64 = 0x1234_5678
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Double(state >> 11) * 0x1.0p-53
            let decimals = Int(state % 7)
            let value = (unit - 0.3) * [1e-4, 1, 10, 1000, 1e6, 1e9, 1e14][Int(state >> 3 % 7)]
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            var slow: [UInt8] = []
            NumberFormatting.append(value, roundedTo: decimals, to: &slow)
            var fast = CSVWriter(columns: [])
            fast.number(value, roundedTo: decimals)
            let general = NumberFormatting.label((value * scale).rounded() / scale, isInteger: false)
            #expect(String(decoding: slow, as: UTF8.self) == general, "\(value) to \(decimals) places")
            #expect(String(decoding: fast.bytes.dropFirst(), as: UTF8.self) == general, "\(value) to \(decimals) places")
        }
    }
}
