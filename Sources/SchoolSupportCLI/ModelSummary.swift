import MixedModels

/// What the `fit` command reports about a fitted model, gathered from a linear or a
/// generalised mixed model into one shape so that both print the same way.
struct ModelSummary {
    var title: String
    var formula: String
    var family: String
    var link: String
    var quadraturePoints: Int?
    var reml: Bool
    var observationCount: Int
    var groups: [(String, Int)]
    var tests: [CoefficientTest]
    var ratios: [RatioEstimate]
    var varianceComponents: [VarianceComponent]
    var sigma: Double?
    var theta: [Double]
    var logLikelihood: Double
    /// ("REMLcrit" or "deviance", value).
    var criterion: (String, Double)
    var aic: Double
    var bic: Double
    var residualDegreesOfFreedom: Int
    var converged: Bool
    var singular: Bool
    var rowsDropped: Int
    var droppedCoefficients: [String]
    var intraclassCorrelations: [(String, Double)]
    var evaluations: Int
    var optimizerMessage: String
    var optimizerSeconds: Double
    var gradient: [Double]
    var scaledGradientMaximum: Double
    var messages: [String]
    var fitSeconds: Double

    static func groups(of terms: [RandomEffectsMatrix]) -> [(String, Int)] {
        var out: [(String, Int)] = []
        for t in terms where !out.contains(where: { $0.0 == t.groupingName }) { out.append((t.groupingName, t.levelCount)) }
        return out
    }

    init(_ m: LinearMixedModel, fitSeconds: Double, messages: [String]) {
        let d = m.convergenceDiagnostics()
        title = "Linear mixed model fit by \(m.reml ? "REML" : "maximum likelihood")\n t-tests use Satterthwaite's method"
        formula = m.formula
        family = "gaussian"
        link = "identity"
        quadraturePoints = nil
        reml = m.reml
        observationCount = m.observationCount
        groups = Self.groups(of: m.terms)
        tests = m.coefficientTests()
        ratios = []
        varianceComponents = m.varianceComponents
        sigma = m.sigma
        theta = m.theta
        logLikelihood = m.logLikelihood
        criterion = (m.reml ? "REMLcrit" : "deviance", m.objective)
        aic = m.aic
        bic = m.bic
        residualDegreesOfFreedom = m.observationCount - m.parameterCount
        converged = d.converged
        singular = m.isSingular
        rowsDropped = m.rowsDropped
        droppedCoefficients = m.droppedFixedEffects
        intraclassCorrelations = m.intraclassCorrelations.map { ($0.group, $0.icc) }
        evaluations = m.optimization?.evaluations ?? 0
        optimizerMessage = m.optimization?.message ?? ""
        optimizerSeconds = m.optimization?.seconds ?? 0
        gradient = d.gradient
        scaledGradientMaximum = d.scaledGradientMaximum
        self.messages = messages + d.messages
        self.fitSeconds = fitSeconds
    }

    init(_ m: GeneralizedLinearMixedModel, fitSeconds: Double, messages: [String]) {
        let d = m.convergenceDiagnostics()
        let method = m.quadraturePoints > 1 ? "Adaptive Gauss-Hermite Quadrature (nAGQ = \(m.quadraturePoints))"
            : m.quadraturePoints == 0 ? "Laplace Approximation, nAGQ = 0: θ optimised alone, β from PIRLS"
            : "Laplace Approximation"
        title = "Generalized linear mixed model fit by maximum likelihood (\(method))\n Family: \(m.distribution.rawValue)  ( \(m.link.rawValue) )"
        formula = m.formula
        family = m.distribution.rawValue
        link = m.link.rawValue
        quadraturePoints = m.quadraturePoints
        reml = false
        observationCount = m.observationCount
        groups = Self.groups(of: m.terms)
        tests = m.coefficientTests()
        ratios = m.ratioEstimates()
        varianceComponents = m.varianceComponents
        sigma = nil
        theta = m.theta
        logLikelihood = m.logLikelihood
        criterion = ("deviance", m.deviance)
        aic = m.aic
        bic = m.bic
        residualDegreesOfFreedom = m.observationCount - m.parameterCount
        converged = d.converged
        singular = m.isSingular
        rowsDropped = m.rowsDropped
        droppedCoefficients = m.droppedFixedEffects
        intraclassCorrelations = []
        evaluations = m.optimization?.evaluations ?? 0
        optimizerMessage = m.optimization?.message ?? ""
        optimizerSeconds = m.optimization?.seconds ?? 0
        gradient = d.gradient
        scaledGradientMaximum = d.scaledGradientMaximum
        self.messages = messages + m.warnings + d.messages
        self.fitSeconds = fitSeconds
    }
}
