extension RandomEffectsMatrix {
    /// b = Λu level by level: `u` holds this term's spherical effects, level-major.
    func conditionalEffects(spherical u: ArraySlice<Double>) -> [Double] {
        let q = self.q
        var b = Array(repeating: 0.0, count: columnCount)
        let base = u.startIndex
        for level in 0..<levelCount {
            for r in 0..<q {
                var s = 0.0
                for c in 0...r { s += lambda[r + c * q] * u[base + level * q + c] }
                b[level * q + r] = s
            }
        }
        return b
    }

    /// η ← base + Zb in one pass, for a scalar term without multiple membership (the same
    /// sums as copying base and calling `addPredictor`); false, with η untouched, otherwise.
    func setPredictor(base: [Double], effects b: [Double], into eta: inout [Double]) -> Bool {
        guard q == 1, membership == nil, base.count == eta.count, refs.count == eta.count,
              z.count == eta.count, b.count == levelCount else { return false }
        base.withUnsafeBufferPointer { fp in
            z.withUnsafeBufferPointer { zp in
                refs.withUnsafeBufferPointer { rp in
                    b.withUnsafeBufferPointer { bp in
                        eta.withUnsafeMutableBufferPointer { ep in
                            for o in 0..<ep.count { ep[o] = fp[o] + zp[o] * bp[Int(rp[o])] }
                        }
                    }
                }
            }
        }
        return true
    }

    /// η ← η + Zb for this term's conditional effects b (level-major).
    func addPredictor(effects b: [Double], to eta: inout [Double]) {
        let q = self.q
        if let m = membership {
            // Row o of Z: Σ_j w_oj z_oᵀ b_j over the row's levels j.
            for o in eta.indices {
                var s = 0.0
                for x in m.range(o) {
                    let base = Int(m.level[x]) * q
                    var t = 0.0
                    for c in 0..<q { t += z[o * q + c] * b[base + c] }
                    s += m.weight[x] * t
                }
                eta[o] += s
            }
            return
        }
        if q == 1 {
            for o in eta.indices { eta[o] += z[o] * b[Int(refs[o])] }
            return
        }
        for o in eta.indices {
            let base = Int(refs[o]) * q
            var s = 0.0
            for c in 0..<q { s += z[o * q + c] * b[base + c] }
            eta[o] += s
        }
    }

    /// Puts terms in lme4's order: decreasing number of levels, ties in formula order.
    static func lme4Order(_ terms: [RandomEffectsMatrix]) -> [RandomEffectsMatrix] {
        terms.enumerated().sorted { lhs, rhs in
            lhs.element.levelCount != rhs.element.levelCount
                ? lhs.element.levelCount > rhs.element.levelCount : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

extension Array where Element == RandomEffectsMatrix {
    /// Group labels of the variance-component table: a grouping factor named by more than
    /// one term (as `(x || g)` makes) is labelled `g`, `g.1`, `g.2`, … in term order, as R's
    /// `make.unique` labels them in lme4's `VarCorr`.
    var varianceComponentGroupNames: [String] {
        var seen: [String: Int] = [:]
        return map { t in
            let k = seen[t.groupingName, default: 0]
            seen[t.groupingName] = k + 1
            return k == 0 ? t.groupingName : "\(t.groupingName).\(k)"
        }
    }
}
