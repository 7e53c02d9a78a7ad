/// One named column of a ``DataTable``: either numbers or categories (an R factor).
///
/// Missing values are NaN in a numeric column and a negative code in a categorical one,
/// mirroring R's `NA`.
public struct DataColumn: Sendable {
    /// The column's values.
    public enum Storage: Sendable {
        /// Numbers; NaN marks a missing value.
        case numeric([Double])
        /// Whole numbers in one, two or four bytes a row (``CompactIntegers``): a numeric column
        /// like `.numeric`, in less memory. ``compactingIntegers()`` makes one.
        case integers(CompactIntegers)
        /// Categories: `codes[i]` indexes `levels` (0-based), and a negative code marks a
        /// missing value. A code at or beyond `levels.count` is also treated as missing.
        case categorical(codes: [Int32], levels: [String])
    }

    public let name: String
    public var storage: Storage

    /// Whether R would hold this numeric column as integer rather than double.
    ///
    /// `read.csv` stores a column as integer when every value is a plain base-10 integer
    /// literal within ±2147483647; this reader sets the flag in the same circumstances, and
    /// ``init(name:integers:)`` sets it too. It only changes how values print, as in R:
    /// 100000 prints as `100000` when integer but as `1e+05` when double. It is ignored for
    /// categorical columns and for values that are not whole numbers in that range.
    public var isInteger: Bool

    /// The text as written in the file of cells read as infinite (`Inf`, `-inf`, `1e999`) or
    /// as a magnitude of 1e15 or more (`99999999999999999999`, which prints as `1e+20`), by
    /// row: the number alone cannot say how it was written, and a message about such a cell
    /// should quote the file. Empty for columns not read from a file.
    public internal(set) var extremeCellText: [Int: String] = [:]

    /// A numeric column of doubles (as R's `numeric`); NaN means missing.
    public init(name: String, numeric: [Double]) {
        self.init(name: name, numeric: numeric, isInteger: false)
    }

    /// A numeric column; `isInteger` says whether R would hold it as integer.
    public init(name: String, numeric: [Double], isInteger: Bool) {
        self.name = name
        self.storage = .numeric(numeric)
        self.isInteger = isInteger
    }

    /// A numeric column of whole numbers, held as R would hold an integer vector
    /// (see ``isInteger``); `nil` means missing.
    public init(name: String, integers: [Int?]) {
        self.init(name: name, numeric: integers.map { $0.map(Double.init) ?? .nan }, isInteger: true)
    }

    /// A categorical column from strings; `nil` means missing.
    ///
    /// Levels are the distinct strings sorted in byte (UTF-8 code unit) order, which is what
    /// R's `factor` gives under the C collation. Every string, including the empty string, is
    /// a level. Strings are matched by Swift's `String` equality, so canonically equivalent
    /// spellings of the same text share a level.
    public init(name: String, strings: [String?]) {
        let (codes, levels) = Self.sortedCodes(strings) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.init(name: name, codes: codes, levels: levels)
    }

    /// Codes of `values` by their distinct values in increasing order (-1 for nil), and those
    /// values: each distinct value is found by hashing and only the distinct ones are sorted,
    /// since a grouping column has few of them against many rows.
    static func sortedCodes<Value: Hashable>(_ values: [Value?], by areInIncreasingOrder: (Value, Value) -> Bool)
        -> (codes: [Int32], distinct: [Value]) {
        var firstCodes: [Value: Int32] = [:]
        var distinct: [Value] = []
        var codes = [Int32](repeating: -1, count: values.count)
        for (row, value) in values.enumerated() {
            guard let value else { continue }
            if let code = firstCodes[value] {
                codes[row] = code
            } else {
                let code = Int32(distinct.count)
                firstCodes[value] = code
                distinct.append(value)
                codes[row] = code
            }
        }
        let order = distinct.indices.sorted { areInIncreasingOrder(distinct[$0], distinct[$1]) }
        var remap = [Int32](repeating: 0, count: distinct.count)
        for (sortedIndex, k) in order.enumerated() { remap[k] = Int32(sortedIndex) }
        for row in codes.indices where codes[row] >= 0 {
            codes[row] = remap[Int(codes[row])]
        }
        return (codes, order.map { distinct[$0] })
    }

    /// The levels of `codes` that occur at `rows` (R's `droplevels`): the new code of each old
    /// level (−1 for a level dropped) and the levels kept, in their order; nil when every level
    /// occurs there. Codes outside `levels` count as missing.
    public static func levelRecoding(codes: [Int32], levels: [String], rows: [Int]) -> (newCode: [Int32], levels: [String])? {
        var used = [Bool](repeating: false, count: levels.count)
        var remaining = levels.count
        for row in rows {
            let c = Int(codes[row])
            if c >= 0 && c < levels.count && !used[c] {
                used[c] = true
                remaining -= 1
                if remaining == 0 { return nil }
            }
        }
        guard remaining > 0 else { return nil }
        var newCode = [Int32](repeating: -1, count: levels.count)
        var kept: [String] = []
        for level in levels.indices where used[level] {
            newCode[level] = Int32(kept.count)
            kept.append(levels[level])
        }
        return (newCode, kept)
    }

    /// A categorical column from level codes (0-based; negative for missing) and level labels.
    /// Codes outside `levels` are stored as missing.
    public init(name: String, codes: [Int32], levels: [String]) {
        let limit = Int32(clamping: levels.count)
        var checked = codes
        for i in checked.indices where checked[i] >= limit { checked[i] = -1 }
        self.name = name
        self.storage = .categorical(codes: checked, levels: levels)
        self.isInteger = false
    }

    /// Number of rows.
    public var count: Int {
        switch storage {
        case .numeric(let values): return values.count
        case .integers(let values): return values.count
        case .categorical(let codes, _): return codes.count
        }
    }

    public var isNumeric: Bool {
        if case .categorical = storage { return false }
        return true
    }

    /// The values of a numeric column (NaN for missing), or `nil` for a categorical one. For a
    /// column of ``CompactIntegers`` this is a copy in doubles; ``numbers`` reads it in place.
    public var numericValues: [Double]? {
        numbers?.doubles
    }

    /// The values of a numeric column without a copy, or `nil` for a categorical one.
    public var numbers: NumericValues? {
        switch storage {
        case .numeric(let values): return .doubles(values)
        case .integers(let values): return .integers(values)
        case .categorical: return nil
        }
    }

    /// This column with its numbers in ``CompactIntegers`` when every value is missing or a
    /// whole number within ±2,147,483,647; otherwise (fractions, infinities, categories) the
    /// column unchanged. The values read back are the same.
    public func compactingIntegers() -> DataColumn {
        guard case .numeric(let values) = storage, let compact = CompactIntegers(values) else { return self }
        var column = self
        column.storage = .integers(compact)
        return column
    }

    /// Whether row `row` is missing: NaN in a numeric column, a negative (or out-of-range)
    /// code in a categorical one.
    public func isMissing(_ row: Int) -> Bool {
        switch storage {
        case .numeric(let values): return values[row].isNaN
        case .integers(let values): return values.isMissing(row)
        case .categorical(let codes, let levels): return codes[row] < 0 || Int(codes[row]) >= levels.count
        }
    }

    public var missingCount: Int {
        switch storage {
        case .numeric(let values):
            return values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .integers(let values):
            return values.indices.reduce(0) { $0 + (values.isMissing($1) ? 1 : 0) }
        case .categorical(let codes, let levels):
            return codes.reduce(0) { $0 + ($1 < 0 || Int($1) >= levels.count ? 1 : 0) }
        }
    }

    /// Row `row` as text, as R's `as.character` would give it; `nil` when missing.
    public func text(at row: Int) -> String? {
        switch storage {
        case .numeric(let values):
            let value = values[row]
            return value.isNaN ? nil : NumberFormatting.label(value, isInteger: isInteger)
        case .integers(let values):
            let value = values[row]
            return value.isNaN ? nil : NumberFormatting.label(value, isInteger: isInteger)
        case .categorical(let codes, let levels):
            let code = Int(codes[row])
            return code >= 0 && code < levels.count ? levels[code] : nil
        }
    }

    /// Row `row` as it was written in the file when that is known to differ from
    /// ``text(at:)`` (a cell read as infinite or huge), otherwise ``text(at:)``: for messages that
    /// quote a value.
    public func writtenText(at row: Int) -> String? {
        extremeCellText[row] ?? text(at: row)
    }

    /// The column as an R factor: level codes (0-based, -1 missing) and level labels.
    /// Categorical columns: their levels (byte-order sorted). Numeric columns: distinct values sorted numerically,
    /// labelled as R's as.character would print them (integers without decimals: 95 -> "95", 1224 -> "1224"; 2.5 -> "2.5";
    /// up to 15 significant digits with trailing zeros dropped; R's choice of scientific notation, e.g. 1e+05, when it is shorter).
    ///
    /// This is R's `factor(x)`: `levels = sort(unique(x))`, `labels = as.character(levels)`.
    /// Missing values (NaN) get code -1 and no level; -0 and 0 are one level, labelled `0`.
    /// For a column marked ``isInteger`` whole numbers print as integers, as R prints an
    /// integer vector (`100000`, not `1e+05`).
    public func factor() -> (codes: [Int32], levels: [String]) {
        switch storage {
        case .categorical(let codes, let levels):
            let limit = levels.count
            return (codes.map { $0 >= 0 && Int($0) < limit ? $0 : -1 }, levels)
        case .numeric, .integers:
            // Missing values have no level; sorting only the distinct values is what makes a
            // small model's frame cheap (InstEval: six columns of 73,421 codes).
            let values = numbers ?? .doubles([])
            let (codes, distinct) = Self.sortedCodes(values.map { $0.isNaN ? nil : $0 }, by: <)
            let levels = distinct.map { NumberFormatting.label($0, isInteger: isInteger) }
            return (codes, levels)
        }
    }
}

extension DataColumn: Equatable {
    /// Columns are equal when their names, kinds, levels and values agree, with missing equal
    /// to missing (any NaN payload). ``isInteger`` is not compared: it only affects printing.
    public static func == (lhs: DataColumn, rhs: DataColumn) -> Bool {
        guard lhs.name == rhs.name, lhs.count == rhs.count else { return false }
        switch (lhs.numbers, rhs.numbers) {
        case (let a?, let b?):
            for i in a.indices where !(a[i] == b[i] || (a[i].isNaN && b[i].isNaN)) {
                return false
            }
            return true
        case (nil, nil):
            break
        default:
            return false
        }
        switch (lhs.storage, rhs.storage) {
        case (.categorical(let ca, let la), .categorical(let cb, let lb)):
            guard la == lb else { return false }
            for i in ca.indices {
                let ma = ca[i] < 0 || Int(ca[i]) >= la.count
                let mb = cb[i] < 0 || Int(cb[i]) >= lb.count
                if ma != mb || (!ma && ca[i] != cb[i]) { return false }
            }
            return true
        default:
            return false
        }
    }
}
