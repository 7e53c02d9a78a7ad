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

extension LinearMixedModel: FittedMixedModel {}
extension GeneralizedLinearMixedModel: FittedMixedModel {}
