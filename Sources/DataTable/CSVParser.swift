/// Splitting CSV bytes into fields: the first of the reader's two passes.
///
/// The rules are those of R's `read.csv` (that is, `scan` with `sep = ","`, `quote = "\""`,
/// `blank.lines.skip = TRUE`) applied to the output of `write.csv`:
/// - The first line is the header; every later non-blank line is a data row and must have
///   as many fields as the header (R would instead pad or wrap short rows with `fill`; a
///   ragged row here is an error naming the line).
/// - Fields are separated by commas. A field that starts with `"` is quoted: it ends at the
///   next lone `"`, `""` inside it stands for one `"`, and it may contain commas and line
///   breaks. A quote inside an unquoted field is an ordinary character. Text after a closing
///   quote (other than the comma or line break that ends the field) is an error.
/// - Lines end with LF, CRLF or a lone CR; the final line break is optional.
/// - A UTF-8 byte-order mark at the start is skipped.
/// - Completely empty lines are skipped wherever they occur, as R's `blank.lines.skip` does;
///   this also covers a trailing empty line.
///
/// Field boundaries are recorded as 32-bit byte offsets, so input must be under 4 GiB.
struct CSVFields {
    /// Number of fields in the header, and so in every row.
    var columnCount = 0
    /// Number of data rows (the header is not counted).
    var dataRowCount = 0
    /// Start and end byte offsets of each field's text, row-major, header row first.
    /// For a quoted field these exclude the enclosing quotes.
    var starts: [UInt32] = []
    var ends: [UInt32] = []
    /// Per field: ``quotedFlag`` and ``escapedFlag`` bits.
    var flags: [UInt8] = []

    /// The field was enclosed in quotes.
    static let quotedFlag: UInt8 = 1
    /// The field contains `""` sequences standing for one quote each.
    static let escapedFlag: UInt8 = 2
}

enum CSVParser {
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Parses a whole CSV file held in `bytes` into a table.
    static func parse(_ bytes: [UInt8], source: String) throws(DataTableError) -> DataTable {
        guard bytes.count < Int(UInt32.max) else {
            throw .fileTooLarge(source: source, bytes: bytes.count)
        }
        let result: Result<DataTable, DataTableError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(DataTableError) -> DataTable in
                guard let base = buffer.baseAddress, buffer.count > 0 else {
                    throw .emptyFile(source: source)
                }
                let fields = try tokenize(base, count: buffer.count, source: source)
                let names = try headerNames(fields, base: base, source: source)
                let inferred = ColumnInference.columns(fields, names: names, base: base, source: source)
                var table = try DataTable(source: source, columns: inferred.columns)
                table.inferenceWarnings = inferred.warnings
                return table
            }
        }
        return try result.get()
    }

    /// First pass: finds the boundaries of every field.
    static func tokenize(_ base: UnsafePointer<UInt8>, count n: Int, source: String) throws(DataTableError) -> CSVFields {
        var fields = CSVFields()
        var pos = 0
        if n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 }

        var line = 1              // physical line number at `pos`
        var rowIndex = 0          // 0 is the header
        var reserved = false

        while pos < n {
            // Skip a completely empty line.
            let c0 = base[pos]
            if c0 == lf || c0 == cr {
                pos += (c0 == cr && pos + 1 < n && base[pos + 1] == lf) ? 2 : 1
                line += 1
                continue
            }
            let rowLine = line
            let rowStart = pos
            var found = 0
            while true {
                let fieldStart = pos
                var start = pos
                var end = pos
                var flag: UInt8 = 0
                if pos < n && base[pos] == quote {
                    flag = CSVFields.quotedFlag
                    pos += 1
                    start = pos
                    while true {
                        guard pos < n else {
                            throw .unterminatedQuote(
                                source: source, line: lineNumber(at: fieldStart, from: rowStart, rowLine: rowLine, base: base),
                                dataRow: rowIndex == 0 ? nil : rowIndex,
                                column: columnLabel(found, fields: fields, rowIndex: rowIndex, base: base),
                                text: snippet(base, from: fieldStart, to: n))
                        }
                        let c = base[pos]
                        if c == quote {
                            if pos + 1 < n && base[pos + 1] == quote {
                                flag |= CSVFields.escapedFlag
                                pos += 2
                                continue
                            }
                            break
                        }
                        if c == lf || (c == cr && !(pos + 1 < n && base[pos + 1] == lf)) { line += 1 }
                        pos += 1
                    }
                    end = pos
                    pos += 1  // closing quote
                    if pos < n {
                        let c = base[pos]
                        if c != comma && c != lf && c != cr {
                            throw .textAfterClosingQuote(
                                source: source, line: line,
                                dataRow: rowIndex == 0 ? nil : rowIndex,
                                column: columnLabel(found, fields: fields, rowIndex: rowIndex, base: base),
                                text: snippet(base, from: fieldStart, to: lineEnd(base, from: pos, count: n)))
                        }
                    }
                } else {
                    while pos < n {
                        let c = base[pos]
                        if c == comma || c == lf || c == cr { break }
                        pos += 1
                    }
                    end = pos
                }
                fields.starts.append(UInt32(truncatingIfNeeded: start))
                fields.ends.append(UInt32(truncatingIfNeeded: end))
                fields.flags.append(flag)
                found += 1

                if pos < n && base[pos] == comma {
                    pos += 1
                    continue
                }
                // End of row: a line break or the end of the input.
                if pos < n {
                    pos += (base[pos] == cr && pos + 1 < n && base[pos + 1] == lf) ? 2 : 1
                    line += 1
                }
                break
            }

            if rowIndex == 0 {
                fields.columnCount = found
            } else if found != fields.columnCount {
                throw .raggedRow(
                    source: source, line: rowLine, dataRow: rowIndex,
                    expected: fields.columnCount, found: found,
                    text: snippet(base, from: rowStart, to: lineEnd(base, from: rowStart, count: n)))
            }
            rowIndex += 1

            // Once a few rows have been seen, reserve room for the rest of the file.
            if !reserved && rowIndex == 65 {
                reserved = true
                let bytesPerRow = max(1, pos / rowIndex)
                let estimatedRows = (n - pos) / bytesPerRow + (n - pos) / bytesPerRow / 16 + 16
                let estimatedFields = fields.starts.count + estimatedRows * fields.columnCount
                fields.starts.reserveCapacity(estimatedFields)
                fields.ends.reserveCapacity(estimatedFields)
                fields.flags.reserveCapacity(estimatedFields)
            }
        }

        guard rowIndex > 0 else { throw .emptyFile(source: source) }
        fields.dataRowCount = rowIndex - 1
        guard fields.dataRowCount > 0 else { throw .noDataRows(source: source) }
        return fields
    }

    /// Column names from the header row.
    ///
    /// Names are used exactly as written (R's `check.names` would rewrite `my col` as
    /// `my.col`; this reader does not). An empty first name, as `write.csv` writes when row
    /// names are included, names the row-name column `rownames`; it is kept as an ordinary
    /// column. Any other empty name becomes `X`, `X.1`, `X.2`, ... as R's `make.names`
    /// would make it. Repeated names are an error.
    static func headerNames(_ fields: CSVFields, base: UnsafePointer<UInt8>, source: String) throws(DataTableError) -> [String] {
        var names: [String] = []
        names.reserveCapacity(fields.columnCount)
        var emptyCount = 0
        for j in 0..<fields.columnCount {
            var name = fieldText(fields, index: j, base: base)
            if name.isEmpty {
                if j == 0 {
                    name = "rownames"
                } else {
                    name = emptyCount == 0 ? "X" : "X.\(emptyCount)"
                    emptyCount += 1
                }
            }
            names.append(name)
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw .duplicateColumn(source: source, name: name)
        }
        return names
    }

    /// The unquoted, unescaped text of field `index`.
    static func fieldText(_ fields: CSVFields, index: Int, base: UnsafePointer<UInt8>) -> String {
        let start = Int(fields.starts[index])
        let end = Int(fields.ends[index])
        let raw = UnsafeBufferPointer(start: base + start, count: end - start)
        if fields.flags[index] & CSVFields.escapedFlag == 0 {
            return String(decoding: raw, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        unescape(raw, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces each `""` in a quoted field's text by `"`.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var k = 0
        while k < raw.count {
            let c = raw[k]
            out.append(c)
            k += (c == quote && k + 1 < raw.count && raw[k + 1] == quote) ? 2 : 1
        }
    }

    // MARK: Error reporting helpers (only run when an error is raised).

    /// How an error message names field number `index` (0-based) of the current row.
    private static func columnLabel(_ index: Int, fields: CSVFields, rowIndex: Int, base: UnsafePointer<UInt8>) -> String {
        if rowIndex > 0 && index < fields.columnCount {
            return fieldText(fields, index: index, base: base)
        }
        return "field \(index + 1)"
    }

    /// The physical line on which the byte at `offset` lies, counting from the row start.
    private static func lineNumber(at offset: Int, from rowStart: Int, rowLine: Int, base: UnsafePointer<UInt8>) -> Int {
        var line = rowLine
        var k = rowStart
        while k < offset {
            if base[k] == lf || (base[k] == cr && base[k + 1] != lf) { line += 1 }
            k += 1
        }
        return line
    }

    private static func lineEnd(_ base: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Int {
        var k = start
        while k < n && base[k] != lf && base[k] != cr { k += 1 }
        return k
    }

    /// Up to 60 bytes of `base[from..<to]` as text, for messages.
    private static func snippet(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> String {
        let limit = 60
        let end = min(to, from + limit)
        let text = String(decoding: UnsafeBufferPointer(start: base + from, count: max(0, end - from)), as: UTF8.self)
        return to > end ? text + "..." : text
    }
}
