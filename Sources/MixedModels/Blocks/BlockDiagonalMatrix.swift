/// A block-diagonal matrix with `blockCount` square blocks of order `blockSize`.
///
/// This is the shape of ZᵢᵀZᵢ for one random-effects term (each observation belongs to one
/// level of the grouping factor) and of its Cholesky factor: one q x q block per level.
/// Blocks are stored one after another, each column-major.
struct BlockDiagonalMatrix: Sendable {
    let blockCount: Int
    let blockSize: Int
    var values: [Double]

    init(blockCount: Int, blockSize: Int) {
        self.blockCount = blockCount
        self.blockSize = blockSize
        self.values = Array(repeating: 0, count: blockCount * blockSize * blockSize)
    }

    /// Offset of element (r, c) of block `b` in `values`.
    @inline(__always)
    func offset(block b: Int, row r: Int, column c: Int) -> Int {
        b * blockSize * blockSize + r + c * blockSize
    }

    /// Order of the whole matrix.
    var order: Int { blockCount * blockSize }
}

/// A block-sparse matrix whose nonzero entries are dense `rowBlockSize` x `columnBlockSize`
/// blocks, indexed in compressed-sparse-column form by (row level, column level).
///
/// This is the shape of ZᵢᵀZⱼ between two random-effects terms (nonzero where a level of
/// one grouping factor meets a level of the other) and, because the first diagonal block of
/// the factor is block diagonal, of the corresponding block of L as well.
struct BlockSparseMatrix: Sendable {
    let rowLevels: Int
    let columnLevels: Int
    let rowBlockSize: Int
    let columnBlockSize: Int
    /// `columnStart[c]..<columnStart[c + 1]` index the nonzero blocks of column level c.
    let columnStart: [Int]
    /// Row level of each nonzero block, increasing within a column.
    let rowLevel: [Int32]
    /// Block values, each column-major, in the order of `rowLevel`.
    var values: [Double]

    var blockLength: Int { rowBlockSize * columnBlockSize }
    var rows: Int { rowLevels * rowBlockSize }
    var columns: Int { columnLevels * columnBlockSize }

    /// True when every column level meets at most one row level: the pattern of nested
    /// grouping factors, under which LLᵀ updates leave a diagonal block block-diagonal.
    var hasAtMostOneBlockPerColumn: Bool {
        for c in 0..<columnLevels where columnStart[c + 1] - columnStart[c] > 1 { return false }
        return true
    }

    /// The symbolic pattern of the pairs (row level, column level) met in the data.
    /// - Parameters:
    ///   - rowRefs: row-factor level of each observation.
    ///   - columnRefs: column-factor level of each observation.
    init(rowRefs: [Int32], rowLevels: Int, rowBlockSize: Int,
         columnRefs: [Int32], columnLevels: Int, columnBlockSize: Int) {
        self.rowLevels = rowLevels
        self.columnLevels = columnLevels
        self.rowBlockSize = rowBlockSize
        self.columnBlockSize = columnBlockSize
        // Distinct (column, row) pairs, column-major: bucket the observations by column
        // level (a counting sort), then collect each column's distinct row levels with a
        // last-seen marker per row level. O(n + levels), no hashing.
        let n = min(rowRefs.count, columnRefs.count)
        var count = Array(repeating: 0, count: columnLevels + 1)
        for k in 0..<n { count[Int(columnRefs[k]) + 1] += 1 }
        for c in 0..<columnLevels { count[c + 1] += count[c] }
        var next = count
        var byColumn = [Int32](repeating: 0, count: n)
        for k in 0..<n {
            let c = Int(columnRefs[k])
            byColumn[next[c]] = rowRefs[k]
            next[c] += 1
        }
        var lastSeen = [Int](repeating: -1, count: rowLevels)
        var start = Array(repeating: 0, count: columnLevels + 1)
        var rows = [Int32]()
        for c in 0..<columnLevels {
            let first = rows.count
            for k in count[c]..<count[c + 1] {
                let r = Int(byColumn[k])
                if lastSeen[r] != c {
                    lastSeen[r] = c
                    rows.append(Int32(r))
                }
            }
            rows[first..<rows.count].sort()
            start[c + 1] = rows.count
        }
        self.columnStart = start
        self.rowLevel = rows
        self.values = Array(repeating: 0, count: rows.count * rowBlockSize * columnBlockSize)
    }

    /// Index of the nonzero block at (row level r, column level c), or nil if structurally zero.
    func blockIndex(row r: Int, column c: Int) -> Int? {
        var lo = columnStart[c], hi = columnStart[c + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            let v = Int(rowLevel[mid])
            if v == r { return mid }
            if v < r { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The matrix as a dense one.
    func dense() -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for c in 0..<columnLevels {
            for k in columnStart[c]..<columnStart[c + 1] {
                let r = Int(rowLevel[k])
                for bc in 0..<columnBlockSize {
                    for br in 0..<rowBlockSize {
                        m[r * rowBlockSize + br, c * columnBlockSize + bc] =
                            values[k * blockLength + br + bc * rowBlockSize]
                    }
                }
            }
        }
        return m
    }
}
