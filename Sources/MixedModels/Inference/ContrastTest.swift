import ProbabilityDistributions

/// Tests of one linear combination c'β of the fixed effects, named by coefficient (lmerTest's
/// `contest1D` for linear models, with Satterthwaite degrees of freedom; a Wald z test for
/// generalised ones): for example the effect of support for pupils eligible for free school
/// meals, `supportreceiving + supportreceiving:fsm`.
extension FittedMixedModel {
    /// The contrast vector for `weights` (coefficient name → weight; unnamed coefficients 0).
    /// A name that is not a coefficient (or was dropped as aliased) is an error naming it.
    func contrastVector(_ weights: [String: Double]) throws(MixedModelError) -> [Double] {
        for (name, w) in weights.sorted(by: { $0.key < $1.key }) {
            guard fixedEffectNames.contains(name) else {
                let dropped = droppedFixedEffects.contains(name) ? " (it was dropped as a linear combination of other columns)" : ""
                throw .invalidArgument("'\(name)' is not a coefficient of the model\(dropped); coefficients: \(fixedEffectNames.joined(separator: ", "))")
            }
            guard w.isFinite else { throw .invalidArgument("the weight of '\(name)' is not finite") }
        }
        return fixedEffectNames.map { weights[$0] ?? 0 }
    }

    static func quadraticForm(_ c: [Double], _ m: Matrix) -> Double {
        var s = 0.0
        for j in c.indices where c[j] != 0 { for i in c.indices where c[i] != 0 { s += c[i] * m[i, j] * c[j] } }
        return s
    }
}

extension LinearMixedModel {
    /// c'β with its standard error, Satterthwaite degrees of freedom, t and p.
    public func contrastTest(_ weights: [String: Double], name: String) throws(MixedModelError) -> CoefficientTest {
        let c = try contrastVector(weights)
        let beta = fixedEffects
        let estimate = zip(c, beta).reduce(0) { $0 + $1.0 * $1.1 }
        let se = Self.quadraticForm(c, fixedEffectsCovariance).squareRoot()
        let df = try satterthwaiteDegreesOfFreedom(contrast: c)
        let t = estimate / se
        return CoefficientTest(name: name, estimate: estimate, standardError: se, degreesOfFreedom: df, tValue: t,
                               pValue: Distributions.studentTTwoSidedP(t, degreesOfFreedom: df))
    }
}

extension GeneralizedLinearMixedModel {
    /// c'β with its standard error and a Wald z test (infinite degrees of freedom).
    public func contrastTest(_ weights: [String: Double], name: String) throws(MixedModelError) -> CoefficientTest {
        let c = try contrastVector(weights)
        let estimate = zip(c, fixedEffects).reduce(0) { $0 + $1.0 * $1.1 }
        let se = Self.quadraticForm(c, fixedEffectsCovariance).squareRoot()
        let z = estimate / se
        return CoefficientTest(name: name, estimate: estimate, standardError: se, degreesOfFreedom: .infinity, tValue: z,
                               pValue: Distributions.studentTTwoSidedP(z, degreesOfFreedom: .infinity))
    }
}
