/// An in-memory table of equally long, uniquely named columns, read from or written to CSV
/// files compatible with R's `read.csv` and `write.csv`.
///
/// Reading follows `read.csv(file, stringsAsFactors = TRUE)` and writing follows
/// `write.csv(x, row.names = FALSE)`; the detailed rules are documented with
/// ``parseCSV(_:source:)`` and ``csvText()`` (and, in the sources, in `CSVParser.swift`,
/// `ColumnInference.swift`, `NumberParsing.swift`, `NumberFormatting.swift` and
/// `CSVWriter.swift`, whose ``CSVWriter`` also writes CSV row by row without a table).
public struct DataTable: Sendable {
    /// The file path or name the table came from, used in error messages.
    public let source: String
    public private(set) var columns: [DataColumn]
    /// One warning for each column that was read as categorical although it is numbers but for
    /// a few stray cells (see ``InferenceWarning/isStray(nonNumeric:numeric:)``); empty for a table not read from CSV.
    public internal(set) var inferenceWarnings: [InferenceWarning] = []

    /// Number of rows (0 for a table without columns).
    public var rowCount: Int { columns.first?.count ?? 0 }

    public var columnNames: [String] { columns.map(\.name) }

    /// A table of `columns`, which must all have the same length and distinct names.
    public init(source: String, columns: [DataColumn]) throws(DataTableError) {
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw .duplicateColumn(source: source, name: column.name)
        }
        if let first = columns.first {
            for column in columns where column.count != first.count {
                throw .mismatchedColumnLengths(
                    source: source, column: column.name, expected: first.count, found: column.count)
            }
        }
        self.source = source
        self.columns = columns
    }

    /// The column called `name`; ``DataTableError/unknownColumn(source:name:available:)``
    /// (listing the available columns) if there is none.
    public func column(_ name: String) throws(DataTableError) -> DataColumn {
        guard let column = columns.first(where: { $0.name == name }) else {
            throw .unknownColumn(source: source, name: name, available: columnNames)
        }
        return column
    }

    /// This table with every numeric column of whole numbers held in ``CompactIntegers``
    /// (``DataColumn/compactingIntegers()``): the same values in a byte, two or four a row.
    public func compactingIntegerColumns() -> DataTable {
        var table = self
        table.columns = columns.map { $0.compactingIntegers() }
        return table
    }

    /// Whether the table has a column called `name`.
    public func hasColumn(_ name: String) -> Bool {
        columns.contains { $0.name == name }
    }

    /// Adds `column` at the end, or replaces the column of the same name in place.
    /// Its length must match the table's (any length is accepted for a table without columns).
    public mutating func setColumn(_ column: DataColumn) throws(DataTableError) {
        let others = columns.filter { $0.name != column.name }
        if let first = others.first, first.count != column.count {
            throw .mismatchedColumnLengths(
                source: source, column: column.name, expected: first.count, found: column.count)
        }
        if let index = columns.firstIndex(where: { $0.name == column.name }) {
            columns[index] = column
        } else {
            columns.append(column)
        }
    }

    /// Reads the CSV file at `path` (see ``parseCSV(_:source:)``); errors name `path`.
    public static func readCSV(path: String) throws(DataTableError) -> DataTable {
        try parseCSV(try FileIO.read(path: path), source: path)
    }

    /// Parses CSV bytes as R's `read.csv(stringsAsFactors = TRUE)` reads `write.csv` output.
    ///
    /// - The first line is the header. Names are kept exactly as written (R's `check.names`
    ///   would rewrite them); repeated names are an error. An empty first header field (R's
    ///   `write.csv` with row names) becomes a column called `rownames`, which is kept; other
    ///   empty names become `X`, `X.1`, ... as in R.
    /// - Fields are separated by commas and may be double-quoted, with `""` for a quote; quoted
    ///   fields may contain commas and line breaks. LF, CRLF, a UTF-8 byte-order mark and a
    ///   missing final line break are accepted; empty lines are skipped.
    /// - `NA` (quoted or not, exactly those two letters) and empty fields are missing in every
    ///   column. (R keeps an empty field of a text column as the level `""`.)
    /// - A column is numeric when every non-missing cell is a number (quoted or not; `NaN` is
    ///   missing, `Inf` and `-Inf` are kept), categorical with levels `FALSE`, `TRUE` when every
    ///   cell is one of R's logical spellings, and otherwise categorical with its distinct
    ///   strings, byte-order sorted, as levels. A column with no value at all is numeric.
    ///   A categorical column that is numbers but for a few stray cells is reported in
    ///   ``inferenceWarnings``, naming the cells that are not (a stray `oops` or NUL byte in a
    ///   score column would otherwise turn it into a factor without a word).
    /// - Numbers are converted exactly as a correctly rounded `strtod` would.
    ///
    /// Errors name `source` and, where relevant, the line and column: an empty input, a header
    /// without data rows, a row with the wrong number of fields, an unterminated quoted field,
    /// text after a closing quote, and repeated column names.
    public static func parseCSV(_ bytes: [UInt8], source: String) throws(DataTableError) -> DataTable {
        try CSVParser.parse(bytes, source: source)
    }

    /// The table as CSV text in the style of R's `write.csv(x, row.names = FALSE)`:
    /// quoted header, quoted categorical values with `"` doubled, unquoted numbers printed as
    /// R prints them (15 significant digits, fixed or scientific notation by width, `Inf`,
    /// `-Inf`), unquoted `NA` for missing values, LF line endings.
    ///
    /// Parsing the text again gives back the table, except that numbers are rounded to 15
    /// significant digits (as R's own files are) and categorical levels that read as numbers,
    /// logicals, `NA` or empty come back as such, exactly as they would in R.
    public func csvText() -> String {
        String(decoding: CSVWriter.bytes(for: self), as: UTF8.self)
    }

    /// The bytes of ``csvText()``.
    public func csvBytes() -> [UInt8] {
        CSVWriter.bytes(for: self)
    }

    /// Writes ``csvText()`` to `path`, replacing any existing file.
    public func writeCSV(path: String) throws(DataTableError) {
        try FileIO.write(CSVWriter.bytes(for: self), path: path)
    }
}
