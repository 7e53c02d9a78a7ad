import Foundation

/// Restricted maximum likelihood for generalised mixed models, as glmmTMB's `REML = TRUE`
/// (Brooks et al. 2017, R Journal 9(2); for the linear model it is exactly REML): the fixed
/// effects are treated as random with a flat prior and integrated out together with the
/// random effects by one Laplace approximation over (u, β), so that
///
///     −2 log L_R(θ) ≈ −2 Σ log p(yᵢ | μ̂ᵢ) + ‖û‖² + log|L_Z|² + log|L_X|² − p log 2π
///
/// at the joint mode (û, β̂) of the penalised deviance, found by the joint PIRLS of lme4's
/// nAGQ = 0 stage; L_Z and L_X are the blocks of the Cholesky factor of the joint Hessian
/// (the Schur complement of the random-effects block gives log|L_X|²). Only θ is optimised;
/// β̂ is the joint mode at θ̂ and Var(β̂) = (R_XᵀR_X)⁻¹, the β block of the inverse joint
/// Hessian. Maximum likelihood underestimates the variance components by about p/J of the
/// between-group variance with J groups and p group-level coefficients (a school-level
/// category effect's interval then undercovers); the restricted criterion removes that bias.
///
/// The joint Hessian is the Fisher information of PIRLS, which equals the observed
/// information only for canonical links without dispersion: binomial–logit and Poisson–log,
/// the models REML is offered for.
extension GeneralizedLinearMixedModel {
    /// Whether `reml` can be used with this family, link and quadrature.
    func validateRestricted() throws(MixedModelError) {
        let canonical = (distribution == .binomial && link == .logit) || (distribution == .poisson && link == .log)
        guard canonical else {
            throw .invalidArgument("REML for generalised models is available for the binomial family with the logit link and the Poisson family with the log link (got \(distribution.rawValue) with the \(link.rawValue) link); fit this model by maximum likelihood")
        }
        guard quadraturePoints == 1 else {
            throw .invalidArgument("REML integrates β out by the Laplace approximation (nAGQ = 1); nAGQ = \(quadraturePoints) is not available with it")
        }
    }

    /// The restricted criterion at θ: joint PIRLS over (β, u) from (`beta`, `start`) in
    /// `joint` (a system from `jointSystem()`), then the Laplace objective plus log|L_X|² − p log 2π.
    func restrictedObjective(theta: [Double], beta: [Double], start: [Double],
                             joint: inout BlockedSystem) -> (value: Double, state: ModeState) {
        let (value, state) = evaluate(theta: theta, beta: beta, start: start, system: &joint, varyBeta: true)
        guard value.isFinite else { return (.infinity, state) }
        let f = joint.fixedFactor
        var logDeterminant = 0.0
        for i in 0..<f.rows { logDeterminant += 2 * log(f[i, i]) }
        let criterion = value + logDeterminant - Double(fixedCount) * log(2 * Double.pi)
        return (criterion.isFinite ? criterion : .infinity, state)
    }

    /// Fits θ by minimising the restricted criterion (BOBYQA on θ̃ = sθ, from the GLM start
    /// of β already in `fixedEffects`), with β and u from joint PIRLS at every θ.
    mutating func fitRestricted(minimizer: BoundedMinimizer, clock: ContinuousClock.Instant) throws(MixedModelError) {
        let scales = thetaScales
        func unscaled<C: Collection<Double>>(_ scaledTheta: C) -> [Double] { zip(scaledTheta, scales).map { $0 / $1 } }
        let scaledInitial = system.terms.flatMap(\.initialTheta)
        let initialTheta = unscaled(scaledInitial)
        var joint = jointSystem()
        var beta = fixedEffects, warm = u
        let model = self
        func criterion(_ par: [Double]) -> Double {
            let (value, state) = model.restrictedObjective(theta: unscaled(par), beta: beta, start: warm, joint: &joint)
            if value.isFinite { beta = state.beta; warm = state.u }
            return value
        }
        var optimiser = minimizer
        optimiser.relativeFunctionTolerance = max(minimizer.relativeFunctionTolerance, 1e-11)
        let result = optimiser.minimize(start: scaledInitial, lower: thetaLowerBounds, upper: nil) { criterion($0) }
        theta = unscaled(result.parameters)
        let (value, jointState) = restrictedObjective(theta: theta, beta: beta, start: warm, joint: &joint)
        guard value.isFinite else {
            throw .numerical("the restricted (REML) Laplace criterion is not finite at the estimates (θ = \(theta))")
        }
        fixedEffects = jointState.beta
        system.setTheta(theta)
        let state = conditionalModes(beta: fixedEffects, start: jointState.u, system: &system)
        u = state.u
        // Var(β̂): the joint factor's (L_X L_Xᵀ)⁻¹ at the modes, plus the uncertainty of θ̂.
        var covariance = (try? Cholesky.inverseFromFactor(joint.fixedFactor))
            ?? Matrix(rows: fixedCount, columns: fixedCount, repeating: .nan)
        var notes: [String] = []
        if let extra = thetaUncertaintyCovariance(scaledTheta: result.parameters, beta: fixedEffects, start: jointState.u,
                                                  joint: &joint) {
            for i in 0..<covariance.values.count { covariance.values[i] += extra.values[i] }
        } else {
            notes.append("the REML standard errors of the fixed effects omit the uncertainty of θ̂: the criterion's Hessian in θ is not positive definite there (a boundary fit?)")
        }
        fittedModes = FittedModes(objective: value, mu: state.mu, pirlsCovariance: covariance)
        derivatives = nil
        warnings += notes + separationWarnings() + indefiniteInformationWarnings(mu: state.mu)
        optimization = OptimizationSummary(
            initialTheta: initialTheta, evaluations: result.evaluations, status: result.status,
            message: "\(result.message) (REML: θ alone, β integrated out with the random effects)",
            converged: result.converged && jointState.converged && state.converged,
            seconds: (ContinuousClock.now - clock) / .seconds(1))
    }

    /// J V(θ̃) Jᵀ, the part of Var(β̂) that comes from estimating θ (the delta method, as
    /// TMB's `sdreport` adds it for parameters integrated out): J = ∂β̂/∂θ̃ of the joint mode
    /// and V(θ̃) = 2 H⁻¹, H the Hessian of the restricted criterion in θ̃ = sθ, both by
    /// central differences with steps 1e-3 (|θ̃ᵢ| + 1), unit-free like θ̃. About 2t² + 1
    /// evaluations, each one joint PIRLS warm-started at the estimates. Nil when H is not
    /// positive definite.
    func thetaUncertaintyCovariance(scaledTheta: [Double], beta: [Double], start: [Double],
                                    joint: inout BlockedSystem) -> Matrix? {
        let p = fixedCount, t = scaledTheta.count
        guard t > 0, p > 0 else { return nil }
        let scales = thetaScales
        let steps = scaledTheta.map { 1e-3 * (abs($0) + 1) }
        var system = joint
        func point(_ par: [Double]) -> (Double, [Double]) {
            let (value, state) = restrictedObjective(theta: zip(par, scales).map { $0 / $1 }, beta: beta, start: start,
                                                     joint: &system)
            return (value, state.beta)
        }
        let jacobian = NumericalDerivatives.jacobian(at: scaledTheta, steps: steps, levels: 1) { point($0).1 }
        var hessian = NumericalDerivatives.hessian(at: scaledTheta, steps: steps, levels: 1) { point($0).0 }
        guard hessian.values.allSatisfy(\.isFinite), jacobian.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return nil }
        do {
            try Cholesky.factor(&hessian)
            // V = 2 H⁻¹; J V Jᵀ with J p x t (jacobian[i] is ∂β̂/∂θ̃ᵢ, a column of J).
            var vj = Matrix(rows: t, columns: p)
            for c in 0..<p {
                var col = (0..<t).map { jacobian[$0][c] }
                try BLAS.solveLower(hessian, &col)
                try BLAS.solveLower(hessian, transpose: true, &col)
                for r in 0..<t { vj[r, c] = 2 * col[r] }
            }
            var out = Matrix(rows: p, columns: p)
            for c in 0..<p { for r in 0..<p {
                var v = 0.0
                for k in 0..<t { v += jacobian[k][r] * vj[k, c] }
                out[r, c] = v
            } }
            return out
        } catch {
            return nil
        }
    }
}
