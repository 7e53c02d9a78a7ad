/// The second diagonal block of L held sparse, for two crossed grouping factors whose
/// levels meet sparsely (pupils' primary and secondary schools: most primaries feed one or two
/// secondaries). Its matrix is
///
///     M = Λ₂ᵀA₂₂Λ₂ + I − L₂₁L₂₁ᵀ,
///
/// whose pattern is fixed by the data: A₂₂'s q x q diagonal blocks plus a block (a, b) for
/// each pair of levels a, b of the second factor that share a level of the first (L₂₁ has
/// the pattern of A₂₁). M is factored by CHOLMOD (`SparseCholesky`) with a fill-reducing
/// ordering chosen once, so a factorisation costs in proportion to the factor's nonzeros
/// instead of the cube of the number of levels.
///
/// Stored: `cholesky` (M's values and its factor), and two position lists that say where
/// each number lands in M's values, in the order the update loops produce them:
/// `diagonalPositions` for the lower triangles of the q x q diagonal blocks, and
/// `downdatePositions` for the products of pairs of blocks in each column of L₂₁.
struct SparseDiagonalBlock: Sendable {
    var cholesky: SparseCholesky
    let blockCount: Int
    let blockSize: Int
    let diagonalPositions: [Int32]
    let downdatePositions: [Int32]

    var order: Int { blockCount * blockSize }

    /// The largest order whose pattern is built through an n x n map of slots (16 MB of
    /// Int32 at most) rather than by sorting each column.
    static let denseMapOrder = 2_048

    /// Builds the pattern of M from that of L₂₁ (`below`: rows are this block's levels) and
    /// analyses it, or returns nil when M's entries would exceed `maximumEntries`.
    init?(levels: Int, blockSize q: Int, below s: BlockSparseMatrix, maximumEntries: Int) throws(LinearAlgebraError) {
        let n = levels * q
        var pairEntries = 0
        for c in 0..<s.columnLevels {
            let m = s.columnStart[c + 1] - s.columnStart[c]
            pairEntries += m * (m + 1) / 2 * q * q
            if pairEntries > maximumEntries { return nil }
        }
        if n <= Self.denseMapOrder {
            // A slot per entry of the n x n lower triangle: mark the entries, number them
            // column by column (rows ascending), and read each entry's position back in the
            // loops' order, with no sort and no list of entries (InstEval's 1,128 lecturers:
            // 1.4 million entries into 128,701 positions).
            var slot = [Int32](repeating: -1, count: n * n)
            for b in 0..<levels {
                for c in 0..<q { for r in c..<q { slot[(b * q + r) + (b * q + c) * n] = 0 } }
            }
            Self.forEachPair(s, q: q) { row, column in slot[row + column * n] = 0 }
            var compactStart = [Int32](repeating: 0, count: n + 1)
            var compactRows: [Int32] = []
            var next: Int32 = 0
            for c in 0..<n {
                for r in c..<n where slot[r + c * n] >= 0 {
                    slot[r + c * n] = next
                    compactRows.append(Int32(r))
                    next += 1
                }
                compactStart[c + 1] = next
            }
            var diagonal: [Int32] = []
            diagonal.reserveCapacity(levels * q * (q + 1) / 2)
            for b in 0..<levels {
                for c in 0..<q { for r in c..<q { diagonal.append(slot[(b * q + r) + (b * q + c) * n]) } }
            }
            var downdate: [Int32] = []
            downdate.reserveCapacity(pairEntries)
            Self.forEachPair(s, q: q) { row, column in downdate.append(slot[row + column * n]) }
            cholesky = try SparseCholesky(order: n, columnStart: compactStart, rowIndex: compactRows)
            blockCount = levels
            blockSize = q
            diagonalPositions = diagonal
            downdatePositions = downdate
            return
        }
        // Scalar entries (row, column) of M's lower triangle, in the order of the update loops.
        var entryRow: [Int32] = [], entryColumn: [Int32] = []
        entryRow.reserveCapacity(levels * q * (q + 1) / 2 + pairEntries)
        entryColumn.reserveCapacity(levels * q * (q + 1) / 2 + pairEntries)
        for b in 0..<levels {
            for c in 0..<q { for r in c..<q { entryRow.append(Int32(b * q + r)); entryColumn.append(Int32(b * q + c)) } }
        }
        let diagonalCount = entryRow.count
        Self.forEachPair(s, q: q) { row, column in
            entryRow.append(Int32(row))
            entryColumn.append(Int32(column))
        }
        var compactStart = [Int32](repeating: 0, count: n + 1)
        var compactRows: [Int32] = []
        var positions = [Int32](repeating: 0, count: entryRow.count)
        do {
            // Compressed columns: count, bucket, sort and deduplicate each column's rows.
            var start = [Int32](repeating: 0, count: n + 1)
            for c in entryColumn { start[Int(c) + 1] += 1 }
            for c in 0..<n { start[c + 1] += start[c] }
            var next = start.map { Int($0) }
            var rows = [Int32](repeating: 0, count: entryRow.count)
            for (r, c) in zip(entryRow, entryColumn) {
                rows[next[Int(c)]] = r
                next[Int(c)] += 1
            }
            compactRows.reserveCapacity(rows.count)
            for c in 0..<n {
                var column = Array(rows[Int(start[c])..<Int(start[c + 1])])
                column.sort()
                var last: Int32 = -1
                for r in column where r != last {
                    compactRows.append(r)
                    last = r
                }
                compactStart[c + 1] = Int32(compactRows.count)
            }
            func position(_ r: Int32, _ c: Int32) -> Int32 {
                var lo = Int(compactStart[Int(c)]), hi = Int(compactStart[Int(c) + 1])
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if compactRows[mid] < r { lo = mid + 1 } else { hi = mid }
                }
                return Int32(lo)
            }
            for k in entryRow.indices { positions[k] = position(entryRow[k], entryColumn[k]) }
        }
        cholesky = try SparseCholesky(order: n, columnStart: compactStart, rowIndex: compactRows)
        blockCount = levels
        blockSize = q
        diagonalPositions = Array(positions[0..<diagonalCount])
        downdatePositions = Array(positions[diagonalCount...])
    }

    /// Visits the scalar lower-triangle entries (row, column) of M touched by L₂₁L₂₁ᵀ: for each
    /// column level of L₂₁, each pair of its blocks (x, y) with row level a ≥ b, and within
    /// them each (r₁, r₂), skipping r₂ > r₁ when a = b. `downdate` walks the same order.
    @inline(__always)
    static func forEachPair(_ s: BlockSparseMatrix, q: Int, _ body: (Int, Int) -> Void) {
        for c in 0..<s.columnLevels {
            for x in s.columnStart[c]..<s.columnStart[c + 1] {
                let a = Int(s.rowLevel[x])
                for y in s.columnStart[c]...x {
                    let b = Int(s.rowLevel[y])
                    for r1 in 0..<q {
                        for r2 in 0..<q where a != b || r2 <= r1 { body(a * q + r1, b * q + r2) }
                    }
                }
            }
        }
    }

    /// True when a sparse factor is worth it: its predicted floating-point operations are at
    /// most half of dense LAPACK's (n³/3) on the whole block. A very sparse factor is
    /// simplicial and far cheaper; one that fills in is supernodal, whose dense supernodes run
    /// at BLAS speed, so half the operations is about half the time (InstEval's lecturers:
    /// 45% of a dense triangle's nonzeros, about a fifth of its operations).
    var isWorthwhile: Bool {
        let n = Double(order)
        return cholesky.factorFlops <= 0.5 * n * n * n / 3
    }

    /// M's values ← Λᵀ A Λ + I from A's q x q diagonal blocks (the rest of M set to zero).
    mutating func setScaledDiagonal(_ a: BlockDiagonalMatrix, lambda: [Double]) throws(LinearAlgebraError) {
        let q = blockSize
        let positions = diagonalPositions
        try cholesky.updateValues { values in
            for k in values.indices { values[k] = 0 }
            var block = [Double](repeating: 0, count: q * q)
            var k = 0
            for b in 0..<blockCount {
                for t in 0..<(q * q) { block[t] = a.values[b * q * q + t] }
                block.withUnsafeMutableBufferPointer { bp in
                    lambda.withUnsafeBufferPointer { lp in
                        guard let base = bp.baseAddress, let lb = lp.baseAddress else { return }
                        SmallBlock.multiplyLeftLowerTransposed(base, rows: q, columns: q, ld: q, lb)
                        SmallBlock.multiplyRightLower(base, rows: q, columns: q, ld: q, lb)
                    }
                }
                for c in 0..<q {
                    for r in c..<q {
                        values[Int(positions[k])] = block[r + c * q] + (r == c ? 1 : 0)
                        k += 1
                    }
                }
            }
        }
    }

    /// M ← M − L₂₁L₂₁ᵀ, in the order of `forEachPair`.
    mutating func downdate(by s: BlockSparseMatrix) throws(LinearAlgebraError) {
        let q = blockSize, qc = s.columnBlockSize, len = s.blockLength
        let positions = downdatePositions
        try cholesky.updateValues { values in
            s.values.withUnsafeBufferPointer { sv in
                positions.withUnsafeBufferPointer { pos in
                    var k = 0
                    if q == 1 && qc == 1 {
                        // Scalar intercepts (InstEval's students and lecturers, pupils' primary
                        // and secondary schools): one product per pair, without the block loops,
                        // whose bounds and index arithmetic cost more than the product.
                        guard let vb = values.baseAddress, let sb = sv.baseAddress, let pb = pos.baseAddress else { return }
                        for c in 0..<s.columnLevels {
                            let first = s.columnStart[c], end = s.columnStart[c + 1]
                            for x in first..<end {
                                let vx = sb[x]
                                for y in first...x {
                                    vb[Int(pb[k])] -= vx * sb[y]
                                    k += 1
                                }
                            }
                        }
                        return
                    }
                    for c in 0..<s.columnLevels {
                        for x in s.columnStart[c]..<s.columnStart[c + 1] {
                            let a = Int(s.rowLevel[x])
                            for y in s.columnStart[c]...x {
                                let b = Int(s.rowLevel[y])
                                for r1 in 0..<q {
                                    for r2 in 0..<q where a != b || r2 <= r1 {
                                        var sum = 0.0
                                        for t in 0..<qc { sum += sv[x * len + r1 + t * q] * sv[y * len + r2 + t * q] }
                                        values[Int(pos[k])] -= sum
                                        k += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
