internal import CNumerics

/// The integer type of the LP64 LAPACK and CBLAS builds Debian ships (32-bit).
typealias LapackInt = Int32

/// Typed wrappers over the CBLAS level-2/3 routines the core uses. Matrices are column-major;
/// every wrapper checks shapes first and throws rather than letting BLAS read out of bounds.
enum BLAS {
    /// C ← α op(A) op(B) + β C.
    static func gemm(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
        alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        guard k == kb, c.rows == m, c.columns == n else {
            throw .dimensionMismatch("gemm: \(m)x\(k) times \(kb)x\(n) into \(c.rows)x\(c.columns)")
        }
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in c.values.indices { c.values[i] *= beta }
            return
        }
        // Safe: shapes were checked above; leading dimensions are the stored row counts (>= 1).
        a.values.withUnsafeBufferPointer { ap in
            b.values.withUnsafeBufferPointer { bp in
                c.values.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(
                        CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        LapackInt(m), LapackInt(n), LapackInt(k), alpha,
                        ap.baseAddress, LapackInt(max(a.rows, 1)),
                        bp.baseAddress, LapackInt(max(b.rows, 1)), beta,
                        cp.baseAddress, LapackInt(max(c.rows, 1)))
                }
            }
        }
    }

    /// Lower triangle of C ← α op(A) op(A)' + β C (op(A) = A, or A' when `transpose`).
    static func syrk(
        _ a: Matrix, transpose: Bool = false, alpha: Double = 1, beta: Double = 0,
        into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let n = transpose ? a.columns : a.rows
        let k = transpose ? a.rows : a.columns
        guard c.rows == n, c.columns == n else {
            throw .dimensionMismatch("syrk: result \(c.rows)x\(c.columns), expected \(n)x\(n)")
        }
        guard n > 0, k > 0 else { return }
        // Safe: the result is n x n and A has the stated k columns (or rows when transposed).
        a.values.withUnsafeBufferPointer { ap in
            c.values.withUnsafeMutableBufferPointer { cp in
                cblas_dsyrk(
                    CblasColMajor, CblasLower, transpose ? CblasTrans : CblasNoTrans,
                    LapackInt(n), LapackInt(k), alpha, ap.baseAddress, LapackInt(max(a.rows, 1)),
                    beta, cp.baseAddress, LapackInt(n))
            }
        }
    }

    /// B ← B L⁻ᵀ for a lower-triangular L (a right-side triangular solve, `dtrsm`).
    static func solveRightLowerTransposed(_ l: Matrix, _ b: inout Matrix) throws(LinearAlgebraError) {
        guard l.rows == l.columns, b.columns == l.rows else {
            throw .dimensionMismatch("trsm: \(b.rows)x\(b.columns) by triangular \(l.rows)x\(l.columns)")
        }
        guard b.rows > 0, b.columns > 0 else { return }
        l.values.withUnsafeBufferPointer { lp in
            b.values.withUnsafeMutableBufferPointer { bp in
                cblas_dtrsm(
                    CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                    LapackInt(b.rows), LapackInt(b.columns), 1, lp.baseAddress, LapackInt(l.rows),
                    bp.baseAddress, LapackInt(b.rows))
            }
        }
    }

    /// Solves L x = b (or Lᵀ x = b when `transpose`) in place for a lower-triangular L.
    static func solveLower(_ l: Matrix, transpose: Bool = false, _ x: inout [Double]) throws(LinearAlgebraError) {
        guard l.rows == l.columns, x.count == l.rows else {
            throw .dimensionMismatch("trsv: vector of \(x.count) by triangular \(l.rows)x\(l.columns)")
        }
        guard !x.isEmpty else { return }
        l.values.withUnsafeBufferPointer { lp in
            x.withUnsafeMutableBufferPointer { xp in
                cblas_dtrsv(
                    CblasColMajor, CblasLower, transpose ? CblasTrans : CblasNoTrans, CblasNonUnit,
                    LapackInt(l.rows), lp.baseAddress, LapackInt(l.rows), xp.baseAddress, 1)
            }
        }
    }
}

extension BLAS {
    /// y ← α A x + β y (or Aᵀ x when `transpose`).
    static func gemv(_ a: Matrix, transpose: Bool = false, _ x: [Double], alpha: Double = 1,
                            beta: Double = 0, into y: inout [Double]) throws(LinearAlgebraError) {
        let m = transpose ? a.columns : a.rows
        let k = transpose ? a.rows : a.columns
        guard x.count == k, y.count == m else {
            throw .dimensionMismatch("gemv: \(a.rows)x\(a.columns) (transposed: \(transpose)) times \(x.count) into \(y.count)")
        }
        guard a.rows > 0, a.columns > 0 else {
            for i in y.indices { y[i] *= beta }
            return
        }
        a.values.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans, LapackInt(a.rows), LapackInt(a.columns),
                                alpha, ap.baseAddress, LapackInt(a.rows), xp.baseAddress, 1, beta, yp.baseAddress, 1)
                }
            }
        }
    }
}

/// The number of threads OpenBLAS uses for one call, process-wide.
///
/// Generalised fits of national size run their per-observation loops on the cores themselves
/// (`ParallelChunks`), and the evaluation fits two models at once; between BLAS calls, idle
/// OpenBLAS threads wait by spinning on `sched_yield`, taking cycles from those threads. On the
/// national binomial absence fit (2 cores) this cost 2.7-3.5 s of system time and made the
/// wall time vary from 5.4 to 6.3 s; with one BLAS thread it was a steady 5.4 s.
public enum BLASThreads {
    /// Threads OpenBLAS uses now.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of OpenBLAS threads (at least 1). Process-wide: call it from a program's
    /// entry point, not from inside a library routine that other threads may be using.
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: Swift.max(1, count)))
    }
}

/// How the C allocator treats the n-vectors of national-size fits, process-wide.
public enum LargeAllocations {
    /// glibc serves each allocation above its mmap threshold with a fresh mapping and unmaps
    /// it on free, so an n-vector allocated per PIRLS call (4.8 MB at national size) costs a
    /// page fault per 4 KB each time it is used. This raises the threshold to 32 MB (glibc's
    /// largest) and the trim threshold to 256 MB, so the heap reuses those blocks: on the
    /// national generalised fits it removed about 0.5 s of system time of 5-6 s, for 3 MB
    /// more peak memory. Process-wide: call it from a program's entry point. No effect off
    /// glibc.
    public static func keepInTheHeap() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
    }
}

extension BLAS {
    /// Solves A x = b in place for a general square A (LAPACK `dgesv`, LU with partial pivoting).
    static func solve(_ a: Matrix, _ b: inout [Double]) throws(LinearAlgebraError) {
        guard a.rows == a.columns, b.count == a.rows else {
            throw .dimensionMismatch("gesv: \(a.rows)x\(a.columns) by a vector of \(b.count)")
        }
        var n = LapackInt(a.rows), one = LapackInt(1), info = LapackInt(0)
        guard n > 0 else { return }
        var lu = a.values
        var pivots = [LapackInt](repeating: 0, count: a.rows)
        var ld = n
        lu.withUnsafeMutableBufferPointer { lp in
            b.withUnsafeMutableBufferPointer { bp in
                pivots.withUnsafeMutableBufferPointer { pp in
                    dgesv_(&n, &one, lp.baseAddress, &ld, pp.baseAddress, bp.baseAddress, &ld, &info)
                }
            }
        }
        if info > 0 { throw .singularFactor(routine: "dgesv", index: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dgesv", argument: Int(-info)) }
    }
}

extension BLAS {
    /// Σ xᵢyᵢ over `count` contiguous entries (`ddot`).
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        cblas_ddot(LapackInt(count), x, 1, y, 1)
    }
}
