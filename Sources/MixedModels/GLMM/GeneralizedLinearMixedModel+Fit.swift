import Foundation

extension GeneralizedLinearMixedModel {
    /// Fits in lme4's two stages: (1) θ alone, with β and u both found by PIRLS for each θ
    /// (lme4's nAGQ = 0 stage), from β of a GLM fit; (2) θ and β together by BOBYQA with
    /// u found by PIRLS, on the Laplace or quadrature objective. Stage 1 only supplies
    /// starting values; the estimates are stage 2's optimum.
    ///
    /// Both stages optimise θ̃ = sθ (`thetaScales`, as for the linear model), which does not
    /// depend on the units of a random-slope covariate; θ is stored in the original units.
    ///
    /// θ starts at `theta0` when given (in θ's units, as `theta` reports it: lme4's
    /// `start = list(theta = ...)`), else at `momentStart` when every term is a scalar
    /// intercept, else at λ = I. With `steps` as well (a REML fit's `thetaSteps`, in θ's units),
    /// a REML fit hands BOBYQA those initial steps at once instead of first taking a Newton step
    /// on steps of a fiftieth of θ: the estimate of a neighbouring model (the evaluation's
    /// event-study model starts at its category model's) is already near the optimum. Maximum
    /// likelihood fits ignore `steps`.
    public mutating func fit(minimizer: BoundedMinimizer = BoundedMinimizer(),
                             startingFrom theta0: [Double]? = nil, steps: [Double]? = nil) throws(MixedModelError) {
        let clock = ContinuousClock.now
        fittedModes = nil
        thetaSteps = nil
        if reml { try validateRestricted() }
        if let theta0 {
            guard theta0.count == thetaCount else {
                throw .invalidArgument("starting θ has \(theta0.count) values; the model has \(thetaCount)")
            }
            for (i, (v, lower)) in zip(theta0, thetaLowerBounds).enumerated() where !(v.isFinite && v >= lower) {
                throw .invalidArgument("starting θ[\(i + 1)] = \(v) is not a finite value at or above its lower bound \(lower)")
            }
        }
        if let steps {
            guard theta0 != nil else { throw .invalidArgument("initial steps for θ need a starting θ") }
            guard steps.count == thetaCount else {
                throw .invalidArgument("initial steps for θ have \(steps.count) values; the model has \(thetaCount)")
            }
            for (i, v) in steps.enumerated() where !(v.isFinite && v > 0) {
                throw .invalidArgument("initial step for θ[\(i + 1)] = \(v) is not a positive, finite value")
            }
        }
        // The families with dispersion start from the limiting family's GLM (φ at the edge of
        // "no overdispersion"), whose residuals give φ's moment estimate: a GLM at an arbitrary
        // φ can diverge (the beta-binomial at φ = 1 on absence counts did, and φ then started
        // from the middle of its range, nine times the estimate).
        if distribution.hasDispersion { phi = exp(logDispersionBoundary) }
        fixedEffects = try generalizedLinearModelStart()
        if reml {
            try fitRestricted(minimizer: minimizer, clock: clock, startingFrom: theta0, steps: steps)
            return
        }
        // The families with dispersion carry log φ as one more parameter after θ (stage 1) and
        // after (θ, γ) (stage 2); `trial` is the model at the φ being evaluated.
        let k = distribution.hasDispersion ? 1 : 0
        var trial = self
        if k == 1 {
            phi = dispersionStart(beta: fixedEffects)
            fixedEffects = try generalizedLinearModelStart()
            trial = self
        }
        let logPhiRange = logDispersionRange
        let scales = thetaScales
        let scaledInitial = theta0.map { zip($0, scales).map { $0 * $1 } } ?? scaledStartingTheta
        let initialTheta = zip(scaledInitial, scales).map { $0 / $1 }
        let lower = thetaLowerBounds
        func unscaled<C: Collection<Double>>(_ scaledTheta: C) -> [Double] { zip(scaledTheta, scales).map { $0 / $1 } }

        // Stage 1: θ only; β and u by joint PIRLS, each evaluation warm-started from the last
        // finite one.
        var joint = jointSystem()
        var jointBeta = fixedEffects, jointU = u
        func jointObjective(_ par: [Double]) -> Double {
            if k == 1 { trial.phi = exp(par[par.count - 1]) }
            let (value, state) = trial.evaluate(theta: unscaled(par[0..<(par.count - k)]), beta: jointBeta, start: jointU,
                                                system: &joint, varyBeta: true)
            if value.isFinite { jointBeta = state.beta; jointU = state.u }
            return value
        }
        var stage1 = minimizer
        stage1.absoluteFunctionTolerance = 1e-3
        stage1.relativeFunctionTolerance = 1e-8
        stage1.absoluteParameterTolerance = 1e-3
        let start1 = scaledInitial + (k == 1 ? [log(phi)] : [])
        let lower1 = lower + (k == 1 ? [logPhiRange.lowerBound] : [])
        let upper1: [Double]? = k == 1 ? Array(repeating: .infinity, count: lower.count) + [logPhiRange.upperBound] : nil
        let first: BoundedMinimizer.Result
        let profiled = quadraturePoints > 0 && profiledStage.applies(observations: observationCount)
            && profiledStageApplies(system)
        if quadraturePoints > 0 && observationCount >= Self.largeData {
            // On large data stage 1 only needs to land near θ̂: alternate between θ with β
            // held fixed (u alone in the PIRLS system, no pass over X) and one joint PIRLS
            // solve for β and u, twice.
            var work = system
            var warm = u
            var fixedBeta = fixedEffects
            var result = BoundedMinimizer.Result(parameters: start1, value: .infinity, evaluations: 0, status: 1)
            var evaluations = 0
            // With β profiled in stage 2, one round is enough: stage 2 moves θ and β together
            // from there, so a second round only repeats its work at a higher price.
            let rounds = profiled ? 1 : 2
            for _ in 0..<rounds {
                let heldBeta = fixedBeta
                result = stage1.minimize(start: result.parameters, lower: lower1, upper: upper1) { par in
                    if k == 1 { trial.phi = exp(par[par.count - 1]) }
                    let (value, state) = trial.evaluate(theta: unscaled(par[0..<(par.count - k)]), beta: heldBeta,
                                                        start: warm, system: &work)
                    if value.isFinite { warm = state.u }
                    return value
                }
                evaluations += result.evaluations
                jointU = warm
                jointBeta = fixedBeta
                _ = jointObjective(result.parameters)
                fixedBeta = jointBeta
                warm = jointU
            }
            result.evaluations = evaluations
            first = result
        } else {
            first = stage1.minimize(start: start1, lower: lower1, upper: upper1) { par in jointObjective(par) }
        }
        _ = jointObjective(first.parameters)
        fixedEffects = jointBeta
        u = jointU
        let t = thetaCount
        if k == 1 { phi = exp(first.parameters[t]) }
        if quadraturePoints == 0 {
            theta = unscaled(first.parameters[0..<t])
            system.setTheta(theta)
            let state = modesOnModelSystem(beta: fixedEffects, start: u)
            u = state.u
            storeFittedModes(joint: &joint)
            warnings += separationWarnings() + dispersionBoundaryWarnings() + indefiniteInformationWarnings(mu: meanAtModes)
            optimization = OptimizationSummary(
                initialTheta: initialTheta, evaluations: first.evaluations, status: first.status,
                message: "\(first.message) (nAGQ = 0: θ alone, β from PIRLS)", converged: first.converged && state.converged,
                seconds: (ContinuousClock.now - clock) / .seconds(1))
            return
        }
        if profiled {
            try fitProfiledStage(first: first, joint: &joint, minimizer: minimizer, clock: clock, initialTheta: initialTheta)
            return
        }
        // Stage 2 works in whitened coordinates γ, β = β₁ + L_XX⁻ᵀγ, with L_XX the factor of
        // the PIRLS information at stage 1's optimum: the objective is then close to
        // ‖γ − γ̂‖² + const, well conditioned for BOBYQA however correlated the columns of X.
        let whitening = joint.fixedFactor
        let beta1 = fixedEffects
        func betaFrom(_ gamma: ArraySlice<Double>) -> [Double] {
            var v = Array(gamma)
            // L_X is p x p and γ has p entries, so this cannot fail; were it to, β is NaN and
            // the objective +∞ there.
            do { try BLAS.solveLower(whitening, transpose: true, &v) } catch { return beta1.map { _ in .nan } }
            return zip(beta1, v).map { $0 + $1 }
        }

        // Stage 2: θ and β (and log φ) together.
        let p = fixedCount
        var work = system
        var warm = u
        trial = self
        let theta1 = Array(first.parameters[0..<t])
        let start = theta1 + Array(repeating: 0.0, count: p) + first.parameters[t...]
        let steps = theta1.map { max(0.1 * abs($0), 0.05) } + Array(repeating: 0.5, count: p)
            + Array(repeating: 0.25, count: k)
        let lower2 = lower + Array(repeating: -.infinity, count: p) + (k == 1 ? [logPhiRange.lowerBound] : [])
        let upper2: [Double]? = k == 1 ? Array(repeating: .infinity, count: t + p) + [logPhiRange.upperBound] : nil
        // The objective's own precision is set by the PIRLS tolerance (1e-10 relative), so
        // asking the optimiser for more than 1e-11 relative only buys evaluations.
        var stage2 = minimizer
        stage2.relativeFunctionTolerance = max(minimizer.relativeFunctionTolerance, 1e-11)
        func stage2Objective(_ par: [Double]) -> Double {
            if k == 1 { trial.phi = exp(par[t + p]) }
            let (value, state) = trial.evaluate(theta: unscaled(par[0..<t]), beta: betaFrom(par[t..<(t + p)]),
                                                start: warm, system: &work)
            if value.isFinite { warm = state.u }
            return value
        }
        let result = Self.minimizeStage2(stage2, start: start, lower: lower2, upper: upper2, steps: steps,
                                         restart: k == 1) { stage2Objective($0) }
        theta = unscaled(result.parameters[0..<t])
        fixedEffects = betaFrom(result.parameters[t..<(t + p)])
        if k == 1 { phi = exp(result.parameters[t + p]) }
        // The working system becomes the model's: refactoring the model's own copy while
        // `work` lives would duplicate every buffer of the size of the data.
        swap(&system, &work)
        system.setTheta(theta)
        let state = modesOnModelSystem(beta: fixedEffects, start: warm)
        u = state.u
        storeFittedModes(joint: &joint)
        warnings += separationWarnings() + dispersionBoundaryWarnings() + indefiniteInformationWarnings(mu: meanAtModes)
        derivatives = observationCount < MixedModelDefaults.derivativeObservationLimit ? objectiveDerivatives() : nil
        optimization = OptimizationSummary(
            initialTheta: initialTheta, evaluations: first.evaluations + result.evaluations, status: result.status,
            message: "\(result.message) (θ alone: \(first.evaluations) evaluations; θ and β: \(result.evaluations))", converged: result.converged && state.converged,
            seconds: (ContinuousClock.now - clock) / .seconds(1))
    }

    /// Stage 2 on the profile f̃(θ) = min_β f(θ, β) (`profiledObjective`): BOBYQA over θ (and
    /// log φ for the families with dispersion) from stage 1's optimum, β̂ by Newton steps on
    /// the exact Laplace gradient.
    private mutating func fitProfiledStage(first: BoundedMinimizer.Result, joint jointWork: inout BlockedSystem,
                                           minimizer: BoundedMinimizer, clock: ContinuousClock.Instant,
                                           initialTheta: [Double]) throws(MixedModelError) {
        let scales = thetaScales
        func unscaled<C: Collection<Double>>(_ scaledTheta: C) -> [Double] { zip(scaledTheta, scales).map { $0 / $1 } }
        let t = thetaCount
        let k = distribution.hasDispersion ? 1 : 0
        var work = system
        var warm = u
        var beta = fixedEffects
        var metric: Matrix?
        var model = self
        var stage2 = minimizer
        stage2.relativeFunctionTolerance = max(minimizer.relativeFunctionTolerance, 1e-11)
        let start = Array(first.parameters[0..<(t + k)])
        let steps = start[0..<t].map { max(0.1 * abs($0), 0.05) } + Array(repeating: 0.1, count: k)
        let range = logDispersionRange
        let lower = thetaLowerBounds + (k == 1 ? [range.lowerBound] : [])
        let upper: [Double]? = k == 1 ? Array(repeating: .infinity, count: t) + [range.upperBound] : nil
        func profile(_ par: [Double]) -> Double {
            if k == 1 { model.phi = exp(par[t]) }
            let r = model.profiledObjective(theta: unscaled(par[0..<t]), beta: beta, start: warm, system: &work,
                                            joint: &jointWork, metric: &metric, stepTolerance: Self.profileSearchStepTolerance)
            if r.value.isFinite { beta = r.beta; warm = r.state.u }
            return r.value
        }
        let result = Self.minimizeStage2(stage2, start: start, lower: lower, upper: upper, steps: steps,
                                         restart: k == 1) { profile($0) }
        theta = unscaled(result.parameters[0..<t])
        if k == 1 { phi = exp(result.parameters[t]); model.phi = phi }
        let final = model.profiledObjective(theta: theta, beta: beta, start: warm, system: &work, joint: &jointWork, metric: &metric)
        guard final.value.isFinite else {
            throw .numerical("the Laplace objective is not finite at the estimates (θ = \(theta))")
        }
        fixedEffects = final.beta
        swap(&system, &work)  // as in stage 2 above: no second copy of the working buffers
        system.setTheta(theta)
        let state = modesOnModelSystem(beta: fixedEffects, start: final.state.u)
        u = state.u
        storeFittedModes(joint: &jointWork)
        warnings += separationWarnings() + dispersionBoundaryWarnings() + indefiniteInformationWarnings(mu: meanAtModes)
        derivatives = observationCount < MixedModelDefaults.derivativeObservationLimit ? objectiveDerivatives() : nil
        optimization = OptimizationSummary(
            initialTheta: initialTheta, evaluations: first.evaluations + result.evaluations, status: result.status,
            message: "\(result.message) (θ alone: \(first.evaluations) evaluations; θ with β profiled by Newton steps: \(result.evaluations))",
            converged: result.converged && state.converged,
            seconds: (ContinuousClock.now - clock) / .seconds(1))
    }

    /// Stage 2's BOBYQA run. With log φ in the trust region (`restart`) BOBYQA's model can stop
    /// while the objective still falls by ~1e-4 per step (the pupils beta-binomial slope
    /// model): it is restarted once from its optimum with a tenth of the steps, and the better
    /// point kept; the evaluations of both runs are counted.
    private static func minimizeStage2(_ minimizer: BoundedMinimizer, start: [Double], lower: [Double], upper: [Double]?,
                                       steps: [Double], restart: Bool,
                                       objective: ([Double]) -> Double) -> BoundedMinimizer.Result {
        var result = minimizer.minimize(start: start, lower: lower, upper: upper, initialStep: steps) { objective($0) }
        guard restart else { return result }
        let again = minimizer.minimize(start: result.parameters, lower: lower, upper: upper,
                                       initialStep: steps.map { $0 / 10 }) { objective($0) }
        let evaluations = result.evaluations + again.evaluations
        if again.value < result.value { result = again }
        result.evaluations = evaluations
        return result
    }

    /// Stores the objective and μ̂ at the estimates: one more PIRLS pass from the converged
    /// modes, so that they are the values at the modes to PIRLS's tolerance. On large data
    /// also (R_XᵀR_X)⁻¹ at the weights of those modes, factored in the fit's own joint system
    /// (`joint`) rather than in a new one, which would hold a second copy of X.
    private mutating func storeFittedModes(joint: inout BlockedSystem) {
        var s = system
        let (value, state) = evaluate(theta: theta, beta: fixedEffects, start: u, system: &s)
        fittedModes = FittedModes(objective: value, mu: state.mu)
        if observationCount >= MixedModelDefaults.derivativeObservationLimit {
            let covariance = value.isFinite ? pirlsCovariance(state: state, joint: &joint)
                : Matrix(rows: fixedCount, columns: fixedCount, repeating: .nan)
            fittedModes?.pirlsCovariance = covariance
        }
    }

    /// Observations from which stage 1 holds β at the GLM estimate (each joint PIRLS step
    /// costs a pass of n x p² over the data).
    static let largeData = 50_000

    /// Coefficients that ran off towards ±∞: complete or quasi-complete separation
    /// (Albert & Anderson 1984, Biometrika 71(1), 1–10) shows as |β| beyond 15 on the logit
    /// or probit scale or a standard error a hundred times larger than the GLM's would be.
    /// The estimates stay finite; the warning names the coefficient.
    func separationWarnings() -> [String] {
        guard distribution == .binomial || distribution == .betaBinomial else { return [] }
        return fixedEffectNames.indices.compactMap { i in
            abs(fixedEffects[i]) > 15 ? "possible complete or quasi-complete separation: '\(fixedEffectNames[i])' = \(fixedEffects[i]); its estimate and standard error are not reliable" : nil
        }
    }


    /// β from the fixed-effects-only GLM by iteratively reweighted least squares, from R's
    /// starting means (binomial (my + ½)/(m + 1), Poisson y + 0.1; the same for the
    /// beta-binomial and negative binomial, at the model's current φ).
    func generalizedLinearModelStart() throws(MixedModelError) -> [Double] {
        let n = y.count
        var mu = (0..<n).map { i -> Double in
            switch distribution {
            case .binomial, .betaBinomial: return (priorWeights[i] * y[i] + 0.5) / (priorWeights[i] + 1)
            case .poisson, .negativeBinomial: return y[i] + 0.1
            }
        }
        var eta = mu.map(link.apply)
        var glm = BlockedSystem(terms: [], x: x, y: Array(repeating: 0, count: n))
        var deviance = Double.infinity
        var beta = Array(repeating: 0.0, count: fixedCount)
        var z = Array(repeating: 0.0, count: n), sw = Array(repeating: 0.0, count: n)
        for _ in 0..<50 {
            workingResponse(eta: eta, mu: mu, base: offset, z: &z, sqrtWeights: &sw)
            glm.setResponse(z, sqrtWeights: sw)
            do { try glm.updateL(); beta = try glm.fixedEffects() } catch {
                throw .numerical("the starting GLM fit failed: \(error.description)")
            }
            eta = fixedPredictor(beta)
            mu = eta.map(link.inverse)
            let newDeviance = devianceResidualSum(mu)
            if abs(newDeviance - deviance) < 1e-10 * (abs(newDeviance) + 0.1) { break }
            deviance = newDeviance
        }
        guard beta.allSatisfy(\.isFinite) else { throw .numerical("the starting GLM fit did not converge") }
        return beta
    }
}
