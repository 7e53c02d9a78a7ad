import Foundation

/// Stage 2 with β profiled out by Newton's method on the exact gradient of the Laplace
/// objective, so that the derivative-free optimiser sees θ alone.
///
/// lme4's second stage (and this library's default) hands θ and β together to BOBYQA, whose
/// cost grows with p: it needs 2(t + p) + 1 evaluations to build its first model, and where
/// θ and β are coupled (an observation-level random effect moves the intercept with its
/// variance) it creeps along the ridge for hundreds of evaluations. Here the outer BOBYQA
/// works on the profile f̃(θ) = min_β f(θ, β) and, for each θ, β̂(θ) is found by Newton steps
/// with the exact gradient of the Laplace objective
///
///     f(θ, β) = Σ d(yᵢ, μ̂ᵢ) + ‖û‖² + log det M,   M = ΛᵀZᵀWZΛ + I,
///
/// at the conditional modes û(θ, β). Because ∂/∂u of the first two terms vanishes at û,
///
///     ∂f/∂β = Xᵀ r,   rᵢ = −2mᵢ(yᵢ − μᵢ) + aᵢ − wᵢ (ZΛM⁻¹ΛᵀZᵀa)ᵢ,   aᵢ = (dwᵢ/dηᵢ) hᵢ,
///
/// with hᵢ = ‖L⁻¹Λᵀzᵢ‖² the i-th diagonal element of ZΛM⁻¹ΛᵀZᵀ (the derivative of log det M
/// with respect to ηᵢ is (dwᵢ/dηᵢ) hᵢ, and dη/dβ = (I − ZΛM⁻¹ΛᵀZᵀW)X accounts for û moving
/// with β). The Newton matrix is 2 L_XX L_XXᵀ, the β block of the PIRLS information at the
/// current θ (the joint system's Schur complement), which is the Hessian up to the second
/// derivative of log det M, so the steps converge at once to well below the optimiser's
/// tolerance. The gradient is the derivative of the same objective the default path
/// minimises, so both reach the same optimum.
///
/// Where it applies: the canonical binomial–logit and Poisson–log kernels (wᵢ = mᵢμᵢ(1 − μᵢ)
/// or mᵢμᵢ, dwᵢ/dηᵢ = wᵢ(1 − 2μᵢ) or wᵢ) and the families with dispersion (negative binomial
/// and beta-binomial, with −2mᵢ(yᵢ − μᵢ) replaced by −2 ∂ log pᵢ/∂η, wᵢ the observed
/// information and dwᵢ/dηᵢ its η-derivative; φ then joins θ in the outer optimiser), the
/// Laplace approximation, and one term or two nested terms (every diagonal block of L block
/// diagonal and each level of the first term within one level of the second), for which hᵢ
/// costs O(q²) per observation: the designs of the national fits, (1 | school),
/// (1 | la) + (1 | school) and (1 | pupil) + (1 | school). Where beta-binomial rows have
/// negative observed information, the determinant is the exact Hessian's through a low-rank
/// correction of the factor (`IndefiniteInformation`), and hᵢ and M⁻¹ here go through the same
/// correction by the Woodbury identity, so the gradient is that of the objective minimised.
extension GeneralizedLinearMixedModel {
    /// Whether the profiled stage 2 applies to this model and system.
    func profiledStageApplies(_ s: BlockedSystem) -> Bool {
        guard kernel != nil || distribution.hasDispersion, quadraturePoints == 1, fixedCount > 0 else { return false }
        // The closed-form observation-level term is not wired into the dispersion families'
        // exact-Hessian correction.
        if distribution.hasDispersion && s.eliminatesObservationLevelTerm { return false }
        let k = s.termCount
        guard k == 1 || k == 2 else { return false }
        for i in 0..<k {
            guard case .blockDiagonal = s.l[BlockedSystem.index(i, i)] else { return false }
        }
        if k == 2 {
            guard case .blockSparse(let l21) = s.l[BlockedSystem.index(1, 0)], l21.hasAtMostOneBlockPerColumn else { return false }
        }
        return true
    }

    /// ∂f/∂β of the Laplace objective at the modes in `state`, with the system's factor L
    /// evaluated at the weights of the mode (as `conditionalModes` leaves it). Nil when the
    /// structure is not one `profiledStageApplies` accepts.
    func laplaceFixedEffectsGradient(state: ModeState, system s: BlockedSystem) -> [Double]? {
        guard profiledStageApplies(s) else { return nil }
        let n = observationCount, k = s.termCount
        let mu = state.mu
        // wᵢ and aᵢ = (dwᵢ/dηᵢ) hᵢ.
        var w = Array(repeating: 0.0, count: n)
        var a = Array(repeating: 0.0, count: n)
        guard case .blockDiagonal(let d1) = s.l[BlockedSystem.index(0, 0)] else { return nil }
        let t1 = s.terms[0]
        let q1 = t1.q
        // The families with dispersion: the score, the weight of the factor (the observed
        // information, the Fisher weight where that is not positive, as PIRLS leaves L) and
        // the η-derivative of the observed information, in one pass on both cores.
        let dispersion = distribution.hasDispersion ? dispersionGradientWeights(mu: mu) : nil
        // Rows with negative observed information: the objective's determinant is the exact
        // Hessian's through the low-rank correction, so hᵢ and M⁻¹ here are the exact
        // Hessian's too (Woodbury through the same factors), unless a block of such rows was
        // over the limit and they kept their Fisher weights in the objective as well.
        let correction = distribution == .betaBinomial
            ? indefiniteInformation(negatives: state.negativeRows ?? negativeInformationRows(mu: mu), system: s) : .none
        guard correction.logDeterminant.isFinite else { return nil }
        let exact = !correction.exceeded
        var offsets: [Int] = [], totalColumns = 0
        for term in s.terms { offsets.append(totalColumns); totalColumns += term.columnCount }
        var path: [(position: Int, value: Double)] = []
        if let kernel, dispersion == nil, k == 1, q1 == 1, !t1.isMultipleMembership {
            return scalarTermGradient(kernel: kernel, mu: mu, term: t1, factor: d1)
        }
        var d2: BlockDiagonalMatrix?
        var l21: BlockSparseMatrix?
        var t2: RandomEffectsMatrix?
        if k == 2, case .blockDiagonal(let d) = s.l[BlockedSystem.index(1, 1)],
           case .blockSparse(let b) = s.l[BlockedSystem.index(1, 0)] {
            d2 = d; l21 = b; t2 = s.terms[1]
        } else if k == 2 {
            return nil
        }
        let q2 = t2?.q ?? 0
        var v1 = Array(repeating: 0.0, count: q1)
        var v2 = Array(repeating: 0.0, count: max(q2, 1))
        if let kernel, dispersion == nil, let t2, let d2, let l21, q1 == 1, q2 == 1, !t1.isMultipleMembership,
           !t2.isMultipleMembership {
            // Two scalar terms ((1 | pupil) + (1 | school)): the arithmetic of the loop below,
            // without its per-row helpers and bounds checks.
            guard twoScalarTermWeights(kernel: kernel, mu: mu, t1: t1, d1: d1, t2: t2, d2: d2, l21: l21, w: &w, a: &a) else {
                return nil
            }
        } else {
            for i in 0..<n {
                let m = mu[i], pw = priorWeights[i]
                let wi: Double, dw: Double
                if let dispersion {
                    wi = exact ? dispersion.information[i] : dispersion.weight[i]
                    dw = exact ? dispersion.slope[i] : dispersion.weightSlope[i]
                } else if let kernel {
                    switch kernel.kind {
                    case .logit:
                        wi = pw * m * (1 - m)
                        dw = wi * (1 - 2 * m)
                    case .poissonLog:
                        wi = pw * m
                        dw = wi
                    }
                } else {
                    return nil
                }
                w[i] = wi
                if dw == 0 { continue }
                let l1 = Int(t1.refs[i])
                guard Self.rowForwardSolve(row: i, scale: 1, t1: t1, d1: d1, second: t2.flatMap { t in
                    d2.flatMap { d in l21.map { (t, d, $0) } }
                }, v1: &v1, v2: &v2) else { return nil }
                var h = 0.0
                for r in 0..<q1 { h += v1[r] * v1[r] }
                if t2 != nil { for r in 0..<q2 { h += v2[r] * v2[r] } }
                if !correction.isEmpty {
                    // hᵢ of the exact Hessian: ‖v‖² + (Wᵀv)ᵀG⁻¹(Wᵀv), v = L⁻¹λᵀzᵢ.
                    path.removeAll(keepingCapacity: true)
                    for r in 0..<q1 where correction.meets(position: offsets[0] + l1 * q1 + r) {
                        path.append((offsets[0] + l1 * q1 + r, v1[r]))
                    }
                    if let t2, offsets.count > 1 {
                        let l2 = Int(t2.refs[i])
                        for r in 0..<q2 where correction.meets(position: offsets[1] + l2 * q2 + r) {
                            path.append((offsets[1] + l2 * q2 + r, v2[r]))
                        }
                    }
                    if !path.isEmpty { h += correction.quadraticForm(path) }
                }
                a[i] = dw * h
            }
        }
        // c = M⁻¹ΛᵀZᵀa, then ZΛc.
        var parts: [[Double]] = s.terms.map { Self.lambdaTransposeZTranspose(a, term: $0) }
        do {
            try s.solveRandomLower(&parts)
            if !correction.isEmpty {
                // M⁻¹ = L⁻ᵀ(I + WG⁻¹Wᵀ)L⁻¹ for the exact Hessian.
                var stacked = parts.flatMap { $0 }
                correction.addWoodbury(&stacked)
                for t in 0..<k { parts[t] = Array(stacked[offsets[t]..<(offsets[t] + parts[t].count)]) }
            }
            try s.solveRandomUpper(&parts)
        } catch {
            return nil
        }
        var zlc = Array(repeating: 0.0, count: n)
        addRandomPredictor(spherical: parts.flatMap { $0 }, in: s, to: &zlc)
        var r = Array(repeating: 0.0, count: n)
        if let dispersion {
            for i in 0..<n { r[i] = -2 * dispersion.score[i] + a[i] - w[i] * zlc[i] }
        } else {
            for i in 0..<n { r[i] = -2 * priorWeights[i] * (y[i] - mu[i]) + a[i] - w[i] * zlc[i] }
        }
        guard let g = try? x.transposeProduct(r) else { return nil }
        return g.allSatisfy(\.isFinite) ? g : nil
    }

    /// For the families with dispersion, per observation (`DispersionGradientWeights`): the
    /// score, the observed information and its η-derivative, and the weight PIRLS's final
    /// factor holds (the Fisher weight where the observed information is not positive) with
    /// its η-derivative. One pass on both cores.
    private func dispersionGradientWeights(mu: [Double]) -> DispersionGradientWeights {
        let n = Swift.min(mu.count, y.count, priorWeights.count)
        var d = DispersionGradientWeights(count: n)
        let distribution = self.distribution, phi = self.phi
        mu.withUnsafeBufferPointer { mp in
            y.withUnsafeBufferPointer { yp in
                priorWeights.withUnsafeBufferPointer { pp in
                    d.score.withUnsafeMutableBufferPointer { sp in
                        d.information.withUnsafeMutableBufferPointer { op in
                            d.slope.withUnsafeMutableBufferPointer { dp in
                                d.weight.withUnsafeMutableBufferPointer { wp in
                                    d.weightSlope.withUnsafeMutableBufferPointer { fp in
                                        ParallelChunks.forEach(n) { range in
                                            for i in range {
                                                let m = mp[i]
                                                let e = distribution.dispersionDerivatives(yp[i], m, weight: pp[i], dispersion: phi)
                                                sp[i] = e.score
                                                op[i] = e.information
                                                dp[i] = e.informationSlope
                                                if e.information > 0 && e.information.isFinite {
                                                    wp[i] = e.information
                                                    fp[i] = e.informationSlope
                                                } else {
                                                    // The Fisher weight mμ(1 − μ)(1 + φ)/(m + φ) and its η-derivative.
                                                    let f = distribution.dispersionWorkingWeight(
                                                        yp[i], m, weight: pp[i], dispersion: phi, observed: false).weight
                                                    wp[i] = f
                                                    fp[i] = f * (1 - 2 * m)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return d
    }

    /// wᵢ and aᵢ = (dwᵢ/dηᵢ) hᵢ of `laplaceFixedEffectsGradient` for two scalar terms, the
    /// first nested in the second: v₁ = λ₁z₁ᵢ/L₁₁[ℓ₁], v₂ = (λ₂z₂ᵢ − L₂₁[ℓ₂, ℓ₁] v₁)/L₂₂[ℓ₂],
    /// hᵢ = v₁² + v₂². False when a level of the first term meets another level of the second
    /// than its own (the structure `profiledStageApplies` excludes).
    private func twoScalarTermWeights(kernel: CanonicalKernel, mu: [Double], t1: RandomEffectsMatrix, d1: BlockDiagonalMatrix,
                                      t2: RandomEffectsMatrix, d2: BlockDiagonalMatrix, l21: BlockSparseMatrix,
                                      w: inout [Double], a: inout [Double]) -> Bool {
        let n = observationCount
        guard let lambda1 = t1.lambda.first, let lambda2 = t2.lambda.first, l21.blockLength == 1,
              mu.count == n, priorWeights.count == n, t1.refs.count == n, t2.refs.count == n, t1.z.count == n, t2.z.count == n,
              d1.values.count == t1.levelCount, d2.values.count == t2.levelCount, l21.columnStart.count == t1.levelCount + 1
        else { return false }
        let logit = kernel.kind == .logit
        var nested = true
        mu.withUnsafeBufferPointer { mp in
            priorWeights.withUnsafeBufferPointer { pp in
                t1.refs.withUnsafeBufferPointer { r1 in
                    t2.refs.withUnsafeBufferPointer { r2 in
                        t1.z.withUnsafeBufferPointer { z1 in
                            t2.z.withUnsafeBufferPointer { z2 in
                                d1.values.withUnsafeBufferPointer { f1 in
                                    d2.values.withUnsafeBufferPointer { f2 in
                                        l21.values.withUnsafeBufferPointer { lv in
                                            l21.columnStart.withUnsafeBufferPointer { cs in
                                                l21.rowLevel.withUnsafeBufferPointer { rl in
                                                    w.withUnsafeMutableBufferPointer { wp in
                                                        a.withUnsafeMutableBufferPointer { ap in
                                                            for i in 0..<n {
                                                                let m = mp[i], pw = pp[i]
                                                                let wi = logit ? pw * m * (1 - m) : pw * m
                                                                let dw = logit ? wi * (1 - 2 * m) : wi
                                                                wp[i] = wi
                                                                if dw == 0 { continue }
                                                                let l1 = Int(r1[i]), l2 = Int(r2[i])
                                                                let v1 = lambda1 * z1[i] / f1[l1]
                                                                var h = v1 * v1
                                                                var v2 = lambda2 * z2[i]
                                                                let start = cs[l1]
                                                                if start < cs[l1 + 1] {
                                                                    if Int(rl[start]) != l2 { nested = false; return }
                                                                    v2 -= lv[start] * v1
                                                                }
                                                                v2 = v2 / f2[l2]
                                                                h += v2 * v2
                                                                ap[i] = dw * h
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return nested
    }

    /// `laplaceFixedEffectsGradient` for one scalar term (a random intercept, the national
    /// (1 | school)): L is diagonal, so hᵢ = (λzᵢ/L_ℓ)² and ZΛM⁻¹ΛᵀZᵀa is zᵢ λ² Σ_ℓ zⱼaⱼ / L_ℓ²,
    /// the same arithmetic as the general path. Two passes over the observations and one
    /// n-vector instead of four: wᵢ and aᵢ are recomputed in the second pass (the same
    /// expressions, so the same values), which runs on both cores.
    private func scalarTermGradient(kernel: CanonicalKernel, mu: [Double], term t: RandomEffectsMatrix,
                                    factor d: BlockDiagonalMatrix) -> [Double]? {
        let n = observationCount
        guard mu.count == n, y.count == n, priorWeights.count == n, t.refs.count == n, t.z.count == n,
              d.values.count == t.levelCount, let lambda = t.lambda.first else { return nil }
        let logit = kernel.kind == .logit
        @inline(__always) func weights(_ m: Double, _ pw: Double) -> (w: Double, dw: Double) {
            if logit { let w = pw * m * (1 - m); return (w, w * (1 - 2 * m)) }
            let w = pw * m
            return (w, w)
        }
        var c = Array(repeating: 0.0, count: t.levelCount)
        var r = Array(repeating: 0.0, count: n)
        mu.withUnsafeBufferPointer { mp in
            priorWeights.withUnsafeBufferPointer { pp in
                y.withUnsafeBufferPointer { yp in
                    t.z.withUnsafeBufferPointer { zp in
                        t.refs.withUnsafeBufferPointer { rp in
                            d.values.withUnsafeBufferPointer { lp in
                                c.withUnsafeMutableBufferPointer { cp in
                                    r.withUnsafeMutableBufferPointer { out in
                                        guard let mb = mp.baseAddress, let pb = pp.baseAddress, let yb = yp.baseAddress,
                                              let zb = zp.baseAddress, let rb = rp.baseAddress, let lb = lp.baseAddress,
                                              let cb = cp.baseAddress, let ob = out.baseAddress else { return }
                                        // b_ℓ = Σ zᵢaᵢ over the level's observations.
                                        for i in 0..<n {
                                            let (_, dw) = weights(mb[i], pb[i])
                                            if dw == 0 { continue }
                                            let level = Int(rb[i])
                                            let v = lambda * zb[i] / lb[level]
                                            cb[level] += zb[i] * (dw * (v * v))
                                        }
                                        // c_ℓ = λ (M⁻¹ λ b)_ℓ, the conditional effect of M⁻¹ΛᵀZᵀa.
                                        for level in 0..<cp.count {
                                            cb[level] = lambda * ((lambda * cb[level] / lb[level]) / lb[level])
                                        }
                                        // rᵢ on both cores.
                                        let shared = UncheckedGradientPass(mu: mb, priorWeights: pb, y: yb, z: zb, refs: rb,
                                                                           factor: lb, effects: UnsafePointer(cb), out: ob)
                                        ParallelChunks.forEach(n) { range in
                                            for i in range {
                                                let m = shared.mu[i], pw = shared.priorWeights[i]
                                                let (w, dw) = weights(m, pw)
                                                let level = Int(shared.refs[i])
                                                let zi = shared.z[i]
                                                var a = 0.0
                                                if dw != 0 { let v = lambda * zi / shared.factor[level]; a = dw * (v * v) }
                                                shared.out[i] = -2 * pw * (shared.y[i] - m) + a - w * (0 + zi * shared.effects[level])
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard let g = try? x.transposeProduct(r) else { return nil }
        return g.allSatisfy(\.isFinite) ? g : nil
    }

    /// v = L⁻¹ (scale · Λᵀzᵢ) for observation i through its own blocks, one term or two nested
    /// ones: v₁ = L₁₁[ℓ₁]⁻¹ λ₁ᵀz₁ᵢ·scale and v₂ = L₂₂[ℓ₂]⁻¹ (λ₂ᵀz₂ᵢ·scale − L₂₁[ℓ₂, ℓ₁] v₁).
    /// False when a level of the first term meets another level of the second than ℓ₂.
    @inline(__always)
    static func rowForwardSolve(row i: Int, scale: Double, t1: RandomEffectsMatrix, d1: BlockDiagonalMatrix,
                                second: (term: RandomEffectsMatrix, diagonal: BlockDiagonalMatrix, below: BlockSparseMatrix)?,
                                v1: inout [Double], v2: inout [Double]) -> Bool {
        let q1 = t1.q, l1 = Int(t1.refs[i])
        lambdaTransposeTimes(t1, row: i, into: &v1)
        if scale != 1 { for r in 0..<q1 { v1[r] *= scale } }
        forwardSolve(d1, block: l1, &v1)
        guard let (t2, d2, l21) = second else { return true }
        let q2 = t2.q, l2 = Int(t2.refs[i])
        lambdaTransposeTimes(t2, row: i, into: &v2)
        if scale != 1 { for r in 0..<q2 { v2[r] *= scale } }
        let start = l21.columnStart[l1]
        if start < l21.columnStart[l1 + 1] {
            guard Int(l21.rowLevel[start]) == l2 else { return false }
            let base = start * l21.blockLength
            for c in 0..<q1 {
                let x = v1[c]
                for r in 0..<q2 { v2[r] -= l21.values[base + r + c * q2] * x }
            }
        }
        forwardSolve(d2, block: l2, &v2)
        return true
    }

    /// ΛᵀZᵀv for one term without multiple membership, by level: Σᵢ zᵢvᵢ over the level's
    /// observations, then (λᵀx)_r = Σ_{c ≥ r} λ[c, r] x_c.
    static func lambdaTransposeZTranspose(_ v: [Double], term t: RandomEffectsMatrix) -> [Double] {
        var b = Array(repeating: 0.0, count: t.columnCount)
        let q = t.q
        for i in v.indices where v[i] != 0 {
            let base = Int(t.refs[i]) * q
            for c in 0..<q { b[base + c] += t.z[i * q + c] * v[i] }
        }
        var out = b
        for level in 0..<t.levelCount {
            for r in 0..<q {
                var acc = 0.0
                for c in r..<q { acc += t.lambda[c + r * q] * b[level * q + c] }
                out[level * q + r] = acc
            }
        }
        return out
    }

    /// x ← λᵀ zᵢ for observation i of term t.
    @inline(__always)
    static func lambdaTransposeTimes(_ t: RandomEffectsMatrix, row i: Int, into x: inout [Double]) {
        let q = t.q
        for r in 0..<q {
            var acc = 0.0
            for c in r..<q { acc += t.lambda[c + r * q] * t.z[i * q + c] }
            x[r] = acc
        }
    }

    /// x ← D[b]⁻¹ x for the lower-triangular block b of a block-diagonal factor.
    @inline(__always)
    static func forwardSolve(_ d: BlockDiagonalMatrix, block b: Int, _ x: inout [Double]) {
        let q = d.blockSize
        for r in 0..<q {
            var v = x[r]
            for c in 0..<r { v -= d.values[d.offset(block: b, row: r, column: c)] * x[c] }
            x[r] = v / d.values[d.offset(block: b, row: r, column: r)]
        }
    }

    /// L_XX at θ and the weights of the modes in `state`: the lower factor of the β block of
    /// the PIRLS information, XᵀWX − XᵀWZΛM⁻¹ΛᵀZᵀWX, from the joint system (with `observed`,
    /// the weights of the observed information, which differ from Fisher's only for the
    /// families with a dispersion).
    func fixedInformationFactor(theta: [Double], state: ModeState, joint: inout BlockedSystem,
                                observed: Bool = false) -> Matrix? {
        let n = observationCount
        var z = Array(repeating: 0.0, count: n), sw = Array(repeating: 0.0, count: n)
        workingResponse(eta: state.eta, mu: state.mu, base: offset, z: &z, sqrtWeights: &sw, observed: observed)
        joint.setTheta(theta)
        joint.setResponse(z, sqrtWeights: sw)
        do { try joint.updateL() } catch { return nil }
        let f = joint.fixedFactor
        for i in 0..<f.rows where !(f[i, i] > 0 && f[i, i].isFinite) { return nil }
        return f
    }

    /// The profile f̃(θ) = min_β f(θ, β) by Newton steps from `beta` (and the modes from
    /// `start`). Returns the objective, β̂(θ) and the state at it; +∞ when a PIRLS or a
    /// factorisation fails.
    ///
    /// `metric` is the Newton matrix's factor L_XX: computed here when nil, and kept for the
    /// next θ (the information changes little between the optimiser's points, and forming it
    /// is a pass of n x p² over the data); it is dropped again when the steps converge slowly.
    func profiledObjective(theta: [Double], beta: [Double], start: [Double], system s: inout BlockedSystem,
                           joint: inout BlockedSystem, metric: inout Matrix?,
                           stepTolerance: Double = profileStepTolerance) -> (value: Double, beta: [Double], state: ModeState) {
        var beta = beta
        var (value, state) = evaluate(theta: theta, beta: beta, start: start, system: &s)
        guard value.isFinite else { return (.infinity, beta, state) }
        if metric == nil {
            metric = fixedInformationFactor(theta: theta, state: state, joint: &joint, observed: distribution.hasDispersion)
        }
        guard let lxx = metric else { return (.infinity, beta, state) }
        var steps = 0
        defer { if steps > Self.refreshMetricAfter { metric = nil } }
        for _ in 0..<Self.profileNewtonIterations {
            steps += 1
            guard var g = laplaceFixedEffectsGradient(state: state, system: s) else { return (.infinity, beta, state) }
            // Newton step −(2 L Lᵀ)⁻¹ g; its size in L-whitened units (standard errors) is ‖Lᵀδ‖.
            do {
                try BLAS.solveLower(lxx, transpose: false, &g)
            } catch { return (.infinity, beta, state) }
            let whitenedSize = g.reduce(0) { max($0, abs($1)) } / 2
            if whitenedSize <= stepTolerance { break }
            var step = g.map { -$0 / 2 }
            do { try BLAS.solveLower(lxx, transpose: true, &step) } catch { return (.infinity, beta, state) }
            var fraction = 1.0
            var accepted = false
            for _ in 0..<20 {
                let trialBeta = zip(beta, step).map { $0 + fraction * $1 }
                let (trialValue, trialState) = evaluate(theta: theta, beta: trialBeta, start: state.u, system: &s)
                if trialValue.isFinite && trialValue <= value + 1e-12 * (abs(value) + 1) {
                    beta = trialBeta
                    value = trialValue
                    state = trialState
                    accepted = true
                    break
                }
                fraction /= 2
            }
            // No step lowers the objective beyond its rounding: β̂(θ) is found to its precision.
            if !accepted { break }
            if whitenedSize * fraction <= stepTolerance * 10 { break }
        }
        return (value, beta, state)
    }

    /// Newton steps per profile evaluation at most (two or three are taken in practice).
    static let profileNewtonIterations = 12

    /// More steps than this at one θ and the Newton matrix is formed afresh at the next.
    static let refreshMetricAfter = 3

    /// The Newton step in β, in standard errors, below which β̂(θ) counts as found: the
    /// objective is then within about this squared of its minimum over β.
    static let profileStepTolerance = 1e-7

    /// The same while BOBYQA searches over θ: β̂(θ) off by δ standard errors leaves the
    /// profile about δ² (1e-10 deviance units here) above its value, far below the changes
    /// BOBYQA acts on, and saves the last Newton step (a PIRLS solve) at most θ points. The
    /// estimates are polished at `profileStepTolerance`.
    static let profileSearchStepTolerance = 1e-5
}

/// Per-observation derivatives of the families with dispersion for the Laplace β-gradient.
private struct DispersionGradientWeights {
    /// ∂ log p/∂η.
    var score: [Double]
    /// The observed information −∂² log p/∂η² (the exact Hessian's weight) and its η-derivative.
    var information: [Double]
    var slope: [Double]
    /// The weight of PIRLS's factor (observed, or Fisher where that is not positive) and its
    /// η-derivative: what the objective uses where the exact correction is left out.
    var weight: [Double]
    var weightSlope: [Double]

    init(count n: Int) {
        score = Array(repeating: 0, count: n)
        information = score
        slope = score
        weight = score
        weightSlope = score
    }
}

/// The read pointers and the output of the second pass of `scalarTermGradient`, handed to the
/// worker threads. Unchecked: each chunk writes only its own range of `out`.
private struct UncheckedGradientPass: @unchecked Sendable {
    let mu: UnsafePointer<Double>
    let priorWeights: UnsafePointer<Double>
    let y: UnsafePointer<Double>
    let z: UnsafePointer<Double>
    let refs: UnsafePointer<Int32>
    let factor: UnsafePointer<Double>
    let effects: UnsafePointer<Double>
    let out: UnsafeMutablePointer<Double>
}
