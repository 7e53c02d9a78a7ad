/// The fixed-effects model matrix X (n x p) as the fitting code reads it: by column, each column
/// either dense (`Double`) or, when compacted, an indicator of 0s and 1s held in one byte a row.
///
/// A model of the evaluation has 20 to 30 columns, most of them indicators (FSM, SEN, ethnic
/// group, year, support and event-time dummies). Held as `Double`, the five-cohort event-time
/// absence model's X (26 columns) was 580 MB, read four to six times at every step of PIRLS:
/// the fits were bound by memory bandwidth, and two of them side by side held 1.2 GB of it.
/// With its indicators in bytes X is 110 MB. The sums that read it (`BlockedSystem`'s cross-products,
/// `addProduct`, `transposeProduct`) widen each byte to 0.0 or 1.0, so every product and sum is
/// the one the dense matrix gives, term for term.
///
/// A matrix built without compaction (linear models, whose X is read once) keeps one
/// column-major `Double` array and its products go through BLAS as before.
struct FixedEffectsMatrix: Sendable {
    /// Where column c lives: in `values` (the k-th dense column) or in `indicators`.
    enum Slot: Sendable, Equatable {
        case dense(Int)
        case indicator(Int)
    }

    /// A column's storage, for loops that read it directly.
    enum Column {
        case dense(UnsafePointer<Double>)
        case indicator(UnsafePointer<UInt8>)

        /// Row `o`'s value.
        @inline(__always)
        func value(_ o: Int) -> Double {
            switch self {
            case .dense(let p): return p[o]
            case .indicator(let p): return Double(p[o])
            }
        }
    }

    let rows: Int
    private(set) var columns: Int
    private(set) var slots: [Slot]
    /// The dense columns, column-major (`rows` each).
    private(set) var values: [Double]
    /// The indicator columns, column-major (`rows` bytes each, 0 or 1).
    private(set) var indicators: [UInt8]

    /// Rows of a block in the row-blocked loops: 4,096 rows of the output and of a column stay
    /// in the core's cache while every column is added.
    static let blockRows = 4_096

    /// `matrix` as it is (dense, its storage shared), or with `compactingIndicators` each
    /// column whose entries are all exactly 0 or 1 in bytes (`append`).
    init(_ matrix: Matrix, compactingIndicators: Bool = false) {
        let n = matrix.rows, p = matrix.columns
        self.init(rows: n)
        guard compactingIndicators, n > 0 else {
            columns = p
            slots = (0..<p).map { .dense($0) }
            values = matrix.values
            return
        }
        for c in 0..<p { appendColumn(matrix.values[(c * n)..<((c + 1) * n)], compacting: true) }
    }

    /// An n x 0 matrix, to which `append` adds columns.
    init(rows: Int) {
        self.rows = max(rows, 0)
        columns = 0
        slots = []
        values = []
        indicators = []
    }

    /// Appends a column of `rows` values: in bytes when `compacting` and every value is exactly
    /// 0 or 1. A column of the wrong length is an error.
    mutating func append(_ column: [Double], compacting: Bool) throws(LinearAlgebraError) {
        guard column.count == rows else {
            throw .dimensionMismatch("a column of \(column.count) rows for a model matrix of \(rows)")
        }
        appendColumn(column[...], compacting: compacting)
    }

    /// `append` for a column the caller knows has `rows` values.
    private mutating func appendColumn(_ column: ArraySlice<Double>, compacting: Bool) {
        if compacting, rows > 0, column.allSatisfy({ $0 == 0 || $0 == 1 }) {
            slots.append(.indicator(indicators.count / rows))
            indicators.append(contentsOf: column.lazy.map { $0 == 1 ? 1 : 0 })
        } else {
            slots.append(.dense(rows > 0 ? values.count / rows : columns))
            values.append(contentsOf: column)
        }
        columns += 1
    }

    /// Keeps the columns at `kept` (increasing), dropping the others (aliased columns): dense
    /// columns move down in place.
    mutating func keepColumns(_ kept: [Int]) {
        let n = rows
        var newSlots: [Slot] = []
        var denseCount = 0, indicatorCount = 0
        values.withUnsafeMutableBufferPointer { vp in
            indicators.withUnsafeMutableBufferPointer { ip in
                for c in kept where c >= 0 && c < slots.count {
                    switch slots[c] {
                    case .dense(let k):
                        if k != denseCount, let base = vp.baseAddress { (base + denseCount * n).update(from: base + k * n, count: n) }
                        newSlots.append(.dense(denseCount))
                        denseCount += 1
                    case .indicator(let k):
                        if k != indicatorCount, let base = ip.baseAddress { (base + indicatorCount * n).update(from: base + k * n, count: n) }
                        newSlots.append(.indicator(indicatorCount))
                        indicatorCount += 1
                    }
                }
            }
        }
        values.removeLast(values.count - denseCount * n)
        indicators.removeLast(indicators.count - indicatorCount * n)
        slots = newSlots
        columns = newSlots.count
    }

    /// Whether every column is dense (no column compacted).
    var isDense: Bool { indicators.isEmpty }

    /// Bytes held.
    var byteCount: Int { values.count * MemoryLayout<Double>.stride + indicators.count }

    /// X as a dense matrix: the stored one when nothing is compacted, otherwise a copy.
    var denseMatrix: Matrix {
        if isDense, let m = Matrix(rows: rows, columns: columns, columnMajor: values) { return m }
        var m = Matrix(rows: rows, columns: columns)
        withColumns { cols in
            m.values.withUnsafeMutableBufferPointer { mp in
                for (c, column) in cols.enumerated() {
                    for o in 0..<rows { mp[o + c * rows] = column.value(o) }
                }
            }
        }
        return m
    }

    /// Calls `body` with each column's storage, in column order (none when there are no rows).
    func withColumns<R>(_ body: ([Column]) -> R) -> R {
        let n = rows
        return values.withUnsafeBufferPointer { vp in
            indicators.withUnsafeBufferPointer { ip in
                guard n > 0 else { return body([]) }
                var out: [Column] = []
                out.reserveCapacity(columns)
                for slot in slots {
                    switch slot {
                    case .dense(let k):
                        guard let base = vp.baseAddress else { return body([]) }
                        out.append(.dense(base + k * n))
                    case .indicator(let k):
                        guard let base = ip.baseAddress else { return body([]) }
                        out.append(.indicator(base + k * n))
                    }
                }
                return body(out)
            }
        }
    }

    /// y ← y + αXβ. Dense: one BLAS `dgemv`. Compacted: a block of rows at a time, both cores
    /// taking their own rows.
    func addProduct(_ beta: [Double], alpha: Double = 1, into y: inout [Double]) throws(LinearAlgebraError) {
        guard beta.count == columns, y.count == rows else {
            throw .dimensionMismatch("X β: \(rows)x\(columns) times \(beta.count) into \(y.count)")
        }
        guard rows > 0, columns > 0 else { return }
        if isDense {
            guard let x = Matrix(rows: rows, columns: columns, columnMajor: values) else {
                throw .dimensionMismatch("X has \(values.count) values for \(rows)x\(columns)")
            }
            try BLAS.gemv(x, beta, alpha: alpha, beta: 1, into: &y)
            return
        }
        let coefficients = beta.map { alpha * $0 }
        withColumns { cols in
            y.withUnsafeMutableBufferPointer { yp in
                guard let yb = yp.baseAddress else { return }
                let shared = UncheckedProduct(columns: cols, y: yb)
                ParallelChunks.forEach(rows) { range in
                    var start = range.lowerBound
                    while start < range.upperBound {
                        let end = Swift.min(start + Self.blockRows, range.upperBound)
                        for (c, column) in shared.columns.enumerated() {
                            let b = coefficients[c]
                            switch column {
                            case .dense(let p): for o in start..<end { shared.y[o] += b * p[o] }
                            case .indicator(let p): for o in start..<end { shared.y[o] += b * Double(p[o]) }
                            }
                        }
                        start = end
                    }
                }
            }
        }
    }

    /// y ← y + Xβ column by column, each column's products added to every row before the next
    /// (the order of the linear model's fitted values and bootstrap predictor).
    func addProductByColumns(_ beta: [Double], into y: inout [Double]) {
        guard beta.count == columns, y.count == rows else { return }
        withColumns { cols in
            y.withUnsafeMutableBufferPointer { yp in
                for (c, column) in cols.enumerated() {
                    let b = beta[c]
                    for o in 0..<rows { yp[o] += column.value(o) * b }
                }
            }
        }
    }

    /// Xᵀr. Dense: BLAS `dgemv`; compacted: a dot product per column.
    func transposeProduct(_ r: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard r.count == rows else {
            throw .dimensionMismatch("Xᵀ r: \(rows)x\(columns) transposed times \(r.count)")
        }
        var out = [Double](repeating: 0, count: columns)
        guard rows > 0, columns > 0 else { return out }
        if isDense {
            guard let x = Matrix(rows: rows, columns: columns, columnMajor: values) else {
                throw .dimensionMismatch("X has \(values.count) values for \(rows)x\(columns)")
            }
            try BLAS.gemv(x, transpose: true, r, into: &out)
            return out
        }
        withColumns { cols in
            r.withUnsafeBufferPointer { rp in
                guard let rb = rp.baseAddress else { return }
                for (c, column) in cols.enumerated() {
                    switch column {
                    case .dense(let p): out[c] = BLAS.dot(p, rb, count: rows)
                    case .indicator(let p):
                        var s = 0.0
                        for o in 0..<rows { s += Double(p[o]) * rb[o] }
                        out[c] = s
                    }
                }
            }
        }
        return out
    }

    /// The first entry that is not finite, as (row, column), or nil.
    var firstNonFinite: (row: Int, column: Int)? {
        guard let i = values.firstIndex(where: { !$0.isFinite }), rows > 0 else { return nil }
        let k = i / rows
        let column = slots.firstIndex(of: .dense(k)) ?? k
        return (i % rows, column)
    }
}

/// The columns and output of `FixedEffectsMatrix.addProduct`, shared by the chunks: each chunk
/// writes only its own rows of `y`.
private struct UncheckedProduct: @unchecked Sendable {
    let columns: [FixedEffectsMatrix.Column]
    let y: UnsafeMutablePointer<Double>
}
