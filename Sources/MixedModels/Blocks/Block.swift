/// One block of the symmetric blocked matrices A = [Z X y]ᵀ[Z X y] and of its blocked
/// lower Cholesky factor L (Bates et al. 2015, J. Stat. Softw. 67(1), section 3; the blocked
/// layout of MixedModels.jl). The representation of each block is fixed by symbolic analysis
/// when the model is built; each θ only overwrites the numbers.
enum Block: Sendable {
    /// Block diagonal with q x q blocks: ZᵢᵀZᵢ and the factor of a first or nested term.
    case blockDiagonal(BlockDiagonalMatrix)
    /// Block sparse: ZᵢᵀZⱼ between two grouping factors and the matching block of L.
    case blockSparse(BlockSparseMatrix)
    /// Dense: everything touching the fixed effects and response, and blocks with fill-in.
    case dense(Matrix)
    /// Sparse with a CHOLMOD factor: the second diagonal block of L for crossed factors
    /// whose levels meet sparsely (see `SparseDiagonalBlock`).
    case sparseDiagonal(SparseDiagonalBlock)

    var rows: Int {
        switch self {
        case .blockDiagonal(let d): return d.order
        case .blockSparse(let s): return s.rows
        case .dense(let m): return m.rows
        case .sparseDiagonal(let d): return d.order
        }
    }

    var columns: Int {
        switch self {
        case .blockDiagonal(let d): return d.order
        case .blockSparse(let s): return s.columns
        case .dense(let m): return m.columns
        case .sparseDiagonal(let d): return d.order
        }
    }

    /// The block as a dense matrix (for tests and small diagnostics); for a sparse diagonal
    /// block of L, the factor with its rows in the original order (L̃ with L̃L̃ᵀ = M).
    func dense() -> Matrix {
        switch self {
        case .dense(let m): return m
        case .sparseDiagonal(let d): return d.cholesky.denseFactor()
        case .blockSparse(let s): return s.dense()
        case .blockDiagonal(let d):
            var m = Matrix(rows: d.order, columns: d.order)
            let q = d.blockSize
            for b in 0..<d.blockCount {
                for c in 0..<q { for r in 0..<q { m[b * q + r, b * q + c] = d.values[d.offset(block: b, row: r, column: c)] } }
            }
            return m
        }
    }
}

/// Small dense kernels on q x q (or q x p) blocks addressed by raw pointers. These are the
/// 1x1 to 3x3 operations of the random-effects blocks, where a BLAS call costs more than the
/// arithmetic; everything at the scale of the data goes through BLAS.
enum SmallBlock {
    /// B ← B λ in place for a `rows` x `c` block B (leading dimension `ld`) and a c x c lower
    /// triangular λ. Ascending columns read only columns not yet overwritten.
    @inline(__always)
    static func multiplyRightLower(_ b: UnsafeMutablePointer<Double>, rows: Int, columns c: Int, ld: Int,
                                   _ lambda: UnsafePointer<Double>) {
        if c == 1 {
            let l = lambda[0]
            for r in 0..<rows { b[r] *= l }
            return
        }
        for j in 0..<c {
            for r in 0..<rows {
                var s = 0.0
                for k in j..<c { s += b[r + k * ld] * lambda[k + j * c] }
                b[r + j * ld] = s
            }
        }
    }

    /// B ← λᵀ B in place for an r x `columns` block B (leading dimension `ld`) and an r x r
    /// lower triangular λ. Ascending rows read only rows not yet overwritten.
    @inline(__always)
    static func multiplyLeftLowerTransposed(_ b: UnsafeMutablePointer<Double>, rows r: Int, columns: Int, ld: Int,
                                            _ lambda: UnsafePointer<Double>) {
        if r == 1 {
            let l = lambda[0]
            for j in 0..<columns { b[j * ld] *= l }
            return
        }
        for j in 0..<columns {
            for i in 0..<r {
                var s = 0.0
                for k in i..<r { s += lambda[k + i * r] * b[k + j * ld] }
                b[i + j * ld] = s
            }
        }
    }

    /// B ← B Lᵀ⁻¹ in place for a `rows` x c block B and a c x c lower-triangular factor L
    /// (forward substitution over the columns of B).
    @inline(__always)
    static func solveRightLowerTransposed(_ b: UnsafeMutablePointer<Double>, rows: Int, columns c: Int, ld: Int,
                                          _ l: UnsafePointer<Double>) {
        if c == 1 {
            let inv = 1 / l[0]
            for r in 0..<rows { b[r] *= inv }
            return
        }
        // X Lᵀ = B  ⇔  column j of X: (B_j − Σ_{k<j} X_k L[j,k]) / L[j,j].
        for j in 0..<c {
            let d = l[j + j * c]
            for r in 0..<rows {
                var s = b[r + j * ld]
                for k in 0..<j { s -= b[r + k * ld] * l[j + k * c] }
                b[r + j * ld] = s / d
            }
        }
    }

    /// C ← C − P Qᵀ for P (m x k, leading dimension ldp), Q (n x k, ldq), C (m x n, ldc).
    @inline(__always)
    static func subtractProductTransposed(_ c: UnsafeMutablePointer<Double>, ldc: Int,
                                          _ p: UnsafePointer<Double>, ldp: Int,
                                          _ q: UnsafePointer<Double>, ldq: Int,
                                          m: Int, n: Int, k: Int) {
        for j in 0..<n {
            for t in 0..<k {
                let qv = q[j + t * ldq]
                if qv == 0 { continue }
                for i in 0..<m { c[i + j * ldc] -= p[i + t * ldp] * qv }
            }
        }
    }
}
