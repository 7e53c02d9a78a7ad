/// What a fitted model reports, gathered from a linear or a generalised mixed model into one
/// shape so that both print the same way: the quantities of lme4's `summary()` (with
/// lmerTest's Satterthwaite tests for linear models), the convergence checks and the timing.
/// `description` lays it out as lme4 prints it; the command line's JSON encodes the fields.
public struct ModelSummary: Sendable {
    public var title: String
    public var formula: String
    public var family: String
    public var link: String
    public var quadraturePoints: Int?
    public var reml: Bool
    public var observationCount: Int
    public var groups: [(String, Int)]
    public var tests: [CoefficientTest]
    public var ratios: [RatioEstimate]
    public var varianceComponents: [VarianceComponent]
    public var sigma: Double?
    /// φ̂ of a negative binomial or beta-binomial GLMM (glmmTMB's `sigma()`), with its SE and
    /// interval; nil for other models.
    public var dispersion: DispersionEstimate?
    public var theta: [Double]
    public var logLikelihood: Double
    /// ("REMLcrit" or "deviance", value).
    public var criterion: (String, Double)
    public var aic: Double
    public var bic: Double
    public var residualDegreesOfFreedom: Int
    public var converged: Bool
    public var singular: Bool
    public var rowsDropped: Int
    public var droppedCoefficients: [String]
    public var intraclassCorrelations: [(String, Double)]
    public var evaluations: Int
    public var optimizerMessage: String
    public var optimizerSeconds: Double
    public var gradient: [Double]
    public var scaledGradientMaximum: Double
    public var messages: [String]
    public var fitSeconds: Double
    /// Seconds by stage (read, frame, optimise, inference), when measured.
    public var timing: FitTiming?

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
        dispersion = nil
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

    /// `fitSeconds` is the time the caller reports (e.g. reading and fitting); `messages` are
    /// notes placed before the model's own (rows dropped, coefficients aliased).
    public init(_ m: LinearMixedModel, fitSeconds: Double, messages: [String]) {
        self.init(m, diagnostics: m.convergenceDiagnostics(),
                  title: "Linear mixed model fit by \(m.reml ? "REML" : "maximum likelihood")\n t-tests use Satterthwaite's method",
                  family: "gaussian", link: "identity", fitSeconds: fitSeconds, messages: messages)
        reml = m.reml
        sigma = m.sigma
        criterion = (m.reml ? "REMLcrit" : "deviance", m.objective)
        intraclassCorrelations = m.intraclassCorrelations.map { ($0.group, $0.icc) }
    }

    public init(_ m: GeneralizedLinearMixedModel, fitSeconds: Double, messages: [String]) {
        let method = m.quadraturePoints > 1 ? "Adaptive Gauss-Hermite Quadrature (nAGQ = \(m.quadraturePoints))"
            : m.quadraturePoints == 0 ? "Laplace Approximation, nAGQ = 0: θ optimised alone, β from PIRLS"
            : "Laplace Approximation"
        let criterionName = m.reml ? "REML (β integrated out with the random effects)" : "maximum likelihood"
        self.init(m, diagnostics: m.convergenceDiagnostics(),
                  title: "Generalized linear mixed model fit by \(criterionName) (\(method))\n Family: \(m.distribution.rawValue)  ( \(m.link.rawValue) )",
                  family: m.distribution.rawValue, link: m.link.rawValue, fitSeconds: fitSeconds,
                  messages: messages + m.warnings)
        quadraturePoints = m.quadraturePoints
        ratios = m.ratioEstimates()
        reml = m.reml
        criterion = m.reml ? ("REMLcrit", m.objective) : ("deviance", m.deviance)
        dispersion = m.dispersionEstimate()
    }
}

/// `print(model)` shows lme4's `summary(model)`: the criterion, the random effects, the fixed
/// effects with their tests, and the convergence messages. It computes the standard errors,
/// Satterthwaite degrees of freedom and convergence checks each time it is called.
extension LinearMixedModel: CustomStringConvertible {
    public var description: String {
        ModelSummary(self, fitSeconds: optimization?.seconds ?? 0, messages: []).description
    }
}

extension GeneralizedLinearMixedModel: CustomStringConvertible {
    public var description: String {
        ModelSummary(self, fitSeconds: optimization?.seconds ?? 0, messages: []).description
    }
}
