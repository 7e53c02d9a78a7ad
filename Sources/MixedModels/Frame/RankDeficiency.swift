/// Detection of aliased fixed-effects columns, as lme4 does it (`chkRank.drop.cols`): R's
/// `qr(X, tol = 1e-7)` (LINPACK `dqrdc2`, limited pivoting) keeps columns in their order and
/// moves a column to the end when its norm after orthogonalisation against the columns kept
/// before it falls below tol times its original norm; those columns are dropped.
///
/// The same decision is made here from the Gram matrix G = XᵀX by a sequential Cholesky:
/// the squared residual norm of column j against the kept columns is G_jj − Σ_k L_jk².
/// Its rounding error is about ε‖x_j‖², far below the threshold tol²‖x_j‖² = 1e-14‖x_j‖².
enum RankDeficiency {
    /// Indices of the columns to keep, in order.
    static func keptColumns(gram g: Matrix, tolerance: Double = 1e-7) -> [Int] {
        let p = g.rows
        var kept: [Int] = []
        var l = Matrix(rows: p, columns: p)   // rows: all columns; columns: position among kept
        for j in 0..<p {
            let norm2 = g[j, j]
            guard norm2 > 0 else { continue }
            // Row j of L against the kept columns.
            for (pos, k) in kept.enumerated() {
                var s = g[j, k]
                for t in 0..<pos { s -= l[j, t] * l[k, t] }
                l[j, pos] = s / l[k, pos]
            }
            var r2 = norm2
            for t in 0..<kept.count { r2 -= l[j, t] * l[j, t] }
            if r2 > tolerance * tolerance * norm2 {
                l[j, kept.count] = r2.squareRoot()
                kept.append(j)
            } else {
                for t in 0..<kept.count { l[j, t] = 0 }
            }
        }
        return kept
    }
}
