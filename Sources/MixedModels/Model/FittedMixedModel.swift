/// What every fitted mixed model answers, linear or generalised, so that callers that only
/// report results (tables, summaries) can take either.
public protocol FittedMixedModel: Sendable {
    var formula: String { get }
    var observationCount: Int { get }
    /// Rows of the data dropped for missing values.
    var rowsDropped: Int { get }
    /// Fixed-effects columns dropped as linear combinations of earlier ones.
    var droppedFixedEffects: [String] { get }
    var fixedEffectNames: [String] { get }
    /// β̂, the fixed-effects estimates, one per name in `fixedEffectNames`.
    var fixedEffects: [Double] { get }
    /// Standard errors of β̂.
    var standardErrors: [Double] { get }
    /// Var(β̂), lme4's `vcov()`: row i, column j the covariance of coefficients i and j in
    /// `fixedEffectNames` order.
    var vcov: [[Double]] { get }
    var terms: [RandomEffectsMatrix] { get }
    var theta: [Double] { get }
    var varianceComponents: [VarianceComponent] { get }
    var optimization: OptimizationSummary? { get }
    var isSingular: Bool { get }
    var logLikelihood: Double { get }
    var aic: Double { get }
    var bic: Double { get }
    /// Number of estimated parameters (β, θ and, for linear models, σ).
    var parameterCount: Int { get }
    /// t tests (linear, Satterthwaite df) or z tests (generalised) of the coefficients.
    func coefficientTests() -> [CoefficientTest]
}

extension LinearMixedModel: FittedMixedModel {
    public var vcov: [[Double]] { fixedEffectsCovariance.rowArrays }
}
extension GeneralizedLinearMixedModel: FittedMixedModel {
    public var vcov: [[Double]] { fixedEffectsCovariance.rowArrays }
}

extension Matrix {
    /// The rows as arrays (for the public API, which does not expose `Matrix`).
    var rowArrays: [[Double]] { (0..<rows).map { i in (0..<columns).map { j in self[i, j] } } }
}

extension FittedMixedModel {
    /// One warning per random-effects term whose covariance matrix has more parameters,
    /// q(q + 1)/2, than the term has groups: the groups' effects cannot identify such a
    /// matrix, the estimate is singular at best and the optimisation over θ is slow. Known
    /// before the fit, so that a caller can say so before starting it.
    public var identifiabilityWarnings: [String] {
        terms.compactMap { t in
            guard t.q > 1, t.thetaCount > t.levelCount else { return nil }
            return "random-effects term (\(t.columnNames.joined(separator: " + ")) | \(t.groupingName)) has \(t.q) effects per level, a covariance matrix of \(t.thetaCount) parameters, but only \(t.levelCount) levels of '\(t.groupingName)' to estimate it from; expect a singular fit and a long optimisation (uncorrelated effects with '||' need \(t.q) parameters)"
        }
    }
}
