internal import CNumerics

/// Eigen-decomposition A = V diag(λ) Vᵀ of a symmetric matrix by LAPACK `dsyevd`.
enum SymmetricEigen {
    /// Eigenvalues in ascending order and the matching orthonormal eigenvectors (columns).
    static func decompose(_ a: Matrix) throws(LinearAlgebraError) -> (values: [Double], vectors: Matrix) {
        guard a.rows == a.columns else { throw .dimensionMismatch("eigen of a \(a.rows)x\(a.columns) matrix") }
        let n = a.rows
        guard n > 0 else { return ([], a) }
        var v = a
        var w = Array(repeating: 0.0, count: n)
        var jobz: CChar = 86, uplo: CChar = 76  // "V", "L"
        var nn = LapackInt(n), lda = LapackInt(n), info: LapackInt = 0
        var lwork = LapackInt(1 + 6 * n + 2 * n * n), liwork = LapackInt(3 + 5 * n)
        var work = Array(repeating: 0.0, count: Int(lwork))
        var iwork = Array(repeating: LapackInt(0), count: Int(liwork))
        v.values.withUnsafeMutableBufferPointer { vp in
            dsyevd_(&jobz, &uplo, &nn, vp.baseAddress, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        }
        if info > 0 { throw .noConvergence(routine: "dsyevd", info: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dsyevd", argument: Int(-info)) }
        return (w, v)
    }

    /// The Moore–Penrose inverse of a symmetric matrix, keeping eigenvalues above
    /// `tolerance` times the largest in magnitude (the rest are treated as zero).
    static func pseudoInverse(_ a: Matrix, tolerance: Double = 1e-10) throws(LinearAlgebraError) -> Matrix {
        let (values, vectors) = try decompose(a)
        let n = a.rows
        let largest = values.map(abs).max() ?? 0
        var out = Matrix(rows: n, columns: n)
        for k in 0..<n where values[k] > tolerance * largest {
            let inv = 1 / values[k]
            for j in 0..<n {
                let vj = vectors[j, k] * inv
                for i in 0..<n { out[i, j] += vectors[i, k] * vj }
            }
        }
        return out
    }
}
