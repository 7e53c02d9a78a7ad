/// The conditional modes of one term's random effects (lme4's `ranef`): for each level of
/// the grouping factor, b̂ = λû with û the spherical modes, and optionally the conditional
/// covariance σ² λ [(L_Z L_Zᵀ)⁻¹]_{ll} λᵀ (lme4's `condVar`, which like lme4 treats β̂ as known).
public struct ConditionalModes: Sendable {
    public var groupingName: String
    public var columnNames: [String]
    public var levels: [String]
    /// `modes[level][column]`.
    public var modes: [[Double]]
    /// `conditionalCovariances[level]`, the q x q conditional covariance when requested, as
    /// its q² elements in column-major order: element (r, c) is at index `c * q + r`, with
    /// q = `columnNames.count`.
    public var conditionalCovariances: [[Double]]?
}

extension LinearMixedModel {
    /// Conditional modes, and their conditional covariances when asked (one forward solve
    /// through L_Z per random effect, so this costs more than the fit on large models).
    public func randomEffects(conditionalVariances: Bool) throws(MixedModelError) -> [ConditionalModes] {
        let u: [[Double]]
        do { u = try system.sphericalModes(beta: fixedEffects) } catch { throw .numerical(error.description) }
        var out: [ConditionalModes] = []
        let s2 = sigma * sigma
        for (i, t) in terms.enumerated() {
            let q = t.q
            let lam = t.lambdaMatrix
            var modes: [[Double]] = []
            modes.reserveCapacity(t.levelCount)
            for level in 0..<t.levelCount {
                var b = Array(repeating: 0.0, count: q)
                for r in 0..<q { for c in 0...r { b[r] += lam[r, c] * u[i][level * q + c] } }
                modes.append(b)
            }
            var covs: [[Double]]? = nil
            if conditionalVariances {
                var list: [[Double]] = []
                list.reserveCapacity(t.levelCount)
                for level in 0..<t.levelCount {
                    let inner = try inverseDiagonalBlock(term: i, level: level)
                    // σ² λ S λᵀ
                    var m = Matrix(rows: q, columns: q)
                    for a in 0..<q {
                        for b in 0..<q {
                            var s = 0.0
                            for c in 0..<q { for d in 0..<q { s += lam[a, c] * inner[c, d] * lam[b, d] } }
                            m[a, b] = s * s2
                        }
                    }
                    list.append(m.values)
                }
                covs = list
            }
            out.append(ConditionalModes(groupingName: t.groupingName, columnNames: t.columnNames,
                                        levels: t.levels, modes: modes, conditionalCovariances: covs))
        }
        return out
    }

    /// The q x q diagonal block of (L_Z L_Zᵀ)⁻¹ for one level of term `i`: Σ_j x_jᵀx_j over
    /// the forward solves L_Z x = e for the level's q unit vectors.
    private func inverseDiagonalBlock(term i: Int, level: Int) throws(MixedModelError) -> Matrix {
        let k = system.termCount
        let q = terms[i].q
        var solves: [[[Double]]] = []
        for c in 0..<q {
            var x: [[Double]] = system.terms.map { Array(repeating: 0.0, count: $0.columnCount) }
            x[i][level * q + c] = 1
            do {
                try BlockedSystem.solveDiagonal(system.l[BlockedSystem.index(i, i)], &x[i])
                for j in stride(from: i + 1, to: k, by: 1) {
                    for m in i..<j { BlockedSystem.subtractProduct(system.l[BlockedSystem.index(j, m)], x[m], from: &x[j]) }
                    try BlockedSystem.solveDiagonal(system.l[BlockedSystem.index(j, j)], &x[j])
                }
            } catch { throw .numerical(error.description) }
            solves.append(x)
        }
        var s = Matrix(rows: q, columns: q)
        for a in 0..<q {
            for b in 0..<q {
                var acc = 0.0
                for j in i..<k { for (va, vb) in zip(solves[a][j], solves[b][j]) { acc += va * vb } }
                s[a, b] = acc
            }
        }
        return s
    }

    /// Fitted values Xβ̂ + Zb̂.
    public var fittedValues: [Double] {
        get throws(MixedModelError) {
            let beta = fixedEffects
            var fitted = Array(repeating: 0.0, count: observationCount)
            system.x.addProductByColumns(beta, into: &fitted)
            for (t, re) in zip(terms, try randomEffects(conditionalVariances: false)) {
                t.addPredictor(effects: re.modes.flatMap { $0 }, to: &fitted)
            }
            return fitted
        }
    }

    /// Residuals y − Xβ̂ − Zb̂.
    public var residuals: [Double] {
        get throws(MixedModelError) { zip(response, try fittedValues).map { $0 - $1 } }
    }
}
