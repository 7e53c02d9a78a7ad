/// The fixed-effects model matrix X (n x p) as the fitting code reads it: by column, each column
/// either dense (`Double`) or, when compacted, an indicator of 0s and 1s held in one byte a row.
///
/// A model of the evaluation has 20 to 30 columns, most of them indicators (FSM, SEN, ethnic
/// group, year, support and event-time dummies). Held as `Double`, the five-cohort event-time
/// absence model's X (26 columns) was 580 MB, read four to six times at every step of PIRLS:
/// the fits were bound by memory bandwidth, and two of them side by side held 1.2 GB of it.
/// With its indicators in bytes X is 110 MB. The sums that read it (`BlockedSystem`'s cross-products,
/// `addProduct`, `transposeProduct`) widen each byte to 0.0 or 1.0, so every product is the one
/// the dense matrix gives; a dot product with an indicator column adds them in eight partial
/// sums (BLAS's `ddot`, which a dense column uses, has an order of its own).
///
/// Each column has its own buffer, allocated once at its final size and never written again
/// (copies of the matrix share it). One growing array for all the columns doubled its capacity
/// as the frame appended them, so that building the five-cohort event-time linear model's X
/// (760 MB as `Double`) held up to three times that while the old buffer was copied to the new.
struct FixedEffectsMatrix: Sendable {
    /// Where column c lives: the k-th dense column or the k-th indicator column.
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

    /// One column's values, filled when allocated and read-only after, so its address is stable
    /// for as long as a matrix holds it.
    private final class Buffer<Element: BitwiseCopyable>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Element>

        init(count: Int, fill: (UnsafeMutablePointer<Element>) -> Void) {
            base = .allocate(capacity: Swift.max(count, 1))
            fill(base)
        }

        deinit { base.deallocate() }
    }

    private enum Stored: Sendable {
        case dense(Buffer<Double>)
        case indicator(Buffer<UInt8>)
    }

    let rows: Int
    private var stored: [Stored]

    /// p, the number of columns.
    var columns: Int { stored.count }

    /// Where each column lives, in column order.
    var slots: [Slot] {
        var dense = 0, indicator = 0
        return stored.map {
            switch $0 {
            case .dense: defer { dense += 1 }; return .dense(dense)
            case .indicator: defer { indicator += 1 }; return .indicator(indicator)
            }
        }
    }

    /// Rows of a block in the row-blocked loops: 4,096 rows of the output and of a column stay
    /// in the core's cache while every column is added.
    static let blockRows = 4_096

    /// `matrix` as dense columns, or with `compactingIndicators` each column whose entries are
    /// all exactly 0 or 1 in bytes (`append`).
    init(_ matrix: Matrix, compactingIndicators: Bool = false) {
        let n = matrix.rows, p = matrix.columns
        self.init(rows: n)
        matrix.values.withUnsafeBufferPointer { vp in
            for c in 0..<p {
                appendColumn(UnsafeBufferPointer(rebasing: vp[(c * n)..<((c + 1) * n)]), compacting: compactingIndicators)
            }
        }
    }

    /// An n x 0 matrix, to which `append` adds columns.
    init(rows: Int) {
        self.rows = max(rows, 0)
        stored = []
    }

    /// Appends a column of `rows` values: in bytes when `compacting` and every value is exactly
    /// 0 or 1. A column of the wrong length is an error.
    mutating func append(_ column: [Double], compacting: Bool) throws(LinearAlgebraError) {
        guard column.count == rows else {
            throw .dimensionMismatch("a column of \(column.count) rows for a model matrix of \(rows)")
        }
        column.withUnsafeBufferPointer { appendColumn($0, compacting: compacting) }
    }

    /// `append` for a column the caller knows has `rows` values.
    private mutating func appendColumn(_ column: UnsafeBufferPointer<Double>, compacting: Bool) {
        let n = rows
        if compacting, n > 0, column.allSatisfy({ $0 == 0 || $0 == 1 }) {
            stored.append(.indicator(Buffer(count: n) { out in
                for o in 0..<n { out[o] = column[o] == 1 ? 1 : 0 }
            }))
        } else {
            stored.append(.dense(Buffer(count: n) { out in
                if let source = column.baseAddress { out.initialize(from: source, count: n) }
            }))
        }
    }

    /// Keeps the columns at `kept` (increasing), dropping the others (aliased columns); the
    /// kept columns' buffers are shared, not copied.
    mutating func keepColumns(_ kept: [Int]) {
        stored = kept.filter { stored.indices.contains($0) }.map { stored[$0] }
    }

    /// Whether every column is dense (no column compacted).
    var isDense: Bool {
        stored.allSatisfy { if case .dense = $0 { return true } else { return false } }
    }

    /// Bytes held.
    var byteCount: Int {
        stored.reduce(0) {
            switch $1 {
            case .dense: return $0 + rows * MemoryLayout<Double>.stride
            case .indicator: return $0 + rows
            }
        }
    }

    /// X as a dense matrix (a copy).
    var denseMatrix: Matrix {
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
        guard rows > 0 else { return body([]) }
        return withExtendedLifetime(stored) {
            body(stored.map {
                switch $0 {
                case .dense(let b): return .dense(UnsafePointer(b.base))
                case .indicator(let b): return .indicator(UnsafePointer(b.base))
                }
            })
        }
    }

    /// y ← y + αXβ, a block of rows at a time, both cores taking their own rows.
    func addProduct(_ beta: [Double], alpha: Double = 1, into y: inout [Double]) throws(LinearAlgebraError) {
        guard beta.count == columns, y.count == rows else {
            throw .dimensionMismatch("X β: \(rows)x\(columns) times \(beta.count) into \(y.count)")
        }
        guard rows > 0, columns > 0 else { return }
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

    /// Xᵀr: a dot product per column (BLAS `ddot` for a dense one).
    func transposeProduct(_ r: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard r.count == rows else {
            throw .dimensionMismatch("Xᵀ r: \(rows)x\(columns) transposed times \(r.count)")
        }
        var out = [Double](repeating: 0, count: columns)
        guard rows > 0, columns > 0 else { return out }
        withColumns { cols in
            r.withUnsafeBufferPointer { rp in
                guard let rb = rp.baseAddress else { return }
                for (c, column) in cols.enumerated() {
                    switch column {
                    case .dense(let p): out[c] = BLAS.dot(p, rb, count: rows)
                    case .indicator(let p): out[c] = Self.dot(indicator: p, rb, count: rows)
                    }
                }
            }
        }
        return out
    }

    /// Σ xₒcₒ over `count` rows of an indicator column: the dense column's products, summed in
    /// eight interleaved partial sums (added pairwise at the end) so that the adds do not wait on
    /// one another. With one running sum the run sums of the five-cohort absence model's
    /// indicator columns were 15% of its fit, bound by the latency of the add.
    @inline(__always)
    static func dot(indicator x: UnsafePointer<UInt8>, _ c: UnsafePointer<Double>, count n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
        var o = 0
        while o + 8 <= n {
            s0 += Double(x[o]) * c[o]
            s1 += Double(x[o + 1]) * c[o + 1]
            s2 += Double(x[o + 2]) * c[o + 2]
            s3 += Double(x[o + 3]) * c[o + 3]
            s4 += Double(x[o + 4]) * c[o + 4]
            s5 += Double(x[o + 5]) * c[o + 5]
            s6 += Double(x[o + 6]) * c[o + 6]
            s7 += Double(x[o + 7]) * c[o + 7]
            o += 8
        }
        while o < n {
            s0 += Double(x[o]) * c[o]
            o += 1
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    }

    /// The first entry that is not finite, as (row, column), or nil.
    var firstNonFinite: (row: Int, column: Int)? {
        withColumns { cols in
            for (c, column) in cols.enumerated() {
                guard case .dense(let p) = column else { continue }
                if let o = (0..<rows).first(where: { !p[$0].isFinite }) { return (o, c) }
            }
            return nil
        }
    }
}

/// The columns and output of `FixedEffectsMatrix.addProduct`, shared by the chunks: each chunk
/// writes only its own rows of `y`.
private struct UncheckedProduct: @unchecked Sendable {
    let columns: [FixedEffectsMatrix.Column]
    let y: UnsafeMutablePointer<Double>
}
