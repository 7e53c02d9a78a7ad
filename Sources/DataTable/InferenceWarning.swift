/// A column read as categorical although it is numbers but for a few stray cells.
///
/// One stray cell (`oops` in a column of 0-9 scores, a NUL byte, `n/a`) is enough to turn a
/// numeric column into a factor, which silently changes any model that uses it: R's
/// `read.csv` does the same without a word. The reader records one warning per such column so
/// that callers can show it.
public struct InferenceWarning: Sendable, Equatable, CustomStringConvertible {
    /// A cell that is not a number: its text as written (with control bytes escaped, see
    /// ``InferenceWarning/escaped(_:)``) and its 1-based data row (row 1 is the first record
    /// after the header).
    public struct Cell: Sendable, Equatable {
        public let value: String
        public let dataRow: Int
    }

    /// The file path or name the table came from.
    public let source: String
    /// The column's name.
    public let column: String
    /// Non-missing cells that read as numbers.
    public let numericCells: Int
    /// Non-missing cells that do not, in total.
    public let nonNumericCells: Int
    /// The first ``listedCellLimit`` non-numeric cells, in row order.
    public let cells: [Cell]

    /// Whether `nonNumeric` cells among `numeric` number cells look like strays in a numeric
    /// column: more numbers than not, and at most two non-numeric cells or at most 5% of the
    /// values. A genuine factor with a few numeric-looking levels (`0`, `1`, `2`, `3+`) has
    /// far more non-numeric cells than that and is not reported.
    public static func isStray(nonNumeric: Int, numeric: Int) -> Bool {
        numeric > nonNumeric && (nonNumeric <= 2 || nonNumeric * 20 <= numeric + nonNumeric)
    }

    /// How many non-numeric cells a warning lists.
    public static let listedCellLimit = 5

    public var description: String {
        let listed = cells.map { "\"\($0.value)\" (data row \($0.dataRow))" }.joined(separator: ", ")
        let more = nonNumericCells > cells.count ? " and \(nonNumericCells - cells.count) more" : ""
        return "\(source): column \"\(column)\" is read as categorical although \(numericCells) of its "
            + "\(numericCells + nonNumericCells) values are numbers; not a number: \(listed)\(more)"
    }

    /// `bytes` as text for a message: valid UTF-8 is kept, control bytes are written `\0`,
    /// `\t`, `\r`, `\n` or `\xNN`, and other bytes that are not UTF-8 as `\xNN`.
    public static func escaped(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        var pending: [UInt8] = []
        func flush() {
            guard !pending.isEmpty else { return }
            if let decoded = String(validating: pending, as: UTF8.self) {
                text += decoded
            } else {
                for byte in pending { text += hex(byte) }
            }
            pending.removeAll()
        }
        for byte in bytes {
            switch byte {
            case 0: flush(); text += "\\0"
            case 9: flush(); text += "\\t"
            case 10: flush(); text += "\\n"
            case 13: flush(); text += "\\r"
            case 0x5C: flush(); text += "\\\\"
            case 1..<0x20, 0x7F: flush(); text += hex(byte)
            default: pending.append(byte)
            }
        }
        flush()
        return text
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
