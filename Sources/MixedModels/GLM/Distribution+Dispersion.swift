import Foundation

/// The families with a dispersion parameter φ (glmmTMB's `sigma()`):
///
/// - negative binomial NB2 (glmmTMB `nbinom2`, `glmer.nb`), counts y with mean μ and
///   Var(y) = μ + μ²/φ:
///   log p(y) = log Γ(y + φ) − log Γ(φ) − log y! + φ log(φ/(φ + μ)) + y log(μ/(φ + μ));
/// - beta-binomial (glmmTMB `betabinomial`), k successes of m trials with k | p ~ Bin(m, p),
///   p ~ Beta(μφ, (1 − μ)φ), so Var(k) = mμ(1 − μ)(m + φ)/(1 + φ):
///   log p(k) = log C(m, k) + log B(k + μφ, m − k + (1 − μ)φ) − log B(μφ, (1 − μ)φ).
///
/// As φ → ∞ they become the Poisson and binomial. The response is stored as for those (the
/// beta-binomial as the proportion k/m with prior weight m). Each family is fitted with its
/// canonical-for-glmmTMB link only (log, logit), so the η-derivatives below are in closed form.
extension Distribution {
    /// Whether the family has a dispersion parameter estimated with the other parameters.
    public var hasDispersion: Bool {
        switch self {
        case .binomial, .poisson: return false
        case .negativeBinomial, .betaBinomial: return true
        }
    }

    /// The family without overdispersion that this one tends to as φ → ∞.
    public var limitingFamily: Distribution {
        switch self {
        case .negativeBinomial: return .poisson
        case .betaBinomial: return .binomial
        default: return self
        }
    }

    /// log p(y | μ, φ) with all normalising constants (what glmmTMB's `logLik` sums): the
    /// data-only term `densityConstant` plus `densityKernel`.
    @inline(__always)
    func logDensity(_ y: Double, _ mu: Double, weight w: Double, dispersion phi: Double) -> Double {
        switch self {
        case .binomial, .poisson:
            return logDensity(y, mu, weight: w)
        case .negativeBinomial, .betaBinomial:
            return densityConstant(y, weight: w) + densityKernel(y, mu, weight: w, dispersion: phi, logGammaPhi: lgamma(phi))
        }
    }

    /// The part of log p(y | μ, φ) that depends on neither μ nor φ: −log y! (NB2),
    /// log C(m, k) (beta-binomial); 0 for the families without dispersion. A model sums it
    /// once (`GeneralizedLinearMixedModel.densityConstant`) instead of in every evaluation.
    func densityConstant(_ y: Double, weight w: Double) -> Double {
        switch self {
        case .negativeBinomial:
            return -lgamma(y + 1)
        case .betaBinomial:
            let m = w.rounded()
            guard m > 0 else { return 0 }
            let k = (m * y).rounded()
            return lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1)
        case .binomial, .poisson:
            return 0
        }
    }

    /// log p(y | μ, φ) − `densityConstant`, with log Γ(φ) supplied (`logGammaPhi`) since it is
    /// the same for every observation.
    @inline(__always)
    func densityKernel(_ y: Double, _ mu: Double, weight w: Double, dispersion phi: Double, logGammaPhi: Double) -> Double {
        switch self {
        case .negativeBinomial:
            let mix = -phi * log1p(mu / phi)
            let count = y > 0 ? y * log(mu / (phi + mu)) : 0
            return Self.logRisingFactorial(phi, y, logGammaX: logGammaPhi) + mix + count
        case .betaBinomial:
            let m = w.rounded()
            guard m > 0 else { return 0 }
            let k = (m * y).rounded()
            let a = mu * phi, b = (1 - mu) * phi
            let x: Double = lgamma(m + phi)
            return Self.logRisingFactorial(a, k, logGammaX: nil) + Self.logRisingFactorial(b, m - k, logGammaX: nil)
                - x + logGammaPhi
        case .binomial, .poisson:
            return 0
        }
    }

    /// log Γ(x + k) − log Γ(x) for x > 0 and a whole k ≥ 0: for k ≤ 8 the log of the product
    /// x(x + 1)⋯(x + k − 1) (one log instead of two log-gamma functions, and no cancellation
    /// when x is large; absence counts are mostly small), otherwise the difference of log Γ,
    /// with log Γ(x) taken from `logGammaX` when the caller has it.
    @inline(__always)
    static func logRisingFactorial(_ x: Double, _ k: Double, logGammaX: Double?) -> Double {
        if k <= 8 {
            guard k >= 1 else { return 0 }
            var product = x
            var j = 1.0
            while j < k { product *= x + j; j += 1 }
            return log(product)
        }
        let upper: Double = lgamma(x + k)
        let lower: Double = logGammaX ?? lgamma(x)
        return upper - lower
    }

    /// For PIRLS at one observation (η, μ = g⁻¹(η)): the weight w and the score ∂ log p/∂η.
    /// `observed` gives w = −∂² log p/∂η² (the exact Hessian, as TMB's Laplace approximation
    /// uses); otherwise the Fisher-scoring weight μ'²/Var(y) per trial: φμ/(φ + μ) (NB2),
    /// mμ(1 − μ)(1 + φ)/(m + φ) (beta-binomial). An observed weight that is not positive (the
    /// beta-binomial log-likelihood can be locally convex in η) falls back to the Fisher weight.
    @inline(__always)
    func dispersionWorkingWeight(_ y: Double, _ mu: Double, weight w: Double, dispersion phi: Double,
                                 observed: Bool) -> (weight: Double, score: Double) {
        switch self {
        case .negativeBinomial:
            let score = phi * (y - mu) / (phi + mu)
            let fisher = max(phi * mu / (phi + mu), .leastNormalMagnitude)
            guard observed else { return (fisher, score) }
            let info = (y + phi) * mu * phi / ((phi + mu) * (phi + mu))
            return (info > 0 && info.isFinite ? info : fisher, score)
        case .betaBinomial:
            let m = w.rounded()
            guard m > 0 else { return (.leastNormalMagnitude, 0) }
            let fisher = max(m * mu * (1 - mu) * (1 + phi) / (m + phi), .leastNormalMagnitude)
            guard observed else {
                let k = (m * y).rounded()
                let a = mu * phi, b = (1 - mu) * phi
                let d1 = Polygamma.digamma(k + a) - Polygamma.digamma(a) - Polygamma.digamma(m - k + b) + Polygamma.digamma(b)
                return (fisher, phi * d1 * mu * (1 - mu))
            }
            let d = betaBinomialDerivatives(y, mu, trials: m, dispersion: phi, third: false)
            return (d.information > 0 && d.information.isFinite ? d.information : fisher, d.score)
        case .binomial, .poisson:
            return (0, 0)
        }
    }

    /// (∂ log p/∂η, −∂² log p/∂η²) at one observation, without the fallback to the Fisher
    /// weight.
    @inline(__always)
    func dispersionScoreAndInformation(_ y: Double, _ mu: Double, weight w: Double,
                                       dispersion phi: Double) -> (score: Double, information: Double) {
        switch self {
        case .negativeBinomial:
            let s = phi + mu
            return (phi * (y - mu) / s, phi * mu * (phi + y) / (s * s))
        case .betaBinomial:
            let m = w.rounded()
            guard m > 0 else { return (0, 0) }
            let d = betaBinomialDerivatives(y, mu, trials: m, dispersion: phi, third: false)
            return (d.score, d.information)
        case .binomial, .poisson:
            return (0, 0)
        }
    }

    /// The η-derivatives of log p at one observation, without any fallback: the score
    /// ∂ log p/∂η, the observed information −∂² log p/∂η² and its derivative
    /// ∂(−∂² log p/∂η²)/∂η (what the Laplace determinant's β-gradient needs). NB2 with log link
    /// in closed form: φ(y − μ)/(φ + μ), φμ(φ + y)/(φ + μ)², φμ(φ + y)(φ − μ)/(φ + μ)³.
    @inline(__always)
    func dispersionDerivatives(_ y: Double, _ mu: Double, weight w: Double,
                               dispersion phi: Double) -> (score: Double, information: Double, informationSlope: Double) {
        switch self {
        case .negativeBinomial:
            let s = phi + mu
            let info = phi * mu * (phi + y) / (s * s)
            return (phi * (y - mu) / s, info, info * (phi - mu) / s)
        case .betaBinomial:
            let m = w.rounded()
            guard m > 0 else { return (0, 0, 0) }
            let d = betaBinomialDerivatives(y, mu, trials: m, dispersion: phi, third: true)
            return (d.score, d.information, d.informationSlope)
        case .binomial, .poisson:
            return (0, 0, 0)
        }
    }

    /// Beta-binomial with logit link, a = μφ, b = (1 − μ)φ, g = dμ/dη = μ(1 − μ), and
    /// Dⱼ = ψ⁽ʲ⁻¹⁾(k + a) − ψ⁽ʲ⁻¹⁾(a) + (−1)ʲ [ψ⁽ʲ⁻¹⁾(m − k + b) − ψ⁽ʲ⁻¹⁾(b)] (the j-th
    /// μ-derivative of log p is φʲDⱼ): score φD₁g, information −(φ²D₂g² + φD₁g(1 − 2μ)), and
    /// its η-derivative −(φ³D₃g³ + 3φ²D₂g²(1 − 2μ) + φD₁g((1 − 2μ)² − 2g)).
    @inline(__always)
    private func betaBinomialDerivatives(_ y: Double, _ mu: Double, trials m: Double, dispersion phi: Double,
                                         third: Bool) -> (score: Double, information: Double, informationSlope: Double) {
        let k = (m * y).rounded()
        let a = mu * phi, b = (1 - mu) * phi
        let g = mu * (1 - mu), c = 1 - 2 * mu
        if third {
            let p1 = Polygamma.polygamma012(k + a), p2 = Polygamma.polygamma012(a)
            let p3 = Polygamma.polygamma012(m - k + b), p4 = Polygamma.polygamma012(b)
            let d1 = p1.digamma - p2.digamma - p3.digamma + p4.digamma
            let d2 = p1.trigamma - p2.trigamma + p3.trigamma - p4.trigamma
            let d3 = p1.tetragamma - p2.tetragamma - p3.tetragamma + p4.tetragamma
            let score = phi * d1 * g
            let info = -(phi * phi * d2 * g * g + score * c)
            let slope = -(phi * phi * phi * d3 * g * g * g + 3 * phi * phi * d2 * g * g * c + score * (c * c - 2 * g))
            return (score, info, slope)
        }
        let p1 = Polygamma.digammaAndTrigamma(k + a), p2 = Polygamma.digammaAndTrigamma(a)
        let p3 = Polygamma.digammaAndTrigamma(m - k + b), p4 = Polygamma.digammaAndTrigamma(b)
        let d1 = p1.digamma - p2.digamma - p3.digamma + p4.digamma
        let d2 = p1.trigamma - p2.trigamma + p3.trigamma - p4.trigamma
        let score = phi * d1 * g
        return (score, -(phi * phi * d2 * g * g + score * c), 0)
    }

    /// The fraction by which the variance exceeds the limiting family's at mean μ (m trials):
    /// μ/φ (NB2), (m − 1)/(φ + 1) (beta-binomial); 0 for families without dispersion.
    func excessVarianceFraction(_ mu: Double, weight w: Double, dispersion phi: Double) -> Double {
        switch self {
        case .negativeBinomial: return mu / phi
        case .betaBinomial: return max(w - 1, 0) / (phi + 1)
        case .binomial, .poisson: return 0
        }
    }
}
