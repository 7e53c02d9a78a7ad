import ProbabilityDistributions
/// A likelihood-ratio comparison of two nested models fitted by maximum likelihood (lme4's
/// `anova(m0, m1)`): χ² = deviance₀ − deviance₁ on the difference in parameter counts.
public struct LikelihoodRatioTest: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var formula: String
        public var parameters: Int
        public var aic: Double
        public var bic: Double
        public var logLikelihood: Double
        public var deviance: Double
    }
    public var smaller: Row
    public var larger: Row
    public var chiSquared: Double
    public var degreesOfFreedom: Int
    public var pValue: Double

    /// Compares two models. REML fits are refitted by ML first, as lme4 does, because REML
    /// criteria of models with different fixed effects are not comparable.
    public static func compare(_ a: LinearMixedModel, _ b: LinearMixedModel) throws(MixedModelError) -> LikelihoodRatioTest {
        guard a.observationCount == b.observationCount else {
            throw .notComparable("the models use \(a.observationCount) and \(b.observationCount) observations")
        }
        var m0 = a, m1 = b
        if m0.parameterCount > m1.parameterCount { swap(&m0, &m1) }
        guard m0.parameterCount < m1.parameterCount else {
            throw .notComparable("both models have \(m0.parameterCount) parameters")
        }
        if m0.reml { m0.reml = false; try m0.fit() }
        if m1.reml { m1.reml = false; try m1.fit() }
        func row(_ m: LinearMixedModel) -> Row {
            Row(formula: m.formula, parameters: m.parameterCount, aic: m.aic, bic: m.bic,
                logLikelihood: m.logLikelihood, deviance: m.objective)
        }
        let chi = max(m0.objective - m1.objective, 0)
        let df = m1.parameterCount - m0.parameterCount
        return LikelihoodRatioTest(smaller: row(m0), larger: row(m1), chiSquared: chi, degreesOfFreedom: df,
                                   pValue: Distributions.chiSquaredUpperTail(chi, degreesOfFreedom: Double(df)))
    }
}
