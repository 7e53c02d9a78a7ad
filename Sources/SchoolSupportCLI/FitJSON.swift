import MixedModels
import Reports

/// The `fit --json` document: lme4's quantities under the names of lme4's accessors and of the
/// reference files (`fixef`, `varcorr` as `as.data.frame(VarCorr(m))`, `logLik`, `REMLcrit`),
/// written through the one JSON path (``JSONOutput``: keys sorted, non-finite numbers as null).
/// Fields that do not apply to a model (a GLMM's `df`, a linear model's `nAGQ`) are written as
/// null or left out as noted on each field, the same way for every fit.
struct FitJSON: Encodable {
    /// One row of the coefficient table; the statistic is `t` for linear models and `z` for
    /// generalised ones, and `df` is null for the latter (their reference distribution is normal).
    struct Coefficient: Encodable {
        var test: CoefficientTest
        var isLinear: Bool

        enum Key: String, CodingKey { case name, estimate, se, df, t, z, p }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(test.name, forKey: .name)
            try c.encode(test.estimate, forKey: .estimate)
            try c.encode(test.standardError, forKey: .se)
            try c.encode(isLinear ? test.degreesOfFreedom : nil, forKey: .df)
            try c.encode(test.tValue, forKey: isLinear ? .t : .z)
            try c.encode(test.pValue, forKey: .p)
        }
    }

    /// A variance-components row with `var1`/`var2` written as null when absent, as R's
    /// `as.data.frame(VarCorr(m))` has NA there.
    struct Component: Encodable {
        var row: VarianceComponent
        enum Key: String, CodingKey { case group, var1, var2, variance, sdcor }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(row.group, forKey: .group)
            try c.encode(row.var1, forKey: .var1)
            try c.encode(row.var2, forKey: .var2)
            try c.encode(row.variance, forKey: .variance)
            try c.encode(row.sdcor, forKey: .sdcor)
        }
    }

    /// φ̂ of the negative binomial and beta-binomial families, glmmTMB's `sigma()`, with the
    /// delta-method SE and the Wald interval on the log scale.
    struct Dispersion: Encodable {
        var estimate: Double
        var se: Double
        var lower: Double
        var upper: Double
        var level: Double
        var at_boundary: Bool
        var meaning: String

        init(_ d: DispersionEstimate, family: String) {
            estimate = d.estimate
            se = d.standardError
            lower = d.lower
            upper = d.upper
            level = d.level
            at_boundary = d.atBoundary
            meaning = family == "nbinom2" ? "Var(y) = mu + mu^2/phi" : "p ~ Beta(mu phi, (1 - mu) phi)"
        }
    }

    struct Optimizer: Encodable {
        var algorithm = "BOBYQA (NLopt)"
        var evaluations: Int
        var message: String
        var seconds: Double
    }

    /// Conditional modes of one grouping factor (`--ranef`).
    struct RandomEffects: Encodable {
        struct Level: Encodable {
            var level: String
            var modes: [Double]
            /// The q x q conditional covariance, column-major; absent when not computed.
            var condVar: [Double]?
        }
        var group: String
        var terms: [String]
        var levels: [Level]

        init(_ m: ConditionalModes) {
            group = m.groupingName
            terms = m.columnNames
            levels = m.levels.indices.map { i in
                Level(level: m.levels[i], modes: m.modes[i], condVar: m.conditionalCovariances?[i])
            }
        }
    }

    var summary: ModelSummary
    var randomEffects: [ConditionalModes]?

    enum Key: String, CodingKey {
        case formula, family, link, nAGQ, REML, nobs, ngroups, fixef, varcorr, sigma, dispersion, theta, logLik
        case REMLcrit, deviance, AIC, BIC, converged, singular, rows_dropped, dropped_coefficients
        case ratios, icc, optimizer, gradient, scaled_gradient_max, messages, fit_seconds, timing, ranef
    }

    func encode(to encoder: any Encoder) throws {
        let s = summary
        let isLinear = s.family == "gaussian"
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(s.formula, forKey: .formula)
        try c.encode(s.family, forKey: .family)
        try c.encode(s.link, forKey: .link)
        try c.encodeIfPresent(s.quadraturePoints, forKey: .nAGQ)
        try c.encode(s.reml, forKey: .REML)
        try c.encode(s.observationCount, forKey: .nobs)
        try c.encode(Dictionary(s.groups, uniquingKeysWith: { first, _ in first }), forKey: .ngroups)
        try c.encode(s.tests.map { Coefficient(test: $0, isLinear: isLinear) }, forKey: .fixef)
        try c.encode(s.varianceComponents.map(Component.init), forKey: .varcorr)
        // lme4's sigma() is 1 for families without a dispersion parameter; glmmTMB's is φ for
        // nbinom2 and betabinomial.
        try c.encode(s.sigma ?? s.dispersion?.estimate ?? 1, forKey: .sigma)
        if let d = s.dispersion { try c.encode(Dispersion(d, family: s.family), forKey: .dispersion) }
        try c.encode(s.theta, forKey: .theta)
        try c.encode(s.logLikelihood, forKey: .logLik)
        try c.encode(s.criterion.1, forKey: s.criterion.0 == "REMLcrit" ? .REMLcrit : .deviance)
        try c.encode(s.aic, forKey: .AIC)
        try c.encode(s.bic, forKey: .BIC)
        try c.encode(s.converged, forKey: .converged)
        try c.encode(s.singular, forKey: .singular)
        try c.encode(s.rowsDropped, forKey: .rows_dropped)
        try c.encode(s.droppedCoefficients, forKey: .dropped_coefficients)
        if !s.ratios.isEmpty { try c.encode(s.ratios, forKey: .ratios) }
        if !s.intraclassCorrelations.isEmpty {
            try c.encode(Dictionary(s.intraclassCorrelations, uniquingKeysWith: { first, _ in first }), forKey: .icc)
        }
        try c.encode(Optimizer(evaluations: s.evaluations, message: s.optimizerMessage, seconds: s.optimizerSeconds),
                     forKey: .optimizer)
        try c.encode(s.gradient, forKey: .gradient)
        try c.encode(s.scaledGradientMaximum, forKey: .scaled_gradient_max)
        try c.encode(s.messages, forKey: .messages)
        try c.encode(s.fitSeconds, forKey: .fit_seconds)
        try c.encodeIfPresent(s.timing, forKey: .timing)
        if let randomEffects { try c.encode(randomEffects.map(RandomEffects.init), forKey: .ranef) }
    }
}

/// The `compare --json` document: lme4's `anova(m0, m1)` table.
struct CompareJSON: Encodable {
    /// One row of the table, under R's column names.
    struct Model: Encodable {
        var formula: String
        var npar: Int
        var AIC: Double
        var BIC: Double
        var logLik: Double
        var deviance: Double

        init(_ r: LikelihoodRatioTest.Row) {
            formula = r.formula
            npar = r.parameters
            AIC = r.aic
            BIC = r.bic
            logLik = r.logLikelihood
            deviance = r.deviance
        }
    }
    var models: [Model]
    var chisq: Double
    var df: Int
    var p: Double
    var warnings: [String]?

    init(_ test: LikelihoodRatioTest, warnings: [String]) {
        models = [Model(test.smaller), Model(test.larger)]
        chisq = test.chiSquared
        df = test.degreesOfFreedom
        p = test.pValue
        self.warnings = warnings.isEmpty ? nil : warnings
    }
}
