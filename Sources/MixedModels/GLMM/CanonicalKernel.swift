import Foundation

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
                            switch kind {
                            case .logit:
                                for i in range {
                                    let h = ep[i]
                                    let e = Foundation.exp(-Swift.abs(h))
                                    // log(1 + e) rather than log1p: e ≤ 1, so the absolute error
                                    // (what a sum of log-likelihoods needs) is an ulp either way,
                                    // and glibc's log is several times faster than its log1p.
                                    let l = Foundation.log(1 + e)
                                    let m = h >= 0 ? 1 / (1 + e) : e / (1 + e)
                                    mp[i] = Swift.min(Swift.max(m, Double.ulpOfOne), 1 - Double.ulpOfOne)
                                    let logMu = Swift.max(-(Swift.max(-h, 0) + l), logEpsilon)
                                    let logOneMinusMu = Swift.max(-(Swift.max(h, 0) + l), logEpsilon)
                                    let v = yp[i]
                                    kernel += wp[i] * (v * logMu + (1 - v) * logOneMinusMu)
                                }
                            case .poissonLog:
                                for i in range {
                                    let h = ep[i]
                                    let m = Swift.max(Foundation.exp(h), Double.ulpOfOne)
                                    mp[i] = m
                                    kernel += wp[i] * (yp[i] * Swift.max(h, logEpsilon) - m)
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
                                    switch kind {
                                    case .logit:
                                        for i in range {
                                            let m = mp[i]
                                            let v = m * (1 - m)
                                            let d = Swift.max(v, Double.ulpOfOne)
                                            wp[i] = (pw[i] * d * d / v).squareRoot()
                                            zp[i] = ep[i] - fp[i] + (yp[i] - m) / d
                                        }
                                    case .poissonLog:
                                        for i in range {
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
