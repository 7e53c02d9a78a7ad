import Foundation
import ProbabilityDistributions

/// An interval for a school's percentage, showing how much a small cohort's figure could move
/// by chance alone: the Wilson score interval for a binomial proportion (Wilson, E. B. 1927,
/// "Probable inference, the law of succession, and statistical inference", *Journal of the
/// American Statistical Association* 22, 209–212), recommended over the simple Wald interval
/// for small samples and proportions near 0 or 1 (Brown, Cai & DasGupta 2001, *Statistical
/// Science* 16, 101–133).
///
/// With x of n pupils meeting the measure, p̂ = x / n and z the normal quantile for the level:
/// centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
/// Bounds are in percent.
public struct PercentageInterval: Sendable, Hashable, Codable {
    /// Lower bound, in percent.
    public let lower: Double
    /// Upper bound, in percent.
    public let upper: Double
    /// Confidence level (e.g. 0.95).
    public let level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// The Wilson score interval for `successes` of `trials` (either may be fractional when
    /// derived from a published percentage); nil when `trials` is not positive, the counts are
    /// inconsistent or the level lies outside (0, 1).
    public static func wilson(successes: Double, trials: Double, level: Double = 0.95) -> PercentageInterval? {
        guard trials > 0, trials.isFinite, successes >= 0, successes <= trials, level > 0, level < 1 else { return nil }
        let z = Distributions.normalQuantile(1 - (1 - level) / 2)
        let p = successes / trials
        let z2n = z * z / trials
        let centre = (p + z2n / 2) / (1 + z2n)
        let half = z / (1 + z2n) * (p * (1 - p) / trials + z * z / (4 * trials * trials)).squareRoot()
        return PercentageInterval(lower: 100 * max(0, centre - half), upper: 100 * min(1, centre + half), level: level)
    }
}
