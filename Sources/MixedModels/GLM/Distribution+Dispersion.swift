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

    /// log p(y | μ, φ) with all normalising constants (what glmmTMB's `logLik` sums).
    @inline(__always)
    func logDensity(_ y: Double, _ mu: Double, weight w: Double, dispersion phi: Double) -> Double {
        switch self {
        case .binomial, .poisson:
            return logDensity(y, mu, weight: w)
        case .negativeBinomial:
            let lg = lgamma(y + phi) - lgamma(phi) - lgamma(y + 1)
            let mix = -phi * log1p(mu / phi)
            let count = y > 0 ? y * log(mu / (phi + mu)) : 0
            return lg + mix + count
        case .betaBinomial:
            let m = w.rounded()
            guard m > 0 else { return 0 }
            let k = (m * y).rounded()
            let a = mu * phi, b = (1 - mu) * phi
            let lchoose = lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1)
            return lchoose + lgamma(k + a) + lgamma(m - k + b) - lgamma(m + phi) - lgamma(a) - lgamma(b) + lgamma(phi)
        }
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
            let k = (m * y).rounded()
            let a = mu * phi, b = (1 - mu) * phi
            let g1 = mu * (1 - mu)
            let d1 = Polygamma.digamma(k + a) - Polygamma.digamma(a) - Polygamma.digamma(m - k + b) + Polygamma.digamma(b)
            let score = phi * d1 * g1
            let fisher = max(m * g1 * (1 + phi) / (m + phi), .leastNormalMagnitude)
            guard observed else { return (fisher, score) }
            let d2 = Polygamma.trigamma(k + a) - Polygamma.trigamma(a) + Polygamma.trigamma(m - k + b) - Polygamma.trigamma(b)
            let info = -(phi * phi * d2 * g1 * g1 + score * (1 - 2 * mu))
            return (info > 0 && info.isFinite ? info : fisher, score)
        case .binomial, .poisson:
            return (0, 0)
        }
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
