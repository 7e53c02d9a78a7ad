import Foundation

/// Quantities read off the blocked factor L once it has been updated for the current θ.
extension BlockedSystem {
    /// The last diagonal block of L: [L_XX 0; l_yXᵀ r], (p + 1) x (p + 1).
    var lastDiagonal: Matrix {
        if case .dense(let m) = l[Self.index(termCount, termCount)] { return m }
        return Matrix(rows: 0, columns: 0)
    }

    /// The order of the largest diagonal block of L among the random-effects terms held dense
    /// (0 when every one is block diagonal or sparse).
    var largestDenseRandomBlockOrder: Int {
        (0..<termCount).reduce(0) { largest, i in
            if case .dense(let m) = l[Self.index(i, i)] { return Swift.max(largest, m.rows) }
            return largest
        }
    }

    /// log det(ΛᵀZᵀWZΛ + I) = 2 Σ log diag(L_ii) over the random-effects blocks.
    var logDeterminantRandom: Double {
        var s = 0.0
        for i in 0..<termCount {
            switch l[Self.index(i, i)] {
            case .blockDiagonal(let d):
                let q = d.blockSize
                for b in 0..<d.blockCount {
                    for r in 0..<q { s += log(d.values[d.offset(block: b, row: r, column: r)]) }
                }
            case .dense(let m):
                for r in 0..<m.rows { s += log(m[r, r]) }
            case .sparseDiagonal(let d):
                s += d.cholesky.logDeterminant / 2
            case .blockSparse:
                break
            }
        }
        return 2 * s
    }

    /// log det(R_XᵀR_X) = 2 Σ log diag(L_XX), the extra REML term.
    var logDeterminantFixed: Double {
        let m = lastDiagonal
        var s = 0.0
        for r in 0..<fixedCount { s += log(m[r, r]) }
        return 2 * s
    }

    /// r², the penalised (weighted) residual sum of squares ‖W½(y − Xβ − ZΛu)‖² + ‖u‖².
    var penalizedResidualSumOfSquares: Double {
        let m = lastDiagonal
        let r = m[fixedCount, fixedCount]
        return r * r
    }

    /// β̂ solving L_XXᵀ β = l_yX (Bates et al. 2015, eq. 40).
    func fixedEffects() throws(LinearAlgebraError) -> [Double] {
        let p = fixedCount
        let m = lastDiagonal
        guard p > 0 else { return [] }
        var lxx = Matrix(rows: p, columns: p)
        for c in 0..<p { for r in c..<p { lxx[r, c] = m[r, c] } }
        var beta = (0..<p).map { m[p, $0] }
        try BLAS.solveLower(lxx, transpose: true, &beta)
        return beta
    }

    /// L_XX, the lower Cholesky factor of the fixed-effects part (R_Xᵀ).
    var fixedFactor: Matrix {
        let p = fixedCount
        let m = lastDiagonal
        var lxx = Matrix(rows: p, columns: p)
        for c in 0..<p { for r in c..<p { lxx[r, c] = m[r, c] } }
        return lxx
    }

    /// (R_XᵀR_X)⁻¹ = (L_XX L_XXᵀ)⁻¹ by LAPACK `dpotri`; σ² times this is Var(β̂). When
    /// L_XX is singular (a zero pivot) there is no inverse and every element is NaN, which
    /// the standard errors and tests built on it then report as NaN.
    var unscaledFixedCovariance: Matrix {
        let p = fixedCount
        guard p > 0 else { return Matrix(rows: 0, columns: 0) }
        do { return try Cholesky.inverseFromFactor(fixedFactor) } catch {
            return Matrix(rows: p, columns: p, repeating: .nan)
        }
    }

    /// The spherical conditional modes u, one array per term (level-major), by back
    /// substitution Lᵀ[u; β] = [l_y] through the blocks (Bates et al. 2015, eq. 39).
    /// `predictor`, when given, is (offset + Xβ, offset) for this β, which the observation-level
    /// term's right-hand side then reads instead of forming Xβ again (joint PIRLS has it).
    func sphericalModes(beta: [Double], predictor: (fixed: [Double], offset: [Double])? = nil) throws(LinearAlgebraError) -> [[Double]] {
        let k = termCount
        let p = fixedCount
        // Each term's modes are its right-hand side solved in place; a term without a block
        // in the [X y] row keeps zeros.
        var u: [[Double]] = Array(repeating: [], count: k)
        for j in stride(from: k - 1, through: 0, by: -1) {
            // rhs = l_yj − B_jᵀ β − Σ_{i>j} L_ijᵀ u_i, with [B_j; l_yj] = L_kj.
            var rhs: [Double]
            if j == 0 && eliminatesObservationLevelTerm {
                rhs = try eliminatedTermRightHandSide(beta: beta, predictor: predictor,
                                                      capacity: terms.reduce(0) { $0 + $1.columnCount })
            } else {
                guard case .dense(let lkj) = l[Self.index(k, j)] else {
                    u[j] = Array(repeating: 0, count: terms[j].columnCount)
                    continue
                }
                rhs = Array(repeating: 0.0, count: terms[j].columnCount)
                for c in 0..<rhs.count {
                    var s = lkj[p, c]
                    for r in 0..<p { s -= lkj[r, c] * beta[r] }
                    rhs[c] = s
                }
            }
            for i in stride(from: j + 1, to: k, by: 1) {
                Self.subtractTransposeProduct(l[Self.index(i, j)], u[i], from: &rhs)
            }
            try Self.solveDiagonalTransposed(l[Self.index(j, j)], &rhs)
            u[j] = rhs
        }
        return u
    }

    /// `sphericalModes(beta:)` concatenated in term order, in one allocation of the final size
    /// (for an observation-level term the modes are as long as the data).
    func concatenatedSphericalModes(beta: [Double], predictor: (fixed: [Double], offset: [Double])? = nil) throws(LinearAlgebraError) -> [Double] {
        var parts = try sphericalModes(beta: beta, predictor: predictor)
        guard !parts.isEmpty else { return [] }
        // The first term's array, moved out; with an observation-level term it was made with
        // room for the rest, so appending them does not copy it.
        var u = parts[0]
        parts[0] = []
        u.reserveCapacity(parts.reduce(u.count) { $0 + $1.count })
        for part in parts.dropFirst() { u.append(contentsOf: part) }
        return u
    }

    /// rhs ← rhs − Bᵀ x for a block B of L.
    static func subtractTransposeProduct(_ block: Block, _ x: [Double], from rhs: inout [Double]) {
        switch block {
        case .sparseDiagonal:
            subtractTransposeProduct(.dense(block.dense()), x, from: &rhs)
        case .blockSparse(let s):
            let qr = s.rowBlockSize, qc = s.columnBlockSize
            if qr == 1 && qc == 1 && rhs.count >= s.columnLevels && x.count >= s.rowLevels {
                // Scalar terms (an observation-level effect against a school intercept): one
                // product per non-zero, without the generic loop's bounds checks.
                s.values.withUnsafeBufferPointer { vp in
                    s.columnStart.withUnsafeBufferPointer { cp in
                        s.rowLevel.withUnsafeBufferPointer { rp in
                            x.withUnsafeBufferPointer { xp in
                                rhs.withUnsafeMutableBufferPointer { out in
                                    for c in 0..<s.columnLevels {
                                        var acc = 0.0
                                        for b in cp[c]..<cp[c + 1] { acc += vp[b] * xp[Int(rp[b])] }
                                        out[c] -= acc
                                    }
                                }
                            }
                        }
                    }
                }
                return
            }
            for c in 0..<s.columnLevels {
                for b in s.columnStart[c]..<s.columnStart[c + 1] {
                    let r = Int(s.rowLevel[b])
                    for cc in 0..<qc {
                        var acc = 0.0
                        for rr in 0..<qr { acc += s.values[b * s.blockLength + rr + cc * qr] * x[r * qr + rr] }
                        rhs[c * qc + cc] -= acc
                    }
                }
            }
        case .dense(let m):
            for c in 0..<m.columns {
                var acc = 0.0
                for r in 0..<m.rows { acc += m[r, c] * x[r] }
                rhs[c] -= acc
            }
        case .blockDiagonal(let d):
            let q = d.blockSize
            for b in 0..<d.blockCount {
                for cc in 0..<q {
                    var acc = 0.0
                    for rr in 0..<q { acc += d.values[d.offset(block: b, row: rr, column: cc)] * x[b * q + rr] }
                    rhs[b * q + cc] -= acc
                }
            }
        }
    }

    /// x ← L_jj⁻ᵀ x for a diagonal block of L.
    static func solveDiagonalTransposed(_ block: Block, _ x: inout [Double]) throws(LinearAlgebraError) {
        switch block {
        case .blockDiagonal(let d) where d.blockSize == 1 && x.count == d.values.count:
            divide(&x, by: d.values)
        case .blockDiagonal(let d):
            let q = d.blockSize
            for b in 0..<d.blockCount {
                for r in stride(from: q - 1, through: 0, by: -1) {
                    var s = x[b * q + r]
                    for t in (r + 1)..<max(q, r + 1) { s -= d.values[d.offset(block: b, row: t, column: r)] * x[b * q + t] }
                    x[b * q + r] = s / d.values[d.offset(block: b, row: r, column: r)]
                }
            }
        case .dense(let m):
            try BLAS.solveLower(m, transpose: true, &x)
        case .sparseDiagonal(let d):
            d.cholesky.solveLowerTransposed(&x)
        case .blockSparse:
            throw .dimensionMismatch("a diagonal block of L cannot be block sparse")
        }
    }

    /// x ← L_jj⁻¹ x for a diagonal block of L.
    static func solveDiagonal(_ block: Block, _ x: inout [Double]) throws(LinearAlgebraError) {
        switch block {
        case .blockDiagonal(let d) where d.blockSize == 1 && x.count == d.values.count:
            divide(&x, by: d.values)
        case .blockDiagonal(let d):
            let q = d.blockSize
            for b in 0..<d.blockCount {
                for r in 0..<q {
                    var s = x[b * q + r]
                    for t in 0..<r { s -= d.values[d.offset(block: b, row: r, column: t)] * x[b * q + t] }
                    x[b * q + r] = s / d.values[d.offset(block: b, row: r, column: r)]
                }
            }
        case .dense(let m):
            try BLAS.solveLower(m, transpose: false, &x)
        case .sparseDiagonal(let d):
            d.cholesky.solveLower(&x)
        case .blockSparse:
            throw .dimensionMismatch("a diagonal block of L cannot be block sparse")
        }
    }

    /// x ← x / d elementwise: the solve against a diagonal block of 1 x 1 blocks (random
    /// intercepts, an observation-level effect), without the generic loop's bounds checks.
    private static func divide(_ x: inout [Double], by d: [Double]) {
        x.withUnsafeMutableBufferPointer { xp in
            d.withUnsafeBufferPointer { dp in
                for b in 0..<xp.count { xp[b] /= dp[b] }
            }
        }
    }

    /// rhs ← rhs − B x for a block B of L.
    static func subtractProduct(_ block: Block, _ x: [Double], from rhs: inout [Double]) {
        switch block {
        case .sparseDiagonal:
            subtractProduct(.dense(block.dense()), x, from: &rhs)
        case .blockSparse(let s):
            let qr = s.rowBlockSize, qc = s.columnBlockSize
            for c in 0..<s.columnLevels {
                for b in s.columnStart[c]..<s.columnStart[c + 1] {
                    let r = Int(s.rowLevel[b])
                    for cc in 0..<qc {
                        let xv = x[c * qc + cc]
                        if xv == 0 { continue }
                        for rr in 0..<qr { rhs[r * qr + rr] -= s.values[b * s.blockLength + rr + cc * qr] * xv }
                    }
                }
            }
        case .dense(let m):
            for c in 0..<m.columns {
                let xv = x[c]
                if xv == 0 { continue }
                for r in 0..<m.rows { rhs[r] -= m[r, c] * xv }
            }
        case .blockDiagonal(let d):
            let q = d.blockSize
            for b in 0..<d.blockCount {
                for cc in 0..<q {
                    let xv = x[b * q + cc]
                    for rr in 0..<q { rhs[b * q + rr] -= d.values[d.offset(block: b, row: rr, column: cc)] * xv }
                }
            }
        }
    }
}

extension BlockedSystem {
    /// x ← L⁻¹x over the random-effects blocks of L (x by term, each of the term's length).
    func solveRandomLower(_ x: inout [[Double]]) throws(LinearAlgebraError) {
        for i in 0..<termCount {
            for j in 0..<i { Self.subtractProduct(l[Self.index(i, j)], x[j], from: &x[i]) }
            try Self.solveDiagonal(l[Self.index(i, i)], &x[i])
        }
    }

    /// x ← L⁻ᵀx over the random-effects blocks of L.
    func solveRandomUpper(_ x: inout [[Double]]) throws(LinearAlgebraError) {
        let k = termCount
        for i in stride(from: k - 1, through: 0, by: -1) {
            for j in (i + 1)..<max(k, i + 1) { Self.subtractTransposeProduct(l[Self.index(j, i)], x[j], from: &x[i]) }
            try Self.solveDiagonalTransposed(l[Self.index(i, i)], &x[i])
        }
    }
}

extension BlockedSystem {
    /// The spherical modes `u`, the mode at the system's θ whose factor L the system holds,
    /// carried to `theta` for a warm start there: each level j of a scalar term with a diagonal
    /// block of L keeps the mode of its one-level linearised problem, u = λgⱼ / (1 + λ²dⱼ), whose
    /// information λ²dⱼ = L_jj² − 1 the factor gives, so
    ///
    ///     u'ⱼ = uⱼ · r (1 + λ²dⱼ) / (1 + r²λ²dⱼ),    r = λ'/λ.
    ///
    /// A well-informed level keeps its effect b = λu (u scales by 1/r), a level the prior
    /// dominates keeps g (u scales by r). Kept as spherical modes, a change of θ moved every
    /// effect by the same factor: the five-cohort absence model's first PIRLS step at each new
    /// θ lowered the penalised deviance by 8% before the steps that converge. Other terms (vector
    /// terms, multiple membership, blocks that are not diagonal) keep `u` unchanged. PIRLS
    /// converges from any start; this only moves the start nearer the mode.
    func carriedModes(_ u: [Double], to theta: [Double]) -> [Double] {
        guard theta.count == self.theta.count, u.count == terms.reduce(0, { $0 + $1.columnCount }) else { return u }
        var carried = u
        var offsetU = 0, offsetTheta = 0
        for (j, t) in terms.enumerated() {
            defer { offsetU += t.columnCount; offsetTheta += t.thetaCount }
            guard t.q == 1, !t.isMultipleMembership, let old = t.lambda.first, old != 0,
                  case .blockDiagonal(let d) = l[Self.index(j, j)], d.blockSize == 1, d.values.count == t.columnCount else { continue }
            let r = theta[offsetTheta] / old
            guard r.isFinite, r != 1 else { continue }
            let r2 = r * r
            d.values.withUnsafeBufferPointer { dp in
                carried.withUnsafeMutableBufferPointer { cp in
                    for level in 0..<t.columnCount {
                        let information = dp[level] * dp[level] - 1
                        let factor = r * (1 + information) / (1 + r2 * information)
                        if factor.isFinite { cp[offsetU + level] *= factor }
                    }
                }
            }
        }
        return carried
    }
}
