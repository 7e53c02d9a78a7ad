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
    /// Seconds by stage (read, frame, optimise, inference), when measured.
    var timing: FitTiming?

    static func groups(of terms: [RandomEffectsMatrix]) -> [(String, Int)] {
        var out: [(String, Int)] = []
        for t in terms where !out.contains(where: { $0.0 == t.groupingName }) { out.append((t.groupingName, t.levelCount)) }
        return out
    }

    /// The fields every fitted model reports; the initialisers below add what is particular
    /// to linear or generalised models.
    private init(_ m: some FittedMixedModel, diagnostics d: ConvergenceDiagnostics, title: String,
                 family: String, link: String, fitSeconds: Double, messages: [String]) {
        self.title = title
        formula = m.formula
        self.family = family
        self.link = link
        quadraturePoints = nil
        reml = false
        observationCount = m.observationCount
        groups = Self.groups(of: m.terms)
        tests = m.coefficientTests()
        ratios = []
        varianceComponents = m.varianceComponents
        sigma = nil
        theta = m.theta
        logLikelihood = m.logLikelihood
        criterion = ("deviance", -2 * m.logLikelihood)
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
        self.messages = messages + d.messages
        self.fitSeconds = fitSeconds
    }

    init(_ m: LinearMixedModel, fitSeconds: Double, messages: [String]) {
        self.init(m, diagnostics: m.convergenceDiagnostics(),
                  title: "Linear mixed model fit by \(m.reml ? "REML" : "maximum likelihood")\n t-tests use Satterthwaite's method",
                  family: "gaussian", link: "identity", fitSeconds: fitSeconds, messages: messages)
        reml = m.reml
        sigma = m.sigma
        criterion = (m.reml ? "REMLcrit" : "deviance", m.objective)
        intraclassCorrelations = m.intraclassCorrelations.map { ($0.group, $0.icc) }
    }

    init(_ m: GeneralizedLinearMixedModel, fitSeconds: Double, messages: [String]) {
        let method = m.quadraturePoints > 1 ? "Adaptive Gauss-Hermite Quadrature (nAGQ = \(m.quadraturePoints))"
            : m.quadraturePoints == 0 ? "Laplace Approximation, nAGQ = 0: θ optimised alone, β from PIRLS"
            : "Laplace Approximation"
        self.init(m, diagnostics: m.convergenceDiagnostics(),
                  title: "Generalized linear mixed model fit by maximum likelihood (\(method))\n Family: \(m.distribution.rawValue)  ( \(m.link.rawValue) )",
                  family: m.distribution.rawValue, link: m.link.rawValue, fitSeconds: fitSeconds,
                  messages: messages + m.warnings)
        quadraturePoints = m.quadraturePoints
        ratios = m.ratioEstimates()
        criterion = ("deviance", m.deviance)
    }
}
