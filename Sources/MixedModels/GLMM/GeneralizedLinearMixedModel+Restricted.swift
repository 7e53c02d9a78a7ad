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
    /// With `carry`, `start` is the mode of the last evaluation on `joint` (`evaluate(carry:)`).
    func restrictedObjective(theta: [Double], beta: [Double], start: [Double],
                             joint: inout BlockedSystem, carry: Bool = false) -> (value: Double, state: ModeState) {
        let (value, state) = evaluate(theta: theta, beta: beta, start: start, system: &joint, varyBeta: true,
                                        exactJointMode: true, carry: carry)
        guard value.isFinite else { return (.infinity, state) }
        let f = joint.fixedFactor
        var logDeterminant = 0.0
        for i in 0..<f.rows { logDeterminant += 2 * log(f[i, i]) }
        let criterion = value + logDeterminant - Double(fixedCount) * log(2 * Double.pi)
        return (criterion.isFinite ? criterion : .infinity, state)
    }

    /// Fits θ by minimising the restricted criterion (BOBYQA on θ̃ = sθ, from the GLM start
    /// of β already in `fixedEffects`), with β and u from joint PIRLS at every θ.
    mutating func fitRestricted(minimizer: BoundedMinimizer, clock: ContinuousClock.Instant,
                                startingFrom theta0: [Double]? = nil, steps givenSteps: [Double]? = nil) throws(MixedModelError) {
        let scales = thetaScales
        func unscaled<C: Collection<Double>>(_ scaledTheta: C) -> [Double] { zip(scaledTheta, scales).map { $0 / $1 } }
        let given = theta0 ?? momentStart(beta: fixedEffects)
        let scaledInitial = given.map { zip($0, scales).map { $0 * $1 } } ?? system.terms.flatMap(\.initialTheta)
        let initialTheta = unscaled(scaledInitial)
        // The model's own system is idle until the modes at θ̂: its storage (with an
        // observation-level term, blocks as long as the data) moves to `work`, for PIRLS with β
        // held, then to the joint system, and back at the end, instead of each holding a copy.
        var work = system
        system.releaseStorage()
        var joint = jointSystem(from: work)
        var restored = false
        defer {
            // A fit that throws leaves the model with its system whole.
            if !restored { system = joint.replacingFixedEffects(system.x, response: Array(repeating: 0, count: observationCount)) }
        }
        var beta = fixedEffects, warm = u
        let model = self
        // From the GLM start (all modes 0) the joint PIRLS at the first θ of the five-cohort
        // absence model took 16 steps, most of them halved, each a pass of n x p² over X. PIRLS
        // in u alone with β held at the GLM start costs a few passes over n a step, and from its
        // modes the joint iteration needs a few steps. (The approach below, when there is no
        // start, does the same along its way.)
        if observationCount >= Self.largeData, given != nil, u.allSatisfy({ $0 == 0 }) {
            let (value, state) = evaluate(theta: initialTheta, beta: fixedEffects, start: u, system: &work)
            if value.isFinite { warm = state.u }
        }
        // The points evaluated and their values: BOBYQA's first evaluation is the best point of
        // the Newton step's (the warm start of the next PIRLS stays the last evaluation's).
        var seen: [[Double]: Double] = [:]
        var computed = 0
        // Whether `warm` is the mode of the last evaluation on `joint`, so that it can be
        // carried to the next θ.
        var warmOnJoint = false
        func criterion(_ par: [Double]) -> Double {
            if let value = seen[par] { return value }
            computed += 1
            let (value, state) = model.restrictedObjective(theta: unscaled(par), beta: beta, start: warm, joint: &joint,
                                                           carry: warmOnJoint)
            seen[par] = value
            if value.isFinite { beta = state.beta; warm = state.u }
            warmOnJoint = value.isFinite
            return value
        }
        // On large data each joint PIRLS step is a pass of n x p² over X (and, with an
        // observation-level term, over its p x n block), so from λ = I θ first approaches its
        // optimum on the Laplace objective with β held at the GLM start, whose PIRLS moves u
        // alone (as the maximum-likelihood fit's first stage does); the restricted criterion
        // then starts there with steps of a tenth of θ. The moments' start is nearer the REML
        // optimum than that approach gets (held at the GLM's attenuated β, the absence model's
        // school θ went to 0.29 against the optimum's 0.21), so from there the restricted
        // criterion starts at once, with the same steps; from a start the caller gives (the
        // estimate of a neighbouring model: the evaluation's event-study model starts at its
        // category model's θ̂) with a fifth of them.
        var start = scaledInitial
        let (relativeStep, smallestStep) = theta0 == nil ? (0.1, 0.02) : (0.02, 0.01)
        var steps: [Double]? = given.map { _ in start.map { max(relativeStep * abs($0), smallestStep) } }
        // Steps of about two standard errors from a neighbouring model's fit (at most the steps of
        // a start far from the optimum): BOBYQA starts at once.
        let neighbourSteps = theta0 == nil ? nil : givenSteps.map {
            zip(zip($0, scales), start).map { step, x in min(step.0 * step.1, max(0.1 * abs(x), 0.05)) }
        }
        if let neighbourSteps { steps = neighbourSteps }
        var approachEvaluations = 0
        if observationCount >= Self.largeData && given == nil {
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
        // From here on only the joint system is factored.
        work.releaseStorage()
        // The restricted criterion is far more curved in the observation-level SD than in the
        // school SD (1,500 against 12 for steps of 0.013 and 0.01 in the five-cohort absence
        // model), and BOBYQA with equal steps crawled along the flat direction for 20
        // evaluations. On large data, from a start near the optimum, one Newton step on a
        // finite-difference quadratic model moves there first, and BOBYQA's steps become about
        // two standard errors of each θ̃ᵢ (NLopt rescales the coordinates by the steps).
        if observationCount >= Self.largeData, neighbourSteps == nil, let h = steps,
           let newton = Self.newtonStart(start: start, steps: h, lower: thetaLowerBounds, objective: criterion) {
            let centre = seen[start] ?? .infinity
            start = newton.start
            steps = newton.steps
            // A step that overshot (its point worse than the best difference point: the
            // criterion is not quadratic over steps of a tenth of θ, as for the unauthorised
            // absence model from the moments' start, 0.90 against an optimum of 0.79) from a
            // start far from the optimum (the best point more than 1 below the start) is
            // followed by a second from the best point with steps of two standard errors,
            // where the quadratic model holds; BOBYQA from the first took 25 evaluations. From
            // a start already near the optimum (the category model's θ̂ for the event-study
            // model) the second step finds nothing.
            if !newton.improved, centre - (seen[start] ?? .infinity) > 1,
               let second = Self.newtonStart(start: start, steps: newton.steps, lower: thetaLowerBounds, objective: criterion),
               second.improved {
                start = second.start
                steps = second.steps
            }
        }
        var optimiser = minimizer
        optimiser.relativeFunctionTolerance = max(minimizer.relativeFunctionTolerance, 1e-11)
        var result = optimiser.minimize(start: start, lower: thetaLowerBounds, upper: nil, initialStep: steps) { criterion($0) }
        result.evaluations = computed
        theta = unscaled(result.parameters)
        let (value, jointState) = restrictedObjective(theta: theta, beta: beta, start: warm, joint: &joint, carry: warmOnJoint)
        // The modes are jointState's from here on (a vector as long as the data with an
        // observation-level term).
        warm = []
        guard value.isFinite else {
            throw .numerical("the restricted (REML) Laplace criterion is not finite at the estimates (θ = \(theta))")
        }
        fixedEffects = jointState.beta
        // Var(β̂): the joint factor's (L_X L_Xᵀ)⁻¹ at the modes, plus the uncertainty of θ̂.
        var covariance = (try? Cholesky.inverseFromFactor(joint.fixedFactor))
            ?? Matrix(rows: fixedCount, columns: fixedCount, repeating: .nan)
        var notes: [String] = []
        if let extra = thetaUncertaintyCovariance(scaledTheta: result.parameters, value: value, beta: fixedEffects,
                                                  start: jointState.u, joint: &joint) {
            for i in 0..<covariance.values.count { covariance.values[i] += extra.covariance.values[i] }
            thetaSteps = zip(extra.steps, scales).map { $0 / $1 }
        } else {
            notes.append("the REML standard errors of the fixed effects omit the uncertainty of θ̂: the criterion's Hessian in θ is not positive definite there (a boundary fit?)")
        }
        // The model's system takes the joint system's storage back (the blocks among the terms
        // are the same; the row of [X y] becomes the response's alone) and is factored at the
        // modes: with an observation-level term each system holds blocks as long as the data,
        // and holding both made the end of the five-cohort absence fit its peak of memory.
        system = joint.replacingFixedEffects(system.x, response: Array(repeating: 0, count: observationCount))
        joint.releaseStorage()
        restored = true
        system.setTheta(theta)
        let state = modesOnModelSystem(beta: fixedEffects, start: jointState.u)
        u = state.u
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

    /// One Newton step for a start near the optimum of a smooth objective in t ≤ 3 parameters:
    /// the gradient and Hessian by central differences with steps `h` (`NumericalDerivatives`'
    /// stencil at one level: 1 + 2t + t(t − 1) evaluations), then x − H⁻¹g, shortened to stay
    /// inside the lower bounds, and one evaluation there. Returns the best point evaluated and
    /// steps of two standard errors, 2√(2(H⁻¹)ᵢᵢ) for a criterion on the −2 log L scale, kept
    /// within [hᵢ/1000, hᵢ]; nil, before any evaluation, when a point would leave the bounds or t
    /// is 0 or above 3, and the best point with the steps `h` when H is not positive definite.
    /// `improved` says whether the Newton point was the best point evaluated.
    static func newtonStart(start x: [Double], steps h: [Double], lower: [Double],
                            objective f: ([Double]) -> Double) -> (start: [Double], steps: [Double], evaluations: Int, improved: Bool)? {
        let t = x.count
        guard (1...3).contains(t), h.count == t, lower.count == t,
              (0..<t).allSatisfy({ h[$0] > 0 && x[$0] - h[$0] >= lower[$0] }) else { return nil }
        var evaluations = 0
        var best = (point: x, value: Double.infinity)
        func at(_ p: [Double]) -> Double {
            let v = f(p)
            evaluations += 1
            if v < best.value { best = (p, v) }
            return v
        }
        let differences = NumericalDerivatives.stencil(at: x, steps: h, levels: 1, hessianComponents: 1) { points in
            points.map { [at($0)] }
        }
        let fallback = (start: best.point, steps: h, evaluations: evaluations, improved: false)
        let gradient = differences.jacobian.map { $0.first ?? .nan }
        guard let hessian = differences.hessians.first, differences.value.first?.isFinite == true,
              hessian.values.allSatisfy(\.isFinite), gradient.allSatisfy(\.isFinite) else { return fallback }
        var factor = hessian
        var step = gradient.map { -$0 }
        let standardErrorSteps: [Double]
        do {
            try Cholesky.factor(&factor)
            try BLAS.solveLower(factor, &step)
            try BLAS.solveLower(factor, transpose: true, &step)
            standardErrorSteps = try twoStandardErrors(hessianFactor: factor)
        } catch {
            return fallback
        }
        // The longest fraction of the step that keeps every coordinate nine tenths of its way
        // to the bound at most.
        var fraction = 1.0
        for i in 0..<t where x[i] + step[i] < lower[i] { fraction = min(fraction, 0.9 * (x[i] - lower[i]) / -step[i]) }
        let newtonPoint = (0..<t).map { x[$0] + fraction * step[$0] }
        _ = at(newtonPoint)
        let steps = (0..<t).map { i in min(max(standardErrorSteps[i], h[i] / 1000), h[i]) }
        guard steps.allSatisfy(\.isFinite), best.value.isFinite else { return fallback }
        return (best.point, steps, evaluations, best.point == newtonPoint)
    }

    /// Two standard errors of each θ̃ᵢ for a criterion on the −2 log L scale, 2√(2(H⁻¹)ᵢᵢ), from
    /// the lower Cholesky factor L of its Hessian H ((H⁻¹)ᵢᵢ = ‖L⁻¹eᵢ‖²).
    static func twoStandardErrors(hessianFactor factor: Matrix) throws(LinearAlgebraError) -> [Double] {
        let t = factor.rows
        return try (0..<t).map { (i) throws(LinearAlgebraError) -> Double in
            var e = [Double](repeating: 0, count: t)
            e[i] = 1
            try BLAS.solveLower(factor, &e)
            return 2 * (2 * e.reduce(0) { $0 + $1 * $1 }).squareRoot()
        }
    }

    /// J V(θ̃) Jᵀ, the part of Var(β̂) that comes from estimating θ (the delta method, as
    /// TMB's `sdreport` adds it for parameters integrated out): J = ∂β̂/∂θ̃ of the joint mode
    /// and V(θ̃) = 2 H⁻¹, H the Hessian of the restricted criterion in θ̃ = sθ, both by
    /// central differences with steps hᵢ = 1e-3 (|θ̃ᵢ| + 1), unit-free like θ̃. The points
    /// ±hᵢeᵢ give J and H's diagonal, and one more pair (+hᵢ, +hⱼ), (−hᵢ, −hⱼ) each
    /// off-diagonal entry: 2t + t(t − 1) joint PIRLS solves, warm-started at the estimates.
    /// `value` is the criterion at θ̃. Nil when H is not positive definite.
    func thetaUncertaintyCovariance(scaledTheta x: [Double], value f0: Double, beta: [Double], start: [Double],
                                    joint: inout BlockedSystem) -> (covariance: Matrix, steps: [Double])? {
        let p = fixedCount, t = x.count
        guard t > 0, p > 0 else { return nil }
        let scales = thetaScales
        let h = x.map { 1e-3 * (abs($0) + 1) }
        // NumericalDerivatives' stencil at one level; its first point is θ̃ itself, whose value is
        // known and whose β̂ is not needed.
        let differences = NumericalDerivatives.stencil(at: x, steps: h, levels: 1, hessianComponents: 1) { points in
            points.enumerated().map { k, par in
                guard k > 0 else { return [f0] + beta }
                let (value, state) = restrictedObjective(theta: zip(par, scales).map { $0 / $1 }, beta: beta, start: start,
                                                         joint: &joint)
                return [value] + state.beta
            }
        }
        var jacobian = Matrix(rows: p, columns: t)
        for i in 0..<t { for r in 0..<p { jacobian[r, i] = differences.jacobian[i].count == p + 1 ? differences.jacobian[i][r + 1] : .nan } }
        guard var hessian = differences.hessians.first else { return nil }
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
            return (out, try Self.twoStandardErrors(hessianFactor: hessian))
        } catch {
            return nil
        }
    }
}
