/// Writing a table as CSV the way R's `write.csv(x, row.names = FALSE)` does:
/// - every column name in the header is quoted;
/// - categorical values are quoted, with an embedded `"` doubled (`qmethod = "double"`);
/// - numbers are unquoted and printed as R prints them (see ``NumberFormatting``): 15
///   significant digits, so values with more precision than that are rounded, exactly as R
///   rounds them;
/// - missing values are an unquoted `NA`;
/// - lines end with LF, including the last.
///
/// Reading the result back with ``DataTable/parseCSV(_:source:)`` reproduces the table,
/// except that numbers are rounded to 15 significant digits and a categorical level that
/// is itself `NA`, empty, or a number reads back differently (as it would in R).
enum CSVWriter {
    static func bytes(for table: DataTable) -> [UInt8] {
        let comma = UInt8(ascii: ",")
        let newline = UInt8(ascii: "\n")
        var out: [UInt8] = []
        out.reserveCapacity(64 + table.rowCount * max(1, table.columns.count) * 10)

        for (j, column) in table.columns.enumerated() {
            if j > 0 { out.append(comma) }
            appendQuoted(Array(column.name.utf8), to: &out)
        }
        out.append(newline)

        // Pre-quote every level once.
        let quotedLevels: [[[UInt8]]] = table.columns.map { column in
            guard case .categorical(_, let levels) = column.storage else { return [] }
            return levels.map { level in
                var bytes: [UInt8] = []
                appendQuoted(Array(level.utf8), to: &bytes)
                return bytes
            }
        }

        for row in 0..<table.rowCount {
            for (j, column) in table.columns.enumerated() {
                if j > 0 { out.append(comma) }
                switch column.storage {
                case .numeric(let values):
                    NumberFormatting.append(values[row], isInteger: column.isInteger, to: &out)
                case .categorical(let codes, _):
                    let code = Int(codes[row])
                    if code >= 0 && code < quotedLevels[j].count {
                        out.append(contentsOf: quotedLevels[j][code])
                    } else {
                        out.append(UInt8(ascii: "N"))
                        out.append(UInt8(ascii: "A"))
                    }
                }
            }
            out.append(newline)
        }
        return out
    }

    private static func appendQuoted(_ text: [UInt8], to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        out.append(quote)
        for c in text {
            out.append(c)
            if c == quote { out.append(quote) }
        }
        out.append(quote)
    }
}
