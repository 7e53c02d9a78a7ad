import Education
import Foundation

/// The rows of a `CoverageStudy` as a Markdown table: per category, the true effect, the mean
/// estimate with its Monte Carlo SE, the mean model SE against the SD of the estimates, and
/// the coverage of the 95% intervals with its Monte Carlo SE and whether it lies in the
/// 93.6%–96.4% band, and how many Monte Carlo SEs the mean lies from the truth.
public enum CoverageStudyMarkdown {
    public static func table(_ rows: [CoverageStudy.Row]) -> String {
        func f(_ x: Double, _ d: Int) -> String { String(format: "%.\(d)f", x) }
        var md = "| term | true effect | replications | mean estimate (MC SE) | mean SE | SD of estimates | coverage of 95% CI (MC SE) | in 93.6%–96.4% | (mean − truth) / MC SE |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|---|---:|\n"
        for r in rows {
            md += "| `\(r.term)` | \(f(r.truth, 3)) | \(r.replications) | \(f(r.meanEstimate, 3)) (\(f(r.monteCarloSE, 3))) | "
            md += "\(f(r.meanStandardError, 3)) | \(f(r.empiricalSD, 3)) | \(f(100 * r.coverage, 1))% (\(f(100 * r.coverageMonteCarloSE, 1))) | "
            md += r.coverageInBand ? "yes | " : "no | "
            md += r.monteCarloSE > 0 ? "\(f((r.meanEstimate - r.truth) / r.monteCarloSE, 2)) |\n" : "– |\n"
        }
        return md
    }
}

extension CoverageStudyMarkdown {
    /// The rows of a `RegressionToMeanStudy`: per true effect and estimator, the mean estimate
    /// with its Monte Carlo SE, the SD of the estimates, the bias and whether the mean lies
    /// within two Monte Carlo SEs of the truth.
    public static func regressionToMeanTable(_ rows: [RegressionToMeanStudy.Row]) -> String {
        func f(_ x: Double, _ d: Int) -> String { String(format: "%.\(d)f", x) }
        var md = "| true effect | estimator | replications | mean supported schools | mean estimate (MC SE) | SD of estimates | bias | (mean − truth) / MC SE | within 2 MC SEs |\n"
        md += "|---:|---|---:|---:|---:|---:|---:|---:|---|\n"
        for r in rows {
            md += "| \(f(r.truth, 2)) | \(r.estimator) | \(r.replications) | \(f(r.meanSchools, 1)) | \(f(r.meanEstimate, 3)) (\(f(r.monteCarloSE, 3))) | "
            md += "\(f(r.empiricalSD, 3)) | \(f(r.bias, 3)) | "
            md += r.monteCarloSE > 0 ? "\(f(r.bias / r.monteCarloSE, 1)) | " : "– | "
            md += r.withinTwoMonteCarloSE ? "yes |\n" : "no |\n"
        }
        return md
    }
}
