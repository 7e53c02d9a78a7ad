import Foundation

/// A prediction on the response scale for one covariate pattern.
public struct ResponsePrediction: Sendable, Equatable, Codable {
    /// Linear predictor x'β (+ offset) with every random effect at zero.
    public var linearPredictor: Double
    /// g⁻¹(x'β): the conditional mean for a group whose random effects are zero (a
    /// "typical" school).
    public var conditional: Double
    /// E[g⁻¹(x'β + b)] over the random intercepts' distribution, b ~ N(0, Σ σ²_g): the
    /// population-averaged (marginal) mean, by 25-point Gauss–Hermite quadrature.
    public var marginal: Double
    /// 95% Wald interval for the conditional mean, g⁻¹(x'β ± 1.96 SE).
    public var conditionalLower: Double
    public var conditionalUpper: Double
}

extension GeneralizedLinearMixedModel {
    /// Predicts the mean response for covariate values given by coefficient name (e.g.
    /// `["ks2_aps": 27, "fsm": 1, "supportreceiving": 1]`); the intercept is included when
    /// the model has one and unnamed coefficients are zero. Names that are not coefficients
    /// are an error.
    public func predict(_ values: [String: Double], offset: Double = 0) throws(MixedModelError) -> ResponsePrediction {
        for name in values.keys where !fixedEffectNames.contains(name) {
            throw .invalidArgument("'\(name)' is not a coefficient of the model (coefficients: \(fixedEffectNames.joined(separator: ", ")))")
        }
        var x = fixedEffectNames.map { values[$0] ?? 0 }
        if let i = fixedEffectNames.firstIndex(of: "(Intercept)"), values["(Intercept)"] == nil { x[i] = 1 }
        for (name, v) in values where !v.isFinite { throw .invalidArgument("value of '\(name)' is not finite") }
        var eta = offset
        for (a, b) in zip(x, fixedEffects) { eta += a * b }
        let cov = fixedEffectsCovariance
        var variance = 0.0
        for i in x.indices { for j in x.indices { variance += x[i] * cov[i, j] * x[j] } }
        let se = max(variance, 0).squareRoot()
        let interceptVariance = varianceComponents.filter { $0.var1 == "(Intercept)" && $0.var2 == nil }
            .reduce(0) { $0 + $1.variance }
        var marginal = link.inverse(eta)
        if interceptVariance > 0 {
            let rule = marginalRule
            let sd = interceptVariance.squareRoot()
            marginal = zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * link.inverse(eta + sd * $1.0) }
        }
        return ResponsePrediction(linearPredictor: eta, conditional: link.inverse(eta), marginal: marginal,
                                  conditionalLower: link.inverse(eta - 1.959963984540054 * se),
                                  conditionalUpper: link.inverse(eta + 1.959963984540054 * se))
    }
}
