/// The blocked Cholesky factorisation: L ← chol([ΛᵀAΛ + I]) block by block.
///
/// Left-looking block algorithm: for each block column j, copy the scaled A blocks, subtract
/// the contributions Σ_{m<j} L_{im} L_{jm}ᵀ, factor the diagonal block and solve the blocks
/// below it against L_{jj}ᵀ. Every operation keeps the representation chosen symbolically,
/// so no storage is allocated per θ beyond small temporaries.
extension BlockedSystem {
    mutating func updateL() throws(LinearAlgebraError) {
        let k = termCount
        // An observation-level first term: its block column of L is formed in closed form and
        // the rest of A already downdated by it (BlockedSystem+ObservationLevel.swift), so
        // the loops start at block column 1.
        let first = eliminatesObservationLevelTerm ? 1 : 0
        if first == 1 { try factorObservationLevelTerm() }
        for i in first...k {
            for j in first...i { try copyScaled(i, j) }
        }
        for j in first...k {
            for m in first..<j {
                for i in j...k { try downdate(i, j, m) }
            }
            try factorDiagonal(j)
            for i in stride(from: j + 1, through: k, by: 1) { try solveBelow(i, j) }
        }
    }

    // MARK: - Λᵢᵀ A_ij Λⱼ (+ I)

    /// L_ij ← Λᵢᵀ A_ij Λⱼ, plus the identity on random-effects diagonal blocks.
    private mutating func copyScaled(_ i: Int, _ j: Int) throws(LinearAlgebraError) {
        let k = termCount
        let idx = Self.index(i, j)
        let leftLambda: [Double]? = i < k ? terms[i].lambda : nil
        let rightLambda: [Double]? = j < k ? terms[j].lambda : nil
        let qi = i < k ? terms[i].q : 1
        let qj = j < k ? terms[j].q : 1
        if case .sparseDiagonal(var dst) = l[idx], case .blockDiagonal(let src) = a[idx] {
            // Taken out of `l` so that its storage is uniquely referenced and updated in place.
            l[idx] = .dense(Matrix(rows: 0, columns: 0))
            defer { l[idx] = .sparseDiagonal(dst) }
            try dst.setScaledDiagonal(src, lambda: leftLambda ?? [])
            return
        }
        if i == j, i < k, case .dense(var dst) = l[idx], case .blockDiagonal(let src) = a[idx],
           dst.rows == src.order, let lambda = leftLambda {
            // A dense diagonal block filled from A's q x q blocks in place: Λᵀ A_b Λ + I.
            l[idx] = .dense(Matrix(rows: 0, columns: 0))
            defer { l[idx] = .dense(dst) }
            let q = src.blockSize, rows = dst.rows
            var block = [Double](repeating: 0, count: q * q)
            dst.values.withUnsafeMutableBufferPointer { dp in
                for t in dp.indices { dp[t] = 0 }
                for b in 0..<src.blockCount {
                    for t in 0..<(q * q) { block[t] = src.values[b * q * q + t] }
                    block.withUnsafeMutableBufferPointer { bp in
                        lambda.withUnsafeBufferPointer { lp in
                            guard let bb = bp.baseAddress, let lb = lp.baseAddress else { return }
                            SmallBlock.multiplyLeftLowerTransposed(bb, rows: q, columns: q, ld: q, lb)
                            SmallBlock.multiplyRightLower(bb, rows: q, columns: q, ld: q, lb)
                        }
                    }
                    for c in 0..<q {
                        for r in 0..<q { dp[(b * q + r) + (b * q + c) * rows] = block[r + c * q] + (r == c ? 1 : 0) }
                    }
                }
            }
            return
        }
        let target = l[idx]
        l[idx] = .dense(Matrix(rows: 0, columns: 0))
        switch (a[idx], target) {
        case (.blockDiagonal(let src), .blockDiagonal(var dst)):
            dst.values = src.values
            let q = src.blockSize
            dst.values.withUnsafeMutableBufferPointer { dp in
                guard let base = dp.baseAddress, let lam = leftLambda else { return }
                lam.withUnsafeBufferPointer { lp in
                    guard let lb = lp.baseAddress else { return }
                    for b in 0..<src.blockCount {
                        let p = base + b * q * q
                        SmallBlock.multiplyLeftLowerTransposed(p, rows: q, columns: q, ld: q, lb)
                        SmallBlock.multiplyRightLower(p, rows: q, columns: q, ld: q, lb)
                        for r in 0..<q { p[r + r * q] += 1 }
                    }
                }
            }
            l[idx] = .blockDiagonal(dst)
        case (.blockSparse(let src), .blockSparse(var dst)):
            dst.values = src.values
            let len = src.blockLength
            dst.values.withUnsafeMutableBufferPointer { dp in
                guard let base = dp.baseAddress, let left = leftLambda, let right = rightLambda else { return }
                left.withUnsafeBufferPointer { lp in
                    right.withUnsafeBufferPointer { rp in
                        guard let lb = lp.baseAddress, let rb = rp.baseAddress else { return }
                        for b in 0..<src.rowLevel.count {
                            let p = base + b * len
                            SmallBlock.multiplyLeftLowerTransposed(p, rows: qi, columns: qj, ld: qi, lb)
                            SmallBlock.multiplyRightLower(p, rows: qi, columns: qj, ld: qi, rb)
                        }
                    }
                }
            }
            l[idx] = .blockSparse(dst)
        case (let src, .dense(var dst)):
            if case .dense(let m) = src { dst = m } else { dst = src.dense() }
            let rows = dst.rows, cols = dst.columns
            dst.values.withUnsafeMutableBufferPointer { dp in
                guard let base = dp.baseAddress else { return }
                if let right = rightLambda {
                    right.withUnsafeBufferPointer { rp in
                        guard let rb = rp.baseAddress else { return }
                        for c in stride(from: 0, to: cols, by: qj) {
                            SmallBlock.multiplyRightLower(base + c * rows, rows: rows, columns: qj, ld: rows, rb)
                        }
                    }
                }
                if let left = leftLambda {
                    left.withUnsafeBufferPointer { lp in
                        guard let lb = lp.baseAddress else { return }
                        for r in stride(from: 0, to: rows, by: qi) {
                            SmallBlock.multiplyLeftLowerTransposed(base + r, rows: qi, columns: cols, ld: rows, lb)
                        }
                    }
                }
                if i == j && i < k {
                    for r in 0..<rows { base[r + r * rows] += 1 }
                }
            }
            l[idx] = .dense(dst)
        default:
            l[idx] = target
        }
    }

    // MARK: - L_ij ← L_ij − L_im L_jmᵀ

    private mutating func downdate(_ i: Int, _ j: Int, _ m: Int) throws(LinearAlgebraError) {
        let idx = Self.index(i, j)
        if i == j, case .sparseDiagonal(var t) = l[idx], case .blockSparse(let s) = l[Self.index(i, m)] {
            l[idx] = .dense(Matrix(rows: 0, columns: 0))
            defer { l[idx] = .sparseDiagonal(t) }
            try t.downdate(by: s)
            return
        }
        let p = l[Self.index(i, m)]
        let q = l[Self.index(j, m)]
        if case .dense(var t) = l[idx] {
            // Taken out of `l` so that its storage is uniquely referenced and updated in place.
            l[idx] = .dense(Matrix(rows: 0, columns: 0))
            defer { l[idx] = .dense(t) }
            try Self.downdateDense(&t, p, q, diagonal: i == j)
            return
        }
        let target = l[idx]
        l[idx] = .dense(Matrix(rows: 0, columns: 0))
        switch (target, p, q) {
        case (.blockDiagonal(var t), .blockSparse(let s), _) where i == j:
            // Nested factors: each column level of L_im meets one row level, so the update
            // lands on diagonal blocks only.
            let qr = s.rowBlockSize, qc = s.columnBlockSize, len = s.blockLength
            t.values.withUnsafeMutableBufferPointer { tp in
                s.values.withUnsafeBufferPointer { sp in
                    guard let tb = tp.baseAddress, let sb = sp.baseAddress else { return }
                    for b in 0..<s.rowLevel.count {
                        let r = Int(s.rowLevel[b])
                        let blk = sb + b * len
                        SmallBlock.subtractProductTransposed(tb + r * qr * qr, ldc: qr, blk, ldp: qr, blk, ldq: qr,
                                                             m: qr, n: qr, k: qc)
                    }
                }
            }
            l[idx] = .blockDiagonal(t)
        default:
            l[idx] = target
            throw .dimensionMismatch("unsupported block combination in the blocked Cholesky update (\(i), \(j), \(m))")
        }
    }

    /// T ← T − P Qᵀ for a dense target T (the lower triangle only when `diagonal`).
    private static func downdateDense(_ t: inout Matrix, _ p: Block, _ q: Block, diagonal: Bool) throws(LinearAlgebraError) {
        switch (p, q) {
        case (.blockSparse(let sp), .blockSparse(let sq)):
            let ldt = t.rows
            let qa = sp.rowBlockSize, qb = sq.rowBlockSize, qc = sp.columnBlockSize
            t.values.withUnsafeMutableBufferPointer { tp in
                sp.values.withUnsafeBufferPointer { pp in
                    sq.values.withUnsafeBufferPointer { qp in
                        guard let tb = tp.baseAddress, let pb = pp.baseAddress, let qb0 = qp.baseAddress else { return }
                        if qa == 1 && qb == 1 && qc == 1 {
                            // Scalar intercept terms: one product per pair, no block kernel.
                            for c in 0..<sp.columnLevels {
                                for x in sp.columnStart[c]..<sp.columnStart[c + 1] {
                                    let ra = Int(sp.rowLevel[x])
                                    let pv = pb[x]
                                    for y in sq.columnStart[c]..<sq.columnStart[c + 1] {
                                        let rb = Int(sq.rowLevel[y])
                                        if diagonal && rb > ra { break }  // rows increase: the rest are above the diagonal
                                        tb[ra + rb * ldt] -= pv * qb0[y]
                                    }
                                }
                            }
                            return
                        }
                        for c in 0..<sp.columnLevels {
                            for x in sp.columnStart[c]..<sp.columnStart[c + 1] {
                                let ra = Int(sp.rowLevel[x])
                                for y in sq.columnStart[c]..<sq.columnStart[c + 1] {
                                    let rb = Int(sq.rowLevel[y])
                                    if diagonal && rb > ra { continue }  // lower triangle suffices
                                    SmallBlock.subtractProductTransposed(
                                        tb + ra * qa + rb * qb * ldt, ldc: ldt,
                                        pb + x * sp.blockLength, ldp: qa,
                                        qb0 + y * sq.blockLength, ldq: qb, m: qa, n: qb, k: qc)
                                }
                            }
                        }
                    }
                }
            }
        case (.dense(let pm), .blockSparse(let sq)):
            let ldt = t.rows, ldp = pm.rows
            let qb = sq.rowBlockSize, qc = sq.columnBlockSize
            t.values.withUnsafeMutableBufferPointer { tp in
                pm.values.withUnsafeBufferPointer { pp in
                    sq.values.withUnsafeBufferPointer { qp in
                        guard let tb = tp.baseAddress, let pb = pp.baseAddress, let qb0 = qp.baseAddress else { return }
                        if qb == 1 && qc == 1 {
                            // Scalar terms (the [X y] rows against InstEval's lecturers): column
                            // c of P times one number into column rb of T, without a block call
                            // per nonzero.
                            for c in 0..<sq.columnLevels {
                                let column = pb + c * ldp
                                for y in sq.columnStart[c]..<sq.columnStart[c + 1] {
                                    let target = tb + Int(sq.rowLevel[y]) * ldt
                                    let v = qb0[y]
                                    for r in 0..<ldt { target[r] -= column[r] * v }
                                }
                            }
                            return
                        }
                        for c in 0..<sq.columnLevels {
                            for y in sq.columnStart[c]..<sq.columnStart[c + 1] {
                                let rb = Int(sq.rowLevel[y])
                                SmallBlock.subtractProductTransposed(
                                    tb + rb * qb * ldt, ldc: ldt, pb + c * qc * ldp, ldp: ldp,
                                    qb0 + y * sq.blockLength, ldq: qb, m: ldt, n: qb, k: qc)
                            }
                        }
                    }
                }
            }
        case (.blockSparse(let sp), .dense(let qm)):
            // A block of an ordinary term's column of L against a multiple-membership term's
            // dense one: T[a, b] −= Σ_t P[a, t] Q[b, t] over P's nonzero blocks.
            let ldt = t.rows, ldq = qm.rows
            let qa = sp.rowBlockSize, qc = sp.columnBlockSize
            t.values.withUnsafeMutableBufferPointer { tp in
                sp.values.withUnsafeBufferPointer { pp in
                    qm.values.withUnsafeBufferPointer { qp in
                        for c in 0..<sp.columnLevels {
                            for x in sp.columnStart[c]..<sp.columnStart[c + 1] {
                                let ra = Int(sp.rowLevel[x])
                                for tt in 0..<qc {
                                    let qcol = (c * qc + tt) * ldq
                                    for r in 0..<qa {
                                        let pv = pp[x * sp.blockLength + r + tt * qa]
                                        if pv == 0 { continue }
                                        let row = ra * qa + r
                                        let last = diagonal ? min(row + 1, t.columns) : t.columns
                                        for b in 0..<last { tp[row + b * ldt] -= pv * qp[qcol + b] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        case (.dense(let pm), .dense(let qm)):
            do {
                if diagonal {
                    try BLAS.syrk(pm, alpha: -1, beta: 1, into: &t)
                } else {
                    try BLAS.gemm(pm, qm, transposeB: true, alpha: -1, beta: 1, into: &t)
                }
            } catch {
                throw error
            }
        default:
            throw .dimensionMismatch("unsupported block combination in the blocked Cholesky update of a dense block")
        }
    }

    // MARK: - chol(L_jj)

    private mutating func factorDiagonal(_ j: Int) throws(LinearAlgebraError) {
        let idx = Self.index(j, j)
        if case .sparseDiagonal(var d) = l[idx] {
            l[idx] = .dense(Matrix(rows: 0, columns: 0))
            defer { l[idx] = .sparseDiagonal(d) }
            try d.cholesky.factor()
            return
        }
        if case .dense(var m) = l[idx] {
            l[idx] = .dense(Matrix(rows: 0, columns: 0))
            defer { l[idx] = .dense(m) }
            try Cholesky.factor(&m)
            return
        }
        let target = l[idx]
        l[idx] = .dense(Matrix(rows: 0, columns: 0))
        switch target {
        case .blockDiagonal(var d):
            let q = d.blockSize
            var failed: Int32 = 0
            d.values.withUnsafeMutableBufferPointer { dp in
                guard let base = dp.baseAddress else { return }
                for b in 0..<d.blockCount {
                    let info = Cholesky.factorLower(base + b * q * q, order: q, leadingDimension: q)
                    if info != 0 { failed = Int32(b * q) + info; break }
                    for c in 1..<max(q, 1) { for r in 0..<c { base[b * q * q + r + c * q] = 0 } }
                }
            }
            l[idx] = .blockDiagonal(d)
            if failed != 0 { throw .notPositiveDefinite(routine: "block Cholesky", order: Int(failed)) }
        case .dense(var m):
            do {
                try Cholesky.factor(&m)
            } catch {
                l[idx] = .dense(m)
                throw error
            }
            l[idx] = .dense(m)
        case .sparseDiagonal:
            l[idx] = target
            throw .dimensionMismatch("a sparse diagonal block is factored before the generic cases")
        case .blockSparse:
            l[idx] = target
            throw .dimensionMismatch("a diagonal block of L cannot be block sparse")
        }
    }

    // MARK: - L_ij ← L_ij L_jj⁻ᵀ

    private mutating func solveBelow(_ i: Int, _ j: Int) throws(LinearAlgebraError) {
        let idx = Self.index(i, j)
        let diag = l[Self.index(j, j)]
        let target = l[idx]
        l[idx] = .dense(Matrix(rows: 0, columns: 0))
        switch (target, diag) {
        case (.blockSparse(var s), .blockDiagonal(let d)):
            let qi = s.rowBlockSize, qj = s.columnBlockSize, len = s.blockLength
            s.values.withUnsafeMutableBufferPointer { sp in
                d.values.withUnsafeBufferPointer { dp in
                    guard let sb = sp.baseAddress, let db = dp.baseAddress else { return }
                    for c in 0..<s.columnLevels {
                        for x in s.columnStart[c]..<s.columnStart[c + 1] {
                            SmallBlock.solveRightLowerTransposed(sb + x * len, rows: qi, columns: qj, ld: qi, db + c * qj * qj)
                        }
                    }
                }
            }
            l[idx] = .blockSparse(s)
        case (.dense(var t), .blockDiagonal(let d)):
            let rows = t.rows, q = d.blockSize
            t.values.withUnsafeMutableBufferPointer { tp in
                d.values.withUnsafeBufferPointer { dp in
                    guard let tb = tp.baseAddress, let db = dp.baseAddress else { return }
                    for c in 0..<d.blockCount {
                        SmallBlock.solveRightLowerTransposed(tb + c * q * rows, rows: rows, columns: q, ld: rows, db + c * q * q)
                    }
                }
            }
            l[idx] = .dense(t)
        case (.dense(var t), .sparseDiagonal(let d)):
            // Columns of L_ij end in the factor's order, as `solveDiagonal` leaves vectors.
            d.cholesky.solveRightTransposed(&t)
            l[idx] = .dense(t)
        case (.dense(var t), .dense(let lm)):
            do { try BLAS.solveRightLowerTransposed(lm, &t) } catch {
                l[idx] = target
                throw error
            }
            l[idx] = .dense(t)
        default:
            l[idx] = target
            throw .dimensionMismatch("unsupported block combination in the triangular solve (\(i), \(j))")
        }
    }
}
