/// The blocks of A = [Z X y]ᵀW[Z X y] that touch a multiple-membership term. Row k of such a
/// Zᵢ is Σ_j w_kj e_jᵀ ⊗ z_k over the row's levels j, so ZᵢᵀWZᵢ links every pair of levels
/// that share a row (a pupil in two schools links the schools): it is held dense, as are
/// its blocks with the other terms, whose entries accumulate every pair of memberships with
/// the product of their weights. An ordinary term enters these sums as one membership of
/// weight 1 per row.
extension BlockedSystem {
    /// ZᵢᵀWZᵢ of a multiple-membership term, dense and symmetric (both triangles filled).
    static func membershipGram(_ t: RandomEffectsMatrix, sqrtWeights: [Double]) -> Matrix {
        let q = t.q, order = t.columnCount, n = t.refs.count
        var d = Matrix(rows: order, columns: order)
        guard let m = t.membership else { return d }
        let weighted = !sqrtWeights.isEmpty
        d.values.withUnsafeMutableBufferPointer { dp in
            for o in 0..<n {
                let wo = weighted ? sqrtWeights[o] * sqrtWeights[o] : 1
                let range = m.range(o)
                for x in range {
                    let a = Int(m.level[x]) * q
                    let wa = m.weight[x] * wo
                    for y in range {
                        let b = Int(m.level[y]) * q
                        let wab = wa * m.weight[y]
                        for c in 0..<q {
                            let zc = t.z[o * q + c] * wab
                            for r in 0..<q { dp[(a + r) + (b + c) * order] += t.z[o * q + r] * zc }
                        }
                    }
                }
            }
        }
        return d
    }

    /// ZᵢᵀWZⱼ, dense, when either term has multiple membership.
    static func membershipCross(_ ti: RandomEffectsMatrix, _ tj: RandomEffectsMatrix, sqrtWeights: [Double]) -> Matrix {
        let qi = ti.q, qj = tj.q, n = ti.refs.count
        let rows = ti.columnCount
        var d = Matrix(rows: rows, columns: tj.columnCount)
        let weighted = !sqrtWeights.isEmpty
        d.values.withUnsafeMutableBufferPointer { dp in
            for o in 0..<n {
                let wo = weighted ? sqrtWeights[o] * sqrtWeights[o] : 1
                ti.forEachMembership(row: o) { la, wa in
                    tj.forEachMembership(row: o) { lb, wb in
                        let wab = wa * wb * wo
                        for c in 0..<qj {
                            let zc = tj.z[o * qj + c] * wab
                            for r in 0..<qi { dp[(la * qi + r) + (lb * qj + c) * rows] += ti.z[o * qi + r] * zc }
                        }
                    }
                }
            }
        }
        return d
    }

    /// [X y]ᵀWZⱼ, (p + 1) x (levels·q), for a multiple-membership term.
    static func membershipResponseCross(_ t: RandomEffectsMatrix, columns: [FixedEffectsMatrix.Column], rows n: Int,
                                        sqrtWeights: [Double]) -> Matrix {
        let q = t.q, m = columns.count
        var block = Matrix(rows: m, columns: t.columnCount)
        let weighted = !sqrtWeights.isEmpty
        block.values.withUnsafeMutableBufferPointer { bp in
            do {
                for o in 0..<n {
                    let wo = weighted ? sqrtWeights[o] * sqrtWeights[o] : 1
                    t.forEachMembership(row: o) { level, w in
                        for c in 0..<q {
                            let zc = t.z[o * q + c] * w * wo
                            if zc == 0 { continue }
                            let dst = (level * q + c) * m
                            for r in 0..<m { bp[dst + r] += columns[r].value(o) * zc }
                        }
                    }
                }
            }
        }
        return block
    }
}
