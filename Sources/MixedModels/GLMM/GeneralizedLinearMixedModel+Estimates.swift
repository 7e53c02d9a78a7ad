import Foundation

extension GeneralizedLinearMixedModel {
    /// log L ≈ −objective/2 (lme4's `logLik` for `glmer` fits; for a REML fit the restricted
    /// log-likelihood, as glmmTMB's `logLik` of a `REML = TRUE` fit).
    public var logLikelihood: Double { -objective / 2 }
    /// AIC = objective + 2 (p + dim θ).
    public var aic: Double { objective + 2 * Double(parameterCount) }
    /// BIC = objective + log(n)(p + dim θ).
    public var bic: Double { objective + log(Double(observationCount)) * Double(parameterCount) }

    /// Conditional means at the estimates: stored by the fit, computed for a model not yet fitted.
    var meanAtModes: [Double] {
        if let fitted = fittedModes { return fitted.mu }
        var s = system
        return conditionalModes(beta: fixedEffects, start: u, system: &s).mu
    }

    /// Σ d(yᵢ, μ̂ᵢ) at the conditional modes: lme4's `deviance()` for GLMMs, the sum of squared
    /// deviance residuals.
    public var deviance: Double { devianceResidualSum(meanAtModes) }

    /// Conditional means μ̂ = g⁻¹(offset + Xβ̂ + Zb̂).
    public var fittedValues: [Double] { meanAtModes }

    /// Variance components: λλᵀ of each term (no residual scale for these families; the
    /// dispersion of the negative binomial and beta-binomial is `dispersion`).
    public var varianceComponents: [VarianceComponent] {
        var rows: [VarianceComponent] = []
        for (t, group) in zip(terms, terms.varianceComponentGroupNames) {
            let cov = t.relativeCovariance
            let q = t.q
            for i in 0..<q {
                rows.append(VarianceComponent(group: group, var1: t.columnNames[i], var2: nil,
                                              variance: cov[i, i], sdcor: cov[i, i].squareRoot()))
            }
            for j in 0..<q {
                for i in (j + 1)..<max(q, j + 1) {
                    let d = (cov[i, i] * cov[j, j]).squareRoot()
                    rows.append(VarianceComponent(group: group, var1: t.columnNames[j], var2: t.columnNames[i],
                                                  variance: cov[i, j], sdcor: d > 0 ? cov[i, j] / d : 0))
                }
            }
        }
        return rows
    }

    /// Var(β̂). As lme4 (`vcov.merMod` with `use.hessian = TRUE`, derivatives computed for
    /// n < 10,000): 2 H⁻¹ restricted to β, H the finite-difference Hessian of the objective in
    /// (θ, β); for larger data, (R_XᵀR_X)⁻¹ of the penalised weighted least-squares problem at
    /// the estimates.
    /// A REML fit (`reml`) has no β in its outer optimisation: its Var(β̂) is always
    /// (R_XᵀR_X)⁻¹ at the joint mode (glmmTMB's REML covariance).
    var fixedEffectsCovariance: Matrix {
        if reml { return pirlsCovariance }
        if observationCount < MixedModelDefaults.derivativeObservationLimit, let h = hessianCovariance { return h }
        return pirlsCovariance
    }

    /// 2 H⁻¹ for the β block (H over θ, β and, last, log φ when the family has one), or nil
    /// when H is not positive definite. Inverted in the
    /// whitened coordinates (θ̃, γ), γ = L_Xᵀ(β − β̂), where H_w is well conditioned, and mapped
    /// back: [H⁻¹]_ββ = L_X⁻ᵀ [H_w⁻¹]_γγ L_X⁻¹ (H = Jᵀ H_w J with J = diag(S, L_Xᵀ)). Inverting H
    /// itself loses digits when covariates differ in scale by 1e6 (H's entries then spread
    /// over 1e12), which made the standard errors depend on the units of x.
    var hessianCovariance: Matrix? {
        let t = thetaCount, p = fixedCount
        let d = derivatives ?? objectiveDerivatives()
        var f = d.whitenedHessian
        let l = d.whiteningFactor
        var w = Matrix(rows: p, columns: p)
        do {
            try Cholesky.factor(&f)
            for c in 0..<p {
                var e = Array(repeating: 0.0, count: f.rows)
                e[t + c] = 1
                try BLAS.solveLower(f, &e)
                try BLAS.solveLower(f, transpose: true, &e)
                for r in 0..<p { w[r, c] = 2 * e[t + r] }
            }
            // Y = L⁻ᵀ W column by column, then Cov = Y L⁻¹ = (L⁻ᵀ Yᵀ)ᵀ.
            var y = Matrix(rows: p, columns: p)
            for c in 0..<p {
                var col = w.column(c)
                try BLAS.solveLower(l, transpose: true, &col)
                for r in 0..<p { y[r, c] = col[r] }
            }
            var out = Matrix(rows: p, columns: p)
            for r in 0..<p {
                var row = (0..<p).map { y[r, $0] }
                try BLAS.solveLower(l, transpose: true, &row)
                for c in 0..<p { out[r, c] = row[c] }
            }
            return out
        } catch {
            // Not positive definite (or, impossibly, a dimension mismatch): the caller falls
            // back to the PIRLS covariance and the convergence diagnostics report the Hessian.
            return nil
        }
    }

    /// (R_XᵀR_X)⁻¹, the β block of the inverse PIRLS information at the estimates: the joint
    /// penalised weighted least-squares system at the weights of the modes û(θ̂, β̂), as lme4's
    /// `vcov` reads it from the factor of its final PIRLS step.
    var pirlsCovariance: Matrix {
        if let stored = fittedModes?.pirlsCovariance { return stored }
        var s = system
        let (value, state) = evaluate(theta: theta, beta: fixedEffects, start: u, system: &s)
        guard value.isFinite else { return Matrix(rows: fixedCount, columns: fixedCount, repeating: .nan) }
        var joint = jointSystem()
        return pirlsCovariance(state: state, joint: &joint)
    }

    /// `pirlsCovariance` at the modes in `state`, factored in `joint` (a system from
    /// `jointSystem()`, at any θ).
    func pirlsCovariance(state: ModeState, joint: inout BlockedSystem) -> Matrix {
        guard let f = fixedInformationFactor(theta: theta, state: state, joint: &joint, observed: true),
              let covariance = try? Cholesky.inverseFromFactor(f) else {
            return Matrix(rows: fixedCount, columns: fixedCount, repeating: .nan)
        }
        return covariance
    }

    /// The joint (β, u) system factored at the PIRLS weights of the estimates, or nil when
    /// PIRLS fails there.
    func jointSystemAtEstimates() -> BlockedSystem? {
        var s = jointSystem()
        let (value, _) = evaluate(theta: theta, beta: fixedEffects, start: u, system: &s, varyBeta: true)
        return value.isFinite ? s : nil
    }

    /// Standard errors of β̂.
    public var standardErrors: [Double] { fixedEffectsCovariance.diagonal.map { $0.squareRoot() } }

    /// Singular when a diagonal element of some λ is (near) zero.
    public var isSingular: Bool {
        !MixedModelDefaults.boundaryIndices(theta, lowerBounds: thetaLowerBounds, scales: thetaScales).isEmpty
    }
}
