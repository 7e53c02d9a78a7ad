import Foundation
import ProbabilityDistributions

/// The conditional distribution of the response in a generalised linear (mixed) model
/// (McCullagh & Nelder 1989, Generalized Linear Models, 2nd ed., ch. 2), with R's `family`
/// conventions: a binomial response is the proportion y = s/m with prior weight m.
public enum Distribution: String, Sendable, CaseIterable, Codable {
    /// Binomial proportions (Bernoulli when every weight is 1).
    case binomial
    /// Poisson counts.
    case poisson
    /// Negative binomial (NB2) counts, Var = μ + μ²/φ: glmmTMB's `nbinom2`.
    case negativeBinomial = "nbinom2"
    /// Successes out of trials with beta-distributed success probability: glmmTMB's
    /// `betabinomial`, Var(k) = mμ(1 − μ)(m + φ)/(1 + φ).
    case betaBinomial = "betabinomial"

    /// The canonical link, R's default.
    public var canonicalLink: Link {
        switch self {
        case .binomial, .betaBinomial: return .logit
        case .poisson, .negativeBinomial: return .log
        }
    }

    /// V(μ), the variance function.
    @inline(__always)
    func variance(_ mu: Double) -> Double {
        switch self {
        case .binomial, .betaBinomial: return max(mu * (1 - mu), .leastNormalMagnitude)
        case .poisson, .negativeBinomial: return max(mu, .leastNormalMagnitude)
        }
    }

    /// The unit deviance residual d(y, μ) times the prior weight (R's `dev.resids`; for the
    /// families with dispersion, the limiting family's, which the fit does not use):
    /// binomial 2w[y log(y/μ) + (1−y) log((1−y)/(1−μ))], Poisson 2w[y log(y/μ) − (y − μ)].
    @inline(__always)
    func devianceResidual(_ y: Double, _ mu: Double, weight w: Double) -> Double {
        switch self {
        case .binomial, .betaBinomial:
            return 2 * w * (Self.yLogYOverMu(y, mu) + Self.yLogYOverMu(1 - y, 1 - mu))
        case .poisson, .negativeBinomial:
            return 2 * w * (Self.yLogYOverMu(y, mu) - (y - mu))
        }
    }

    @inline(__always)
    static func yLogYOverMu(_ y: Double, _ mu: Double) -> Double { y > 0 ? y * log(y / mu) : 0 }

    /// log p(y | μ) with all normalising constants, for one observation with prior weight
    /// w: log C(m, my) + my log μ + m(1−y) log(1−μ) (binomial, m = w, counts rounded as R's
    /// `binomial()$aic` does), w (y log μ − μ − log y!) (Poisson). −2 Σ of this is R's `aic`.
    @inline(__always)
    func logDensity(_ y: Double, _ mu: Double, weight w: Double) -> Double {
        switch self {
        case .binomial, .betaBinomial:
            let m = w.rounded()
            guard m > 0 else { return 0 }
            let k = (m * y).rounded()
            let lchoose = lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1)
            let a = k > 0 ? k * log(mu) : 0
            let b = m - k > 0 ? (m - k) * log1p(-mu) : 0
            return lchoose + a + b
        case .poisson, .negativeBinomial:
            let lp = (y > 0 ? y * log(mu) : 0) - mu - lgamma(y + 1)
            return w * lp
        }
    }
}

/// The link g(μ) = η between the mean and the linear predictor.
public enum Link: String, Sendable, CaseIterable, Codable {
    case logit, probit, cloglog, log, identity

    /// μ = g⁻¹(η), kept inside the open unit interval for binomial links as R's `family`
    /// objects do (thresholds at machine epsilon).
    @inline(__always)
    func inverse(_ eta: Double) -> Double {
        switch self {
        case .logit:
            let e = Foundation.exp(-Swift.abs(eta))
            let mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
            return Swift.min(Swift.max(mu, Double.ulpOfOne), 1 - Double.ulpOfOne)
        case .probit:
            let t = -Self.probitThreshold
            let x = Swift.min(Swift.max(eta, t), -t)
            return 0.5 * erfc(-x / 2.0.squareRoot())
        case .cloglog:
            let mu = -Foundation.expm1(-Foundation.exp(eta))
            return Swift.min(Swift.max(mu, Double.ulpOfOne), 1 - Double.ulpOfOne)
        case .log:
            return Swift.max(Foundation.exp(eta), Double.ulpOfOne)
        case .identity:
            return eta
        }
    }

    /// dμ/dη.
    @inline(__always)
    func derivative(_ eta: Double) -> Double {
        switch self {
        case .logit:
            let e = Foundation.exp(-Swift.abs(eta))
            return Swift.max(e / ((1 + e) * (1 + e)), Double.ulpOfOne)
        case .probit:
            return Swift.max(Foundation.exp(-0.5 * eta * eta) / (2 * Double.pi).squareRoot(), Double.ulpOfOne)
        case .cloglog:
            let e = Swift.min(eta, 700)
            return Swift.max(Foundation.exp(e) * Foundation.exp(-Foundation.exp(e)), Double.ulpOfOne)
        case .log:
            return Swift.max(Foundation.exp(eta), Double.ulpOfOne)
        case .identity:
            return 1
        }
    }

    /// g(μ), used for starting values.
    func apply(_ mu: Double) -> Double {
        switch self {
        case .logit: return Foundation.log(mu / (1 - mu))
        case .probit: return Distributions.normalQuantile(mu)
        case .cloglog: return Foundation.log(-Foundation.log1p(-mu))
        case .log: return Foundation.log(mu)
        case .identity: return mu
        }
    }

    /// |η| beyond which the probit inverse is 0 or 1 in double precision (R: −qnorm(ε)).
    static let probitThreshold = 8.125890664701906

    /// The links that make sense for a distribution.
    static func allowed(for d: Distribution) -> [Link] {
        switch d {
        case .binomial: return [.logit, .probit, .cloglog, .log]
        case .poisson: return [.log, .identity]
        case .negativeBinomial: return [.log]
        case .betaBinomial: return [.logit]
        }
    }
}
