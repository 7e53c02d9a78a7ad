import Foundation
internal import CVectorMath

/// The per-observation work of PIRLS for the two canonical links that carry most analyses,
/// binomial–logit and Poisson–log, done with one `exp` and one `log` per observation
/// instead of the generic path's `exp` for μ, `log` for the deviance, `exp` again for dμ/dη
/// and three `lgamma` for the log-likelihood (profiled on 100,000 pupils: those calls were
/// over half of a Bernoulli fit).
///
/// Both use log p(yᵢ | ηᵢ) = constᵢ + kᵢ with the kernel
///
///     binomial:  kᵢ = wᵢ [yᵢ log μᵢ + (1 − yᵢ) log(1 − μᵢ)],  log μ = −(max(−η, 0) + log(1 + e^{−|η|}))
///     Poisson:   kᵢ = wᵢ [yᵢ log μᵢ − μᵢ],                     log μ = η
///
/// so that Σ d(yᵢ, μᵢ) = `saturated` − 2 Σ kᵢ and −2 Σ log p = −2 `constant` − 2 Σ kᵢ, with
/// the generic path's clamps (μ within [ε, 1 − ε] for the logit, μ ≥ ε for the log link)
/// applied to log μ as well. Used only where it equals the generic path: whole numbers of
/// trials and successes for the binomial (R's `aic` rounds them), any Poisson response.
struct CanonicalKernel: Sendable {
    enum Kind: Sendable { case logit, poissonLog }
    let kind: Kind
    /// Σ 2wᵢ[yᵢ log yᵢ + (1 − yᵢ) log(1 − yᵢ)] (binomial), Σ 2wᵢ[yᵢ log yᵢ − yᵢ] (Poisson).
    let saturated: Double
    /// Σ log C(mᵢ, kᵢ) (binomial), −Σ wᵢ log yᵢ! (Poisson).
    let constant: Double

    static let logEpsilon = Foundation.log(Double.ulpOfOne)

    /// Observations whose exp and log are taken in one call (two 4 kB buffers on the stack).
    static let vectorBlock = 512

    init?(distribution: Distribution, link: Link, y: [Double], priorWeights: [Double]) {
        var saturated = 0.0, constant = 0.0
        switch (distribution, link) {
        case (.binomial, .logit):
            for (v, w) in zip(y, priorWeights) {
                let m = w.rounded(), k = (w * v).rounded()
                guard w == m, abs(w * v - k) <= 1e-9 * max(w, 1) else { return nil }
                saturated += 2 * w * ((v > 0 ? v * Foundation.log(v) : 0) + (v < 1 ? (1 - v) * Foundation.log(1 - v) : 0))
                if m > 0 { constant += lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1) }
            }
            kind = .logit
        case (.poisson, .log):
            for (v, w) in zip(y, priorWeights) {
                saturated += 2 * w * ((v > 0 ? v * Foundation.log(v) : 0) - v)
                constant -= w * lgamma(v + 1)
            }
            kind = .poissonLog
        default:
            return nil
        }
        guard saturated.isFinite, constant.isFinite else { return nil }
        self.saturated = saturated
        self.constant = constant
    }

    /// μ ← g⁻¹(η) in place, returning Σ d(yᵢ, μᵢ). The observations run in chunks on both
    /// cores (`ParallelChunks`), each chunk's kernel summed in order.
    func updateMean(eta: [Double], mu: inout [Double], y: [Double], priorWeights: [Double]) -> Double {
        let logEpsilon = Self.logEpsilon
        let kind = self.kind
        let n = Swift.min(eta.count, mu.count, y.count, priorWeights.count)
        let kernel = eta.withUnsafeBufferPointer { ep in
            mu.withUnsafeMutableBufferPointer { mp in
                y.withUnsafeBufferPointer { yp in
                    priorWeights.withUnsafeBufferPointer { wp in
                        ParallelChunks.sum(n) { range -> Double in
                            var kernel = 0.0
                            // exp and log a block at a time (`CVectorMath`: four values per
                            // call on AVX2), the rest of the kernel in the scalar loop.
                            let block = Self.vectorBlock
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * block) { scratch in
                                guard let e = scratch.baseAddress else { return }
                                let l = e + block
                                var start = range.lowerBound
                                while start < range.upperBound {
                                    let count = Swift.min(block, range.upperBound - start)
                                    switch kind {
                                    case .logit:
                                        for j in 0..<count { e[j] = -Swift.abs(ep[start + j]) }
                                        schoolsupport_vector_exp(e, e, count)
                                        // log(1 + e) rather than log1p: e ≤ 1, so the absolute
                                        // error (what a sum of log-likelihoods needs) is an ulp
                                        // either way, and log is several times faster.
                                        for j in 0..<count { l[j] = 1 + e[j] }
                                        schoolsupport_vector_log(l, l, count)
                                        // μ and each observation's term four at a time
                                        // (the terms into `e`, no longer needed), then the
                                        // terms summed one by one in order.
                                        var j = 0
                                        if let mb = mp.baseAddress, let hb = ep.baseAddress, let yb = yp.baseAddress, let wb = wp.baseAddress {
                                            let zero = SIMD4<Double>(repeating: 0), one = SIMD4<Double>(repeating: 1)
                                            let low = SIMD4<Double>(repeating: Double.ulpOfOne), high = SIMD4<Double>(repeating: 1 - Double.ulpOfOne)
                                            let floor = SIMD4<Double>(repeating: logEpsilon)
                                            while j + 4 <= count {
                                                let i = start + j
                                                let h = Self.load(hb, i), ej = Self.load(e, j), lj = Self.load(l, j)
                                                let m = (one / (one + ej)).replacing(with: ej / (one + ej), where: h .< zero)
                                                let clamped = m.replacing(with: low, where: low .>= m)
                                                Self.store(clamped.replacing(with: high, where: clamped .>= high), mb, i)
                                                let minusH = -h
                                                let logMu = Self.atLeast(-(Self.atLeast(minusH, zero) + lj), floor)
                                                let logOneMinusMu = Self.atLeast(-(Self.atLeast(h, zero) + lj), floor)
                                                let v = Self.load(yb, i)
                                                Self.store(Self.load(wb, i) * (v * logMu + (one - v) * logOneMinusMu), e, j)
                                                j += 4
                                            }
                                        }
                                        for j in j..<count {
                                            let i = start + j
                                            let h = ep[i], ej = e[j], lj = l[j]
                                            let m = h >= 0 ? 1 / (1 + ej) : ej / (1 + ej)
                                            mp[i] = Swift.min(Swift.max(m, Double.ulpOfOne), 1 - Double.ulpOfOne)
                                            let logMu = Swift.max(-(Swift.max(-h, 0) + lj), logEpsilon)
                                            let logOneMinusMu = Swift.max(-(Swift.max(h, 0) + lj), logEpsilon)
                                            let v = yp[i]
                                            e[j] = wp[i] * (v * logMu + (1 - v) * logOneMinusMu)
                                        }
                                        for j in 0..<count { kernel += e[j] }
                                    case .poissonLog:
                                        for j in 0..<count { e[j] = ep[start + j] }
                                        schoolsupport_vector_exp(e, e, count)
                                        for j in 0..<count {
                                            let i = start + j
                                            let h = ep[i]
                                            let m = Swift.max(e[j], Double.ulpOfOne)
                                            mp[i] = m
                                            kernel += wp[i] * (yp[i] * Swift.max(h, logEpsilon) - m)
                                        }
                                    }
                                    start += count
                                }
                            }
                            return kernel
                        }
                    }
                }
            }
        }
        return saturated - 2 * kernel
    }

    /// −2 Σ log p(yᵢ | μᵢ) from Σ d(yᵢ, μᵢ) as `updateMean` returned it.
    func minusTwoLogDensity(devianceSum: Double) -> Double {
        devianceSum - saturated - 2 * constant
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, _ i: Int) -> SIMD4<Double> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Double>, _ i: Int) -> SIMD4<Double> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD4<Double>.self)
    }

    /// Each lane as `Swift.max(x, floor)` gives it (x unless floor ≥ x).
    @inline(__always)
    static func atLeast(_ x: SIMD4<Double>, _ floor: SIMD4<Double>) -> SIMD4<Double> {
        x.replacing(with: floor, where: floor .>= x)
    }

    /// √wᵢ and zᵢ = ηᵢ − baseᵢ + (yᵢ − μᵢ)/(dμ/dη): for a canonical link dμ/dη = V(μ), so
    /// wᵢ = mᵢ V(μᵢ) and no `exp` is needed.
    func workingResponse(eta: [Double], mu: [Double], base: [Double], y: [Double], priorWeights: [Double],
                         z: inout [Double], sqrtWeights sqrtW: inout [Double]) {
        eta.withUnsafeBufferPointer { ep in
            mu.withUnsafeBufferPointer { mp in
                base.withUnsafeBufferPointer { fp in
                    y.withUnsafeBufferPointer { yp in
                        priorWeights.withUnsafeBufferPointer { pw in
                            z.withUnsafeMutableBufferPointer { zp in
                                sqrtW.withUnsafeMutableBufferPointer { wp in
                                    ParallelChunks.forEach(ep.count) { range in
                                    // Four observations at a time in SIMD registers (the
                                    // divisions and square roots are most of the cost), then
                                    // the rest one by one; each lane rounds as the scalar
                                    // expression does, so the results are the same.
                                    guard let e = ep.baseAddress, let mb = mp.baseAddress, let f = fp.baseAddress,
                                          let yb = yp.baseAddress, let pb = pw.baseAddress,
                                          let zb = zp.baseAddress, let wb = wp.baseAddress else { return }
                                    var i = range.lowerBound
                                    let epsilon = SIMD4<Double>(repeating: Double.ulpOfOne)
                                    switch kind {
                                    case .logit:
                                        while i + 4 <= range.upperBound {
                                            let m = Self.load(mb, i)
                                            let v = m * (1 - m)
                                            let d = v.replacing(with: epsilon, where: v .<= epsilon)
                                            Self.store((Self.load(pb, i) * d * d / v).squareRoot(), wb, i)
                                            Self.store(Self.load(e, i) - Self.load(f, i) + (Self.load(yb, i) - m) / d, zb, i)
                                            i += 4
                                        }
                                        for i in i..<range.upperBound {
                                            let m = mp[i]
                                            let v = m * (1 - m)
                                            let d = Swift.max(v, Double.ulpOfOne)
                                            wp[i] = (pw[i] * d * d / v).squareRoot()
                                            zp[i] = ep[i] - fp[i] + (yp[i] - m) / d
                                        }
                                    case .poissonLog:
                                        while i + 4 <= range.upperBound {
                                            let m = Self.load(mb, i)
                                            Self.store((Self.load(pb, i) * m).squareRoot(), wb, i)
                                            Self.store(Self.load(e, i) - Self.load(f, i) + (Self.load(yb, i) - m) / m, zb, i)
                                            i += 4
                                        }
                                        for i in i..<range.upperBound {
                                            let m = mp[i]
                                            wp[i] = (pw[i] * m).squareRoot()
                                            zp[i] = ep[i] - fp[i] + (yp[i] - m) / m
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
