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
        // On large data each joint PIRLS step is a pass of n x p² over X (and, with an
        // observation-level term, over its p x n block), so θ first approaches its optimum on
        // the Laplace objective with β held at the GLM start, whose PIRLS moves u alone (as the
        // maximum-likelihood fit's first stage does); the restricted criterion then starts
        // there with steps of a tenth of θ.
        var start = scaledInitial
        var steps: [Double]?
        var approachEvaluations = 0
        if observationCount >= Self.largeData {
            var work = system
            var warmU = u
            let heldBeta = fixedEffects
            var approach = minimizer
            approach.absoluteFunctionTolerance = 1e-3
            approach.relativeFunctionTolerance = 1e-8
            approach.absoluteParameterTolerance = 1e-3
            let first = approach.minimize(start: scaledInitial, lower: thetaLowerBounds, upper: nil) { par in
                let (value, state) = model.evaluate(theta: unscaled(par), beta: heldBeta, start: warmU, system: &work)
                if value.isFinite { warmU = state.u }
                return value
            }
            if first.value.isFinite {
                start = first.parameters
                warm = warmU
                steps = start.map { max(0.1 * abs($0), 0.05) }
            }
            approachEvaluations = first.evaluations
        }
        var optimiser = minimizer
        optimiser.relativeFunctionTolerance = max(minimizer.relativeFunctionTolerance, 1e-11)
        let result = optimiser.minimize(start: start, lower: thetaLowerBounds, upper: nil, initialStep: steps) { criterion($0) }
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
        if let extra = thetaUncertaintyCovariance(scaledTheta: result.parameters, value: value, beta: fixedEffects,
                                                  start: jointState.u, joint: &joint) {
            for i in 0..<covariance.values.count { covariance.values[i] += extra.values[i] }
        } else {
            notes.append("the REML standard errors of the fixed effects omit the uncertainty of θ̂: the criterion's Hessian in θ is not positive definite there (a boundary fit?)")
        }
        fittedModes = FittedModes(objective: value, mu: state.mu, pirlsCovariance: covariance)
        derivatives = nil
        warnings += notes + separationWarnings() + indefiniteInformationWarnings(mu: state.mu)
        let approach = approachEvaluations > 0 ? "; \(approachEvaluations) evaluations first with β held at the GLM start" : ""
        optimization = OptimizationSummary(
            initialTheta: initialTheta, evaluations: approachEvaluations + result.evaluations, status: result.status,
            message: "\(result.message) (REML: θ alone, β integrated out with the random effects: \(result.evaluations) evaluations\(approach))",
            converged: result.converged && jointState.converged && state.converged,
            seconds: (ContinuousClock.now - clock) / .seconds(1))
    }

    /// J V(θ̃) Jᵀ, the part of Var(β̂) that comes from estimating θ (the delta method, as
    /// TMB's `sdreport` adds it for parameters integrated out): J = ∂β̂/∂θ̃ of the joint mode
    /// and V(θ̃) = 2 H⁻¹, H the Hessian of the restricted criterion in θ̃ = sθ, both by
    /// central differences with steps hᵢ = 1e-3 (|θ̃ᵢ| + 1), unit-free like θ̃. The points
    /// ±hᵢeᵢ give J and H's diagonal, and one more pair (+hᵢ, +hⱼ), (−hᵢ, −hⱼ) each
    /// off-diagonal entry: 2t + t(t − 1) joint PIRLS solves, warm-started at the estimates.
    /// `value` is the criterion at θ̃. Nil when H is not positive definite.
    func thetaUncertaintyCovariance(scaledTheta x: [Double], value f0: Double, beta: [Double], start: [Double],
                                    joint: inout BlockedSystem) -> Matrix? {
        let p = fixedCount, t = x.count
        guard t > 0, p > 0 else { return nil }
        let scales = thetaScales
        let h = x.map { 1e-3 * (abs($0) + 1) }
        func point(_ shifts: [(Int, Double)]) -> (value: Double, beta: [Double]) {
            var par = x
            for (i, s) in shifts { par[i] += s * h[i] }
            let (value, state) = restrictedObjective(theta: zip(par, scales).map { $0 / $1 }, beta: beta, start: start,
                                                     joint: &joint)
            return (value, state.beta)
        }
        var plus: [Double] = [], minus: [Double] = []
        var jacobian = Matrix(rows: p, columns: t)
        var hessian = Matrix(rows: t, columns: t)
        for i in 0..<t {
            let up = point([(i, 1)]), down = point([(i, -1)])
            plus.append(up.value)
            minus.append(down.value)
            for r in 0..<p { jacobian[r, i] = (up.beta[r] - down.beta[r]) / (2 * h[i]) }
            hessian[i, i] = (up.value - 2 * f0 + down.value) / (h[i] * h[i])
        }
        for j in 0..<t { for i in (j + 1)..<max(t, j + 1) {
            // f(+i+j) + f(−i−j) − f(+i) − f(−i) − f(+j) − f(−j) + 2f0 = 2 hᵢhⱼ Hᵢⱼ + O(h⁴).
            let both = point([(i, 1), (j, 1)]).value, neither = point([(i, -1), (j, -1)]).value
            let v = (both + neither - plus[i] - minus[i] - plus[j] - minus[j] + 2 * f0) / (2 * h[i] * h[j])
            hessian[i, j] = v
            hessian[j, i] = v
        } }
        guard hessian.values.allSatisfy(\.isFinite), jacobian.values.allSatisfy(\.isFinite) else { return nil }
        do {
            try Cholesky.factor(&hessian)
            // V Jᵀ = 2 H⁻¹ Jᵀ column by column, then J (V Jᵀ).
            var vj = Matrix(rows: t, columns: p)
            for c in 0..<p {
                var col = (0..<t).map { jacobian[c, $0] }
                try BLAS.solveLower(hessian, &col)
                try BLAS.solveLower(hessian, transpose: true, &col)
                for r in 0..<t { vj[r, c] = 2 * col[r] }
            }
            var out = Matrix(rows: p, columns: p)
            for c in 0..<p { for r in 0..<p {
                var v = 0.0
                for k in 0..<t { v += jacobian[r, k] * vj[k, c] }
                out[r, c] = v
            } }
            return out
        } catch {
            return nil
        }
    }
}
