import Testing
@testable import DataTable

/// Seeded random and mutated CSV inputs: the reader never traps, and returns either a table
/// whose columns all have the table's length or a ``DataTableError`` naming the source.
@Suite struct CSVFuzzTests {
    /// SplitMix64: small, fast and reproducible.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces: [[UInt8]] = [
        "\"", "\"\"", ",", "\n", "\r", "\r\n", "\n\r", "NA", "", "1", "-0", "3.25", "1e400", "-1e-400", "inf", "Inf",
        "NaN", "0x1p3", "0x", "1e", "+", ".", "TRUE", "F", "oops", " 7 ", "99999999999999999999999999",
        "2147483648", "\u{FEFF}", "é", "日本",
    ].map { Array($0.utf8) } + [[0], [0xFF], [0xC3], [0xE2, 0x82], [0xEF, 0xBB, 0xBF], [0x80]]

    /// A random input built from `pieces`.
    static func randomInput(_ g: inout Generator) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...40, using: &g) {
            bytes += pieces[Int.random(in: 0..<pieces.count, using: &g)]
        }
        return bytes
    }

    /// A valid file with a few random byte edits, insertions and deletions.
    static func mutatedInput(_ g: inout Generator) -> [UInt8] {
        var bytes = Array("a,b,\"c\"\n1,x,\"q,\"\"r\"\"\"\n2.5,NA,\"\n\"\n-3,T,\n".utf8)
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            let position = Int.random(in: 0...bytes.count, using: &g)
            switch Int.random(in: 0..<3, using: &g) {
            case 0 where position < bytes.count: bytes[position] = UInt8.random(in: 0...255, using: &g)
            case 1 where position < bytes.count: bytes.remove(at: position)
            default: bytes.insert(contentsOf: pieces[Int.random(in: 0..<pieces.count, using: &g)], at: position)
            }
        }
        return bytes
    }

    /// Parses `bytes` and checks the table's invariants; returns whether it gave a table.
    @discardableResult
    static func check(_ bytes: [UInt8]) -> Bool {
        do {
            let table = try DataTable.parseCSV(bytes, source: "fuzz.csv")
            for column in table.columns {
                #expect(column.count == table.rowCount)
                _ = column.isNumeric
            }
            for warning in table.inferenceWarnings {
                #expect(table.hasColumn(warning.column))
                #expect(InferenceWarning.isStray(nonNumeric: warning.nonNumericCells, numeric: warning.numericCells))
                #expect(warning.cells.allSatisfy { $0.dataRow >= 1 && $0.dataRow <= table.rowCount })
            }
            _ = table.csvBytes()
            return true
        } catch {
            #expect(error.source == "fuzz.csv")
            #expect(!error.description.isEmpty)
            return false
        }
    }

    @Test func randomInputs() {
        var g = Generator(state: 20_261_202)
        var tables = 0
        for _ in 0..<4_000 where Self.check(Self.randomInput(&g)) { tables += 1 }
        #expect(tables > 0)
    }

    @Test func mutatedInputs() {
        var g = Generator(state: 7)
        var tables = 0
        for _ in 0..<4_000 where Self.check(Self.mutatedInput(&g)) { tables += 1 }
        #expect(tables > 100)
    }

    @Test func edgeInputs() {
        let cases: [[UInt8]] = [
            [], [0], [0xEF, 0xBB, 0xBF], Array("\n\n\r\n".utf8), Array("a".utf8), Array("a\n".utf8),
            Array("\"".utf8), Array("a\n\"".utf8), Array("a,a\n1,2\n".utf8), Array("a,b\n1\n".utf8),
            Array("a\r1\r\r2".utf8), Array(("a\n" + String(repeating: "9", count: 5_000) + "\n").utf8),
            Array("a\n1e400\n-1e400\n1e-400\n".utf8), Array(",\n,\n".utf8),
        ]
        for bytes in cases { Self.check(bytes) }
    }
}
