import Foundation

/// Parameter estimates of a fitted linear mixed model, read off the factor at the current θ.
extension LinearMixedModel {
    /// β̂, the fixed-effects estimates.
    public var fixedEffects: [Double] {
        do {
            return try system.fixedEffects()
        } catch {
            // A triangular solve of p equations in p unknowns cannot fail on dimensions; were
            // it to, NaN estimates show it (and the CLI refuses them) where an empty array
            // would be read as "no coefficients".
            return Array(repeating: .nan, count: fixedCount)
        }
    }

    /// Residual degrees of freedom used for σ̂²: n − p under REML, n under ML.
    var residualDegreesOfFreedom: Double {
        Double(observationCount) - (reml ? Double(fixedCount) : 0)
    }

    /// σ̂, the residual standard deviation: √(r²/(n − p)) (REML) or √(r²/n) (ML).
    public var sigma: Double {
        (system.penalizedResidualSumOfSquares / residualDegreesOfFreedom).squareRoot()
    }

    /// Var(β̂) = σ̂² (R_XᵀR_X)⁻¹, as lme4's `vcov`.
    var fixedEffectsCovariance: Matrix {
        var m = system.unscaledFixedCovariance
        let s2 = sigma * sigma
        for i in m.values.indices { m.values[i] *= s2 }
        return m
    }

    /// Standard errors of β̂.
    public var standardErrors: [Double] {
        fixedEffectsCovariance.diagonal.map { $0.squareRoot() }
    }

    /// The number of estimated parameters: p + dim(θ) + 1 (σ).
    public var parameterCount: Int { fixedCount + thetaCount + 1 }

    /// log L at the estimates: −objective/2 (the REML log-likelihood for REML fits, as lme4).
    public var logLikelihood: Double { -objective / 2 }

    /// AIC = objective + 2 (p + dim θ + 1), with the REML criterion for REML fits, as lme4.
    public var aic: Double { objective + 2 * Double(parameterCount) }

    /// BIC = objective + log(n) (p + dim θ + 1).
    public var bic: Double { objective + log(Double(observationCount)) * Double(parameterCount) }

    /// The model is singular when some λ has a (near-)zero diagonal element: a variance
    /// estimated as zero or a correlation of ±1 (lme4's `isSingular`, tolerance 1e-4, applied
    /// to the unit-free scaled θ so that the verdict does not depend on the units of a slope).
    public var isSingular: Bool {
        !MixedModelDefaults.boundaryIndices(theta, lowerBounds: thetaLowerBounds, scales: thetaScales).isEmpty
    }
}
