/// A dense matrix of `Double` in column-major order, the storage layout BLAS and LAPACK expect.
///
/// Element (i, j) lives at `values[i + j * rows]`. Products and factorisations go through
/// the BLAS/LAPACK wrappers in this folder; this type only owns the numbers.
struct Matrix: Sendable, Equatable {
    private(set) var rows: Int
    private(set) var columns: Int
    /// Column-major elements, `rows * columns` of them.
    var values: [Double]

    /// A `rows` x `columns` matrix filled with `value`.
    init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
        self.values = Array(repeating: value, count: self.rows * self.columns)
    }

    /// A matrix over existing column-major values; returns nil when the count does not match.
    init?(rows: Int, columns: Int, columnMajor values: [Double]) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else { return nil }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The n x n identity.
    static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<max(n, 0) { m.values[i + i * n] = 1 }
        return m
    }

    @inlinable
    subscript(row: Int, column: Int) -> Double {
        get { values[row + column * rows] }
        set { values[row + column * rows] = newValue }
    }

    /// Column `j` as an array.
    func column(_ j: Int) -> [Double] {
        Array(values[(j * rows)..<((j + 1) * rows)])
    }

    /// The diagonal of a square (or the leading square part of a rectangular) matrix.
    var diagonal: [Double] {
        (0..<min(rows, columns)).map { self[$0, $0] }
    }

    /// The transpose, as a new matrix.
    var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.values[j + i * columns] = values[i + j * rows] }
        }
        return t
    }

    /// Copies the lower triangle into the upper one, making a symmetric matrix from a
    /// lower-triangle-only result (as written by `dsyrk` with `uplo = 'L'`).
    mutating func symmetrizeFromLower() {
        let n = rows
        for j in 0..<columns {
            for i in (j + 1)..<max(n, j + 1) { values[j + i * n] = values[i + j * n] }
        }
    }

    /// Sets the strict upper triangle to zero.
    mutating func zeroUpperTriangle() {
        for j in 0..<columns {
            for i in 0..<min(j, rows) { values[i + j * rows] = 0 }
        }
    }
}
