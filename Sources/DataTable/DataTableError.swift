/// Everything that can go wrong when building, reading or writing a ``DataTable``.
///
/// Every case carries the `source` (the file path, or the name given to
/// ``DataTable/parseCSV(_:source:)``) so that a message read in isolation still says which
/// file is at fault. Positions in a file are reported as 1-based physical line numbers
/// (line 1 is the header); where a data row is involved the 1-based data row number is given
/// as well, so "line 7 (data row 6)" means the sixth record after the header, which starts on
/// the seventh line of the file. The two differ when quoted fields contain newlines or when
/// blank lines were skipped.
public enum DataTableError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist.
    case fileNotFound(source: String)
    /// The file exists but could not be opened or read; `reason` is the system's explanation.
    case unreadableFile(source: String, reason: String)
    /// The file could not be created or written; `reason` is the system's explanation.
    case unwritableFile(source: String, reason: String)
    /// The file is larger than this reader supports (field offsets are 32-bit).
    case fileTooLarge(source: String, bytes: Int)
    /// The file holds no header line: it is empty, or holds only a byte-order mark or blank lines.
    case emptyFile(source: String)
    /// The file has a header line but no data rows.
    case noDataRows(source: String)
    /// A data row has a different number of fields from the header.
    /// `text` is the start of the offending line.
    case raggedRow(source: String, line: Int, dataRow: Int, expected: Int, found: Int, text: String)
    /// A quoted field is opened but never closed before the end of the file.
    /// `dataRow` is `nil` when the field is in the header; `column` is the column's name, or
    /// "field n" in the header. `text` is the start of the field.
    case unterminatedQuote(source: String, line: Int, dataRow: Int?, column: String, text: String)
    /// A closing quote is followed by something other than a comma or the end of the line,
    /// as in `"abc"def`. `text` is the start of the field.
    case textAfterClosingQuote(source: String, line: Int, dataRow: Int?, column: String, text: String)
    /// Two columns have the same name.
    case duplicateColumn(source: String, name: String)
    /// A column was asked for by a name the table does not have.
    case unknownColumn(source: String, name: String, available: [String])
    /// A column's length differs from the table's other columns.
    case mismatchedColumnLengths(source: String, column: String, expected: Int, found: Int)
    /// A row index (0-based) outside the table's `rowCount` rows.
    case rowOutOfRange(source: String, row: Int, rowCount: Int)

    /// The file path or name the error concerns.
    public var source: String {
        switch self {
        case .fileNotFound(let source), .unreadableFile(let source, _), .unwritableFile(let source, _),
             .fileTooLarge(let source, _), .emptyFile(let source), .noDataRows(let source),
             .raggedRow(let source, _, _, _, _, _), .unterminatedQuote(let source, _, _, _, _),
             .textAfterClosingQuote(let source, _, _, _, _), .duplicateColumn(let source, _),
             .unknownColumn(let source, _, _), .mismatchedColumnLengths(let source, _, _, _),
             .rowOutOfRange(let source, _, _):
            return source
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let source):
            return "\(source): file not found"
        case .unreadableFile(let source, let reason):
            return "\(source): cannot read file: \(reason)"
        case .unwritableFile(let source, let reason):
            return "\(source): cannot write file: \(reason)"
        case .fileTooLarge(let source, let bytes):
            return "\(source): file is \(bytes) bytes; files of 4 GiB or more are not supported"
        case .emptyFile(let source):
            return "\(source): file is empty (no header line)"
        case .noDataRows(let source):
            return "\(source): file has a header line but no data rows"
        case .raggedRow(let source, let line, let dataRow, let expected, let found, let text):
            return "\(source): line \(line) of the file (data row \(dataRow)) has \(found) "
                + "field\(found == 1 ? "" : "s") but the header has \(expected): \(Self.quoted(text))"
        case .unterminatedQuote(let source, let line, let dataRow, let column, let text):
            return "\(source): \(Self.position(line: line, dataRow: dataRow)), column \(Self.quoted(column)): "
                + "quoted field is never closed (it runs to the end of the file): \(Self.quoted(text))"
        case .textAfterClosingQuote(let source, let line, let dataRow, let column, let text):
            return "\(source): \(Self.position(line: line, dataRow: dataRow)), column \(Self.quoted(column)): "
                + "unexpected text after the closing quote of a quoted field: \(Self.quoted(text))"
        case .duplicateColumn(let source, let name):
            return "\(source): column name \(Self.quoted(name)) appears more than once"
        case .unknownColumn(let source, let name, let available):
            let list = available.map(Self.quoted).joined(separator: ", ")
            return "\(source): no column named \(Self.quoted(name)); available columns: \(list)"
        case .mismatchedColumnLengths(let source, let column, let expected, let found):
            return "\(source): column \(Self.quoted(column)) has \(found) rows but the table has \(expected)"
        case .rowOutOfRange(let source, let row, let rowCount):
            return "\(source): row index \(row) is outside the table's \(rowCount) rows (0..<\(rowCount))"
        }
    }

    private static func position(line: Int, dataRow: Int?) -> String {
        if let dataRow {
            return "line \(line) of the file (data row \(dataRow))"
        }
        return "line \(line) of the file (header)"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text + "\""
    }
}
