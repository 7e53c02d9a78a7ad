internal import CNumerics

/// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix, in place.
///
/// Only the lower triangle of the input is read; on return it holds L and the strict upper
/// triangle is zeroed. Orders 1 and 2 are done inline (the common scalar and
/// intercept-plus-slope random-effects blocks), larger ones by LAPACK `dpotrf`.
enum Cholesky {
    static func factor(_ a: inout Matrix) throws(LinearAlgebraError) {
        guard a.rows == a.columns else {
            throw .dimensionMismatch("Cholesky of a \(a.rows)x\(a.columns) matrix")
        }
        let n = a.rows
        let info = a.values.withUnsafeMutableBufferPointer { p in
            factorLower(p.baseAddress, order: n, leadingDimension: n)
        }
        if info > 0 { throw .notPositiveDefinite(routine: "dpotrf", order: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dpotrf", argument: Int(-info)) }
        a.zeroUpperTriangle()
    }

    /// (L Lᵀ)⁻¹ from the lower Cholesky factor L, by LAPACK `dpotri`. Only the lower
    /// triangle of `l` is read; the result is symmetric (both triangles filled).
    static func inverseFromFactor(_ l: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard l.rows == l.columns else {
            throw .dimensionMismatch("inverse from a \(l.rows)x\(l.columns) Cholesky factor")
        }
        let n = l.rows
        guard n > 0 else { return l }
        var m = l
        var uplo: CChar = 76  // "L"
        var order = LapackInt(n), lda = LapackInt(n), info: LapackInt = 0
        m.values.withUnsafeMutableBufferPointer { dpotri_(&uplo, &order, $0.baseAddress, &lda, &info) }
        if info > 0 { throw .singularFactor(routine: "dpotri", index: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dpotri", argument: Int(-info)) }
        m.symmetrizeFromLower()
        return m
    }

    /// Factors the lower triangle of the `order` x `order` matrix at `base` (leading
    /// dimension `leadingDimension`). Returns LAPACK's `info`: 0 on success, k > 0 when the
    /// leading minor of order k is not positive definite.
    static func factorLower(_ base: UnsafeMutablePointer<Double>?, order n: Int, leadingDimension ld: Int) -> Int32 {
        guard let p = base, n > 0 else { return 0 }
        switch n {
        case 1:
            guard p[0] > 0 else { return 1 }
            p[0] = p[0].squareRoot()
            return 0
        case 2:
            guard p[0] > 0 else { return 1 }
            let l11 = p[0].squareRoot()
            let l21 = p[1] / l11
            let d = p[1 + ld] - l21 * l21
            guard d > 0 else { return 2 }
            p[0] = l11
            p[1] = l21
            p[1 + ld] = d.squareRoot()
            return 0
        default:
            var uplo: CChar = 76  // "L"
            var order = LapackInt(n)
            var lda = LapackInt(ld)
            var info: LapackInt = 0
            dpotrf_(&uplo, &order, p, &lda, &info)
            return info
        }
    }
}
