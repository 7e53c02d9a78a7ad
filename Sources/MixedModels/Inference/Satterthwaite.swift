import Foundation
import ProbabilityDistributions

/// A t test of one fixed-effects coefficient.
public struct CoefficientTest: Sendable, Equatable, Codable {
    public var name: String
    public var estimate: Double
    public var standardError: Double
    /// Denominator degrees of freedom (Satterthwaite).
    public var degreesOfFreedom: Double
    public var tValue: Double
    /// Two-sided p-value from Student's t with `degreesOfFreedom`.
    public var pValue: Double
}

/// Satterthwaite's approximation to the denominator degrees of freedom of a t statistic for a
/// contrast c'β (Satterthwaite 1946; for mixed models Kuznetsova, Brockhoff & Christensen 2017,
/// "lmerTest package", J. Stat. Softw. 82(13), section 3.1 and eq. 3):
///
///     ν = 2 (cᵀCc)² / (gᵀ A g),
///
/// where C = Var(β̂)(ψ) as a function of the variance parameters ψ = (θ, σ), g = ∂(cᵀCc)/∂ψ,
/// and A = 2 H⁻¹ is the asymptotic covariance of ψ̂ from the Hessian H of the deviance
/// −2ℓ(ψ) (REML or ML, β profiled out but σ kept explicit). Derivatives in θ are taken
/// numerically with Richardson extrapolation, as lmerTest does with numDeriv; those in σ are
/// analytic.
extension LinearMixedModel {
    /// The pieces shared by every contrast: A = 2H⁻¹ and the Jacobian of Var(β̂) (one p x p
    /// matrix per variance parameter).
    struct SatterthwaiteBasis {
        var covariance: Matrix
        var varianceParameterCovariance: Matrix
        var jacobian: [Matrix]
    }

    /// The derivatives are taken in ψ̃ = (sθ, σ/σ̂), not (θ, σ): θ is relative to σ, sθ (with
    /// `thetaScales`) removes the units of a random-slope covariate, and σ/σ̂ makes the last
    /// coordinate unit-free too, so the steps, the Hessian's eigenvalue
    /// cut-off and hence ν do not depend on the units of y. ν is invariant under this
    /// reparametrisation (g and A transform with the same Jacobian), so nothing else changes.
    /// H and the Jacobian come from `ThetaDerivatives` (analytic in σ̃, one shared stencil in θ̃).
    func satterthwaiteBasis() -> SatterthwaiteBasis {
        let derivatives = thetaDerivatives()
        let hessian = derivatives.varianceParameterHessian
        let k = hessian.rows
        var a: Matrix
        do {
            a = try SymmetricEigen.pseudoInverse(hessian, tolerance: 1e-8)
        } catch {
            // The eigen-decomposition did not converge: ν is unknown (NaN), not the ∞ that a
            // zero A would give.
            a = Matrix(rows: k, columns: k, repeating: .nan)
        }
        for i in a.values.indices { a.values[i] *= 2 }
        return SatterthwaiteBasis(covariance: fixedEffectsCovariance, varianceParameterCovariance: a,
                                  jacobian: derivatives.fixedCovarianceJacobian)
    }

    /// Satterthwaite degrees of freedom for the contrast cᵀβ.
    public func satterthwaiteDegreesOfFreedom(contrast c: [Double]) throws(MixedModelError) -> Double {
        guard c.count == fixedCount else {
            throw .invalidArgument("contrast has \(c.count) entries; the model has \(fixedCount) coefficients")
        }
        return Self.degreesOfFreedom(c, basis: satterthwaiteBasis())
    }

    static func degreesOfFreedom(_ c: [Double], basis: SatterthwaiteBasis) -> Double {
        func quad(_ m: Matrix) -> Double {
            var s = 0.0
            for j in c.indices { for i in c.indices { s += c[i] * m[i, j] * c[j] } }
            return s
        }
        let variance = quad(basis.covariance)
        // ν = 2 / ((g/v)ᵀ A (g/v)): dividing g by v first keeps v² and gᵀAg, which carry the
        // fourth power of the units of y, from overflowing or underflowing (y×1e±150).
        let g = basis.jacobian.map { quad($0) / variance }
        var denom = 0.0
        for j in g.indices { for i in g.indices { denom += g[i] * basis.varianceParameterCovariance[i, j] * g[j] } }
        guard denom > 0 else { return .infinity }
        return 2 / denom
    }

    /// t tests of every coefficient with Satterthwaite degrees of freedom (lmerTest's
    /// `summary(m, ddf = "Satterthwaite")`).
    public func coefficientTests() -> [CoefficientTest] {
        let basis = satterthwaiteBasis()
        let beta = fixedEffects
        let se = basis.covariance.diagonal.map { $0.squareRoot() }
        return fixedEffectNames.indices.map { i in
            var c = Array(repeating: 0.0, count: fixedCount)
            c[i] = 1
            let df = Self.degreesOfFreedom(c, basis: basis)
            let t = beta[i] / se[i]
            return CoefficientTest(name: fixedEffectNames[i], estimate: beta[i], standardError: se[i],
                                   degreesOfFreedom: df, tValue: t,
                                   pValue: Distributions.studentTTwoSidedP(t, degreesOfFreedom: df))
        }
    }
}
