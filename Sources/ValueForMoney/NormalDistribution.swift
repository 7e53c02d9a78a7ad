import Foundation
import ProbabilityDistributions

/// The standard normal distribution, used for the probability that the true effect exceeds
/// the break-even effect (normal approximation to the sampling distribution of the estimate).
public enum StandardNormal {
    /// Φ(x) = ½·erfc(−x/√2), accurate in both tails.
    public static func cdf(_ x: Double) -> Double { Distributions.normalCDF(x) }

    /// φ(x) = exp(−x²/2)/√(2π).
    public static func density(_ x: Double) -> Double {
        exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
    }

    /// Φ⁻¹(p): −∞ for p = 0, +∞ for p = 1 and NaN outside [0, 1]; callers validate the
    /// probability first.
    public static func quantile(_ p: Double) -> Double {
        guard p.isFinite, p >= 0, p <= 1 else { return .nan }
        return Distributions.normalQuantile(p)
    }
}
