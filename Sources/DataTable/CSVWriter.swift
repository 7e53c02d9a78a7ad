/// CSV in the style of R's `write.csv(x, row.names = FALSE)`, written row by row into a byte
/// buffer: the one CSV writer of the package. ``DataTable/csvBytes()`` writes a table through
/// it, and writers with their own row types (the synthetic cohort, the evaluation results, the
/// trends tables) append their cells directly, without building a ``DataTable`` first.
///
/// The rules are R's (and satisfy RFC 4180, except that lines end with LF as R's do):
/// - every column name in the header is quoted;
/// - text (R's character and factor values) is always quoted, with an embedded `"` doubled
///   (`qmethod = "double"`); commas and line breaks inside quotes are kept as they are;
/// - numbers are unquoted and printed as R prints them (see ``NumberFormatting``): 15
///   significant digits, fixed or scientific notation by width, `Inf`, `-Inf`;
/// - missing values are an unquoted `NA`;
/// - lines end with LF, including the last.
///
/// Cells are separated automatically: each row is its cells in column order followed by
/// ``endRow()``. Nothing checks that a row has as many cells as the header has names; the
/// table form and the writers in this package write fixed columns.
///
/// Reading the result back with ``DataTable/parseCSV(_:source:)`` reproduces the values,
/// except that numbers are rounded to 15 significant digits and text that is itself `NA`,
/// empty, or a number reads back differently (as it would in R).
public struct CSVWriter: Sendable {
    /// The CSV written so far.
    public var bytes: [UInt8] { storage }
    // The cell methods are inlinable so that a writer of many rows (the synthetic cohort's
    // hundreds of thousands) runs as fast as a buffer of its own module.
    @usableFromInline var storage: [UInt8] = []
    /// Whether the current row already has a cell (so the next one needs a comma).
    @usableFromInline var rowStarted = false

    /// A writer whose first line is the quoted header `columns`; `reservingCapacity` bytes
    /// are reserved up front (a writer of many rows should estimate its size).
    public init(columns: [String], reservingCapacity capacity: Int = 0) {
        storage.reserveCapacity(max(capacity, 64))
        for name in columns { text(name) }
        endRow()
    }

    /// Ends the current row.
    @inlinable
    public mutating func endRow() {
        storage.append(UInt8(ascii: "\n"))
        rowStarted = false
    }

    /// A text cell, quoted with `"` doubled; `NA` when nil.
    @inlinable
    public mutating func text(_ value: String?) {
        separate()
        guard let value else { return appendNA() }
        let quote = UInt8(ascii: "\"")
        storage.append(quote)
        for c in value.utf8 {
            storage.append(c)
            if c == quote { storage.append(quote) }
        }
        storage.append(quote)
    }

    /// A number as R prints a double (or, with `isInteger`, an integer vector; see
    /// ``DataColumn/isInteger``); `NA` when nil or NaN.
    @inlinable
    public mutating func number(_ value: Double?, isInteger: Bool = false) {
        separate()
        guard let value else { return appendNA() }
        NumberFormatting.append(value, isInteger: isInteger, to: &storage)
    }

    /// A number rounded to `decimals` places (0...15), printed as R prints the rounded double
    /// (`write.csv(round(x, decimals))`): 27.0 is `27`, 0.250 is `0.25`. `NA` when nil or NaN.
    @inlinable
    public mutating func number(_ value: Double?, roundedTo decimals: Int) {
        separate()
        guard let value else { return appendNA() }
        let places = min(max(decimals, 0), 15)
        var scale: UInt64 = 1
        for _ in 0..<places { scale &*= 10 }
        let scaled = (value * Double(scale)).rounded()
        // The common case, written on integers: a rounded value of at most 15 digits that R
        // prints in fixed notation. The rest (zero, scientific notation, more digits, NaN,
        // infinities) goes through NumberFormatting, which gives the same bytes here.
        if scaled.magnitude < 1e15, scaled != 0 {
            let whole = UInt64(scaled.magnitude)
            var significant = whole, dropped = 0
            while significant % 10 == 0 {
                significant /= 10
                dropped += 1
            }
            var count = 0
            var rest = significant
            while rest > 0 {
                rest /= 10
                count += 1
            }
            let exponent = count + dropped - 1 - places
            let shownDecimals = max(0, count - 1 - exponent)
            let fixedWidth = (exponent >= 0 ? exponent + 1 : 1) + (shownDecimals > 0 ? shownDecimals + 1 : 0)
            let scientificWidth = (count > 1 ? count + 1 : 1) + 2 + (exponent.magnitude >= 100 ? 3 : 2)
            if fixedWidth <= scientificWidth {
                if scaled < 0 { storage.append(UInt8(ascii: "-")) }
                appendDigits(whole / scale)
                var fraction = whole % scale
                if fraction != 0 {
                    var width = places
                    while fraction % 10 == 0 {
                        fraction /= 10
                        width -= 1
                    }
                    storage.append(UInt8(ascii: "."))
                    var divisor: UInt64 = 1
                    for _ in 1..<width { divisor &*= 10 }
                    while divisor > 0 {
                        storage.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
                        divisor /= 10
                    }
                }
                return
            }
        }
        NumberFormatting.append(value, roundedTo: places, to: &storage)
    }

    /// A whole number in plain decimal digits, as R prints an integer; `NA` when nil.
    @inlinable
    public mutating func integer(_ value: Int?) {
        separate()
        guard let value else { return appendNA() }
        if value < 0 { storage.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude))
    }

    /// A missing value: an unquoted `NA`.
    @inlinable
    public mutating func missing() {
        separate()
        appendNA()
    }

    /// A cell already quoted by the caller (a categorical level quoted once, not per row).
    @inlinable
    mutating func preQuoted(_ cell: [UInt8]) {
        separate()
        storage.append(contentsOf: cell)
    }

    /// `value` quoted as ``text(_:)`` quotes it.
    static func quoted(_ value: String) -> [UInt8] {
        var writer = CSVWriter()
        writer.text(value)
        return writer.storage
    }

    @inlinable @inline(__always)
    mutating func separate() {
        if rowStarted { storage.append(UInt8(ascii: ",")) } else { rowStarted = true }
    }

    @inlinable
    mutating func appendDigits(_ value: UInt64) {
        // Most significant digit first, so nothing is reversed in place (reversing a slice of
        // `storage` would copy it). 10 × divisor never overflows: it is at most `value`.
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            storage.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    @inlinable @inline(__always)
    mutating func appendNA() {
        storage.append(UInt8(ascii: "N"))
        storage.append(UInt8(ascii: "A"))
    }

    /// An empty writer without a header line.
    private init() {}
}

extension CSVWriter {
    /// `table` as CSV: the header of its column names, then one row per table row, numeric
    /// columns as numbers (integer columns as integers) and categorical ones as quoted levels.
    static func bytes(for table: DataTable) -> [UInt8] {
        var writer = CSVWriter(
            columns: table.columnNames,
            reservingCapacity: 64 + table.rowCount * max(1, table.columns.count) * 10)
        // Each level is quoted once, not once per row.
        let quotedLevels: [[[UInt8]]] = table.columns.map { column in
            guard case .categorical(_, let levels) = column.storage else { return [] }
            return levels.map(quoted)
        }
        for row in 0..<table.rowCount {
            for (j, column) in table.columns.enumerated() {
                switch column.storage {
                case .numeric(let values):
                    writer.number(values[row], isInteger: column.isInteger)
                case .integers(let values):
                    writer.number(values[row], isInteger: column.isInteger)
                case .categorical(let codes, _):
                    let code = Int(codes[row])
                    if code >= 0 && code < quotedLevels[j].count {
                        writer.preQuoted(quotedLevels[j][code])
                    } else {
                        writer.missing()
                    }
                }
            }
            writer.endRow()
        }
        return writer.bytes
    }
}
