import Dispatch

/// Turning a column of CSV fields into a typed ``DataColumn``: the reader's second pass.
///
/// The rules follow R's `read.csv(file, stringsAsFactors = TRUE)`, which runs
/// `type.convert` on each column after quotes have been removed (so a quoted `"1224"` is a
/// number, as it is in R):
/// - **Missing values** are `NA` (quoted or not; exactly those two bytes, so ` NA` is text)
///   and empty fields, in any column. (R keeps
///   an empty field in a character column as the level `""`; here it is missing, so that a
///   blank cell never becomes a category of its own.)
/// - **Numeric**: every non-missing cell reads as a number (see ``NumberParsing``). `NaN` is
///   stored as NaN and so counts as missing. When every cell is also an integer literal in
///   R's integer range the column is marked ``DataColumn/isInteger``, as R would store it as
///   integer; that only affects how values are printed.
/// - **Logical**: every non-missing cell is one of R's logical spellings (`TRUE`, `FALSE`,
///   `T`, `F`, `true`, `false`, `True`, `False`). R reads such a column as logical and a model
///   formula turns it into a factor with levels `FALSE`, `TRUE`; here it is categorical with
///   exactly those two levels.
/// - **Categorical** otherwise: levels are the distinct strings sorted in byte order (R's
///   `sort` under the C collation), codes index the levels.
/// - A column with no non-missing cell at all is numeric and entirely missing (R would make it
///   logical).
enum ColumnInference {
    /// The typed columns, and a warning for each column read as categorical although most of
    /// its cells are numbers.
    static func columns(
        _ fields: CSVFields, names: [String], base: UnsafePointer<UInt8>, source: String
    ) -> (columns: [DataColumn], warnings: [InferenceWarning]) {
        let count = fields.columnCount
        var slots = [Inferred?](repeating: nil, count: count)
        fields.starts.withUnsafeBufferPointer { starts in
            fields.ends.withUnsafeBufferPointer { ends in
                fields.flags.withUnsafeBufferPointer { flags in
                    slots.withUnsafeMutableBufferPointer { out in
                        guard let slot = out.baseAddress else { return }
                        let job = InferenceJob(
                            cells: Cells(base: base, starts: starts, ends: ends, flags: flags,
                                         columnCount: count, rowCount: fields.dataRowCount),
                            names: names, source: source, slots: slot)
                        // The columns are independent, so a large file's are typed on every
                        // core (each writes only its own slot; the order of the result is the
                        // order of the columns whatever the timing).
                        if count > 1 && fields.dataRowCount * count >= parallelFieldCount {
                            DispatchQueue.concurrentPerform(iterations: count) { j in job.run(j) }
                        } else {
                            for j in 0..<count { job.run(j) }
                        }
                    }
                }
            }
        }
        var columns: [DataColumn] = []
        var warnings: [InferenceWarning] = []
        columns.reserveCapacity(count)
        for j in 0..<count {
            // Every slot was filled above.
            guard let inferred = slots[j] else { continue }
            columns.append(inferred.column)
            if let warning = inferred.warning { warnings.append(warning) }
        }
        return (columns, warnings)
    }

    /// Cells of a table at least this large are typed on several threads.
    static let parallelFieldCount = 262_144

    /// One typed column and its mostly-numeric warning.
    struct Inferred {
        var column: DataColumn
        var warning: InferenceWarning?
    }

    /// The typing of one column, handed to the worker threads. Unchecked: the cells are only
    /// read, and each column writes only its own slot of `slots`.
    private struct InferenceJob: @unchecked Sendable {
        let cells: Cells
        let names: [String]
        let source: String
        let slots: UnsafeMutablePointer<Inferred?>

        func run(_ j: Int) {
            let column = ColumnInference.column(j, name: names[j], cells: cells)
            let warning = column.isNumeric ? nil : mostlyNumericWarning(j, name: names[j], cells: cells, source: source)
            slots[j] = Inferred(column: column, warning: warning)
        }
    }

    /// A warning when categorical column `j` is numbers but for a few stray cells.
    fileprivate static func mostlyNumericWarning(
        _ j: Int, name: String, cells: Cells, source: String
    ) -> InferenceWarning? {
        var numeric = 0
        var nonNumeric = 0
        var listed: [InferenceWarning.Cell] = []
        var scratch: [UInt8] = []
        for r in 0..<cells.rowCount {
            let i = cells.index(row: r, column: j)
            let start = Int(cells.starts[i])
            let end = Int(cells.ends[i])
            if cells.isMissing(start: start, end: end) { continue }
            let escaped = cells.flags[i] & CSVFields.escapedFlag != 0
            if !escaped, NumberParsing.parse(cells.base + start, count: end - start) != nil {
                numeric += 1
                continue
            }
            nonNumeric += 1
            // Stop once the column can no longer qualify (see `isStray`).
            if nonNumeric > 2 && nonNumeric * 20 > cells.rowCount { return nil }
            if listed.count < InferenceWarning.listedCellLimit {
                let raw = UnsafeBufferPointer(start: cells.base + start, count: end - start)
                if escaped {
                    CSVParser.unescape(raw, into: &scratch)
                    listed.append(.init(value: InferenceWarning.escaped(scratch), dataRow: r + 1))
                } else {
                    listed.append(.init(value: InferenceWarning.escaped(raw), dataRow: r + 1))
                }
            }
        }
        guard InferenceWarning.isStray(nonNumeric: nonNumeric, numeric: numeric) else { return nil }
        return InferenceWarning(
            source: source, column: name, numericCells: numeric, nonNumericCells: nonNumeric, cells: listed)
    }

    /// Read-only view of the field table for one parse.
    struct Cells {
        let base: UnsafePointer<UInt8>
        let starts: UnsafeBufferPointer<UInt32>
        let ends: UnsafeBufferPointer<UInt32>
        let flags: UnsafeBufferPointer<UInt8>
        let columnCount: Int
        let rowCount: Int

        /// Index into the field arrays of data row `row` (0-based), column `column`.
        @inline(__always)
        func index(row: Int, column: Int) -> Int { (row + 1) * columnCount + column }

        /// Whether the field is missing: empty, or `NA`.
        @inline(__always)
        func isMissing(start: Int, end: Int) -> Bool {
            let length = end - start
            return length == 0
                || (length == 2 && base[start] == UInt8(ascii: "N") && base[start + 1] == UInt8(ascii: "A"))
        }
    }

    static func column(_ j: Int, name: String, cells: Cells) -> DataColumn {
        if let numeric = numericColumn(j, name: name, cells: cells) {
            return numeric
        }
        if let logical = logicalColumn(j, name: name, cells: cells) {
            return logical
        }
        return categoricalColumn(j, name: name, cells: cells)
    }

    /// The column as numbers, or `nil` as soon as one cell is not a number.
    private static func numericColumn(_ j: Int, name: String, cells: Cells) -> DataColumn? {
        var values = [Double](repeating: .nan, count: cells.rowCount)
        var allInteger = true
        var anyPresent = false
        var extreme: [Int: String] = [:]
        let ok = values.withUnsafeMutableBufferPointer { out -> Bool in
            for r in 0..<cells.rowCount {
                let i = cells.index(row: r, column: j)
                let start = Int(cells.starts[i])
                let end = Int(cells.ends[i])
                if cells.isMissing(start: start, end: end) { continue }
                if cells.flags[i] & CSVFields.escapedFlag != 0 { return false }
                guard let number = NumberParsing.parse(cells.base + start, count: end - start) else {
                    return false
                }
                out[r] = number.value
                if !(abs(number.value) < 1e15) {
                    extreme[r] = String(decoding: UnsafeBufferPointer(start: cells.base + start, count: end - start),
                                          as: UTF8.self)
                }
                allInteger = allInteger && number.isInteger
                anyPresent = true
            }
            return true
        }
        guard ok else { return nil }
        var column = DataColumn(name: name, numeric: values, isInteger: anyPresent && allInteger)
        column.extremeCellText = extreme
        return column
    }

    /// R's logical spellings: 0 for false, 1 for true, `nil` for anything else.
    @inline(__always)
    private static func logicalCode(_ p: UnsafePointer<UInt8>, count: Int) -> Int32? {
        func equals(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == count else { return false }
            let w = word.utf8Start
            for k in 0..<count where p[k] != w[k] { return false }
            return true
        }
        switch count {
        case 1: return equals("T") ? 1 : equals("F") ? 0 : nil
        case 4: return equals("TRUE") || equals("true") || equals("True") ? 1 : nil
        case 5: return equals("FALSE") || equals("false") || equals("False") ? 0 : nil
        default: return nil
        }
    }

    /// The column as R's logical turned factor (levels `FALSE`, `TRUE`), or `nil`.
    private static func logicalColumn(_ j: Int, name: String, cells: Cells) -> DataColumn? {
        var codes = [Int32](repeating: -1, count: cells.rowCount)
        for r in 0..<cells.rowCount {
            let i = cells.index(row: r, column: j)
            let start = Int(cells.starts[i])
            let end = Int(cells.ends[i])
            if cells.isMissing(start: start, end: end) { continue }
            guard let code = logicalCode(cells.base + start, count: end - start) else { return nil }
            codes[r] = code
        }
        return DataColumn(name: name, codes: codes, levels: ["FALSE", "TRUE"])
    }

    /// The column as a factor of its distinct strings, sorted in byte order.
    private static func categoricalColumn(_ j: Int, name: String, cells: Cells) -> DataColumn {
        var interner = ByteInterner()
        var codes = [Int32](repeating: -1, count: cells.rowCount)
        var scratch: [UInt8] = []
        for r in 0..<cells.rowCount {
            let i = cells.index(row: r, column: j)
            let start = Int(cells.starts[i])
            let end = Int(cells.ends[i])
            if cells.isMissing(start: start, end: end) { continue }
            if cells.flags[i] & CSVFields.escapedFlag == 0 {
                codes[r] = interner.intern(cells.base + start, count: end - start)
            } else {
                CSVParser.unescape(UnsafeBufferPointer(start: cells.base + start, count: end - start), into: &scratch)
                codes[r] = scratch.withUnsafeBufferPointer { s in
                    // `scratch` holds at least one byte: an escaped field contains a quote.
                    guard let p = s.baseAddress else { return -1 }
                    return interner.intern(p, count: s.count)
                }
            }
        }
        let (levels, remap) = interner.sortedLevels()
        for r in 0..<codes.count where codes[r] >= 0 {
            codes[r] = remap[Int(codes[r])]
        }
        return DataColumn(name: name, codes: codes, levels: levels)
    }
}
