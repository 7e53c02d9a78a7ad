import ProbabilityDistributions

/// A school-level difference-in-differences: the mean change (baseline year to comparison
/// year, in points) of the supported schools minus the mean change of the comparison schools,
/// each school counting once (an unweighted mean of school changes).
///
/// Its standard error is Welch's, √(s²_T/n_T + s²_C/n_C), with Welch–Satterthwaite degrees of
/// freedom for the interval. It estimates the supported schools' extra change only under the
/// parallel-trends assumption (that without support they would have changed as the comparison
/// schools did); like the multilevel estimates it is an association, not a causal effect.
/// Supported schools are left out of the comparison schools. Regression to the mean inflates
/// it when schools were chosen for support because their baseline was low.
public struct DifferenceInDifferences: Sendable, Hashable, Codable {
    public var supportedSchools: Int
    public var comparisonSchools: Int
    /// Mean change of the supported schools.
    public var supportedChange: Double
    /// Mean change of the comparison schools.
    public var comparisonChange: Double
    /// Standard error; nil with fewer than two schools on either side.
    public var standardError: Double?
    public var degreesOfFreedom: Double?
    public var interval: ClosedRange<Double>?
    public var level: Double

    /// The label of the weighting, for captions.
    public static let label = "unweighted mean of school changes"

    /// The estimate: supported change minus comparison change.
    public var estimate: Double { supportedChange - comparisonChange }

    /// From the school-level changes of both groups; nil when either group is empty.
    public init?(supported: [Double], comparison: [Double], level: Double) {
        let t = supported.filter(\.isFinite), c = comparison.filter(\.isFinite)
        guard !t.isEmpty, !c.isEmpty else { return nil }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func variance(_ x: [Double]) -> Double {
            let m = mean(x)
            return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
        }
        supportedSchools = t.count
        comparisonSchools = c.count
        supportedChange = mean(t)
        comparisonChange = mean(c)
        self.level = level
        let estimate = mean(t) - mean(c)
        if t.count >= 2, c.count >= 2 {
            let a = variance(t) / Double(t.count), b = variance(c) / Double(c.count)
            let se = (a + b).squareRoot()
            standardError = se
            if se > 0 {
                let df = (a + b) * (a + b) / (a * a / Double(t.count - 1) + b * b / Double(c.count - 1))
                degreesOfFreedom = df
                let q = Distributions.studentTQuantile(1 - (1 - level) / 2, degreesOfFreedom: df)
                interval = (estimate - q * se)...(estimate + q * se)
            } else {
                degreesOfFreedom = nil
                interval = estimate...estimate
            }
        } else {
            standardError = nil
            degreesOfFreedom = nil
            interval = nil
        }
    }
}
