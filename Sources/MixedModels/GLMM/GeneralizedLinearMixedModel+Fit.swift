import Foundation

extension GeneralizedLinearMixedModel {
    /// Fits in lme4's two stages: (1) θ alone, with β and u both found by PIRLS for each θ
    /// (lme4's nAGQ = 0 stage), from β of a GLM fit; (2) θ and β together by BOBYQA with
    /// u found by PIRLS, on the Laplace or quadrature objective. Stage 1 only supplies
    /// starting values; the estimates are stage 2's optimum.
    public mutating func fit(minimizer: BoundedMinimizer = BoundedMinimizer()) throws(MixedModelError) {
        let clock = ContinuousClock.now
        beta = try generalizedLinearModelStart()
        let initialTheta = system.terms.flatMap(\.initialTheta)
        let lower = thetaLowerBounds

        // Stage 1: θ only; β and u by joint PIRLS.
        var joint = try JointModes(model: self)
        var stage1 = minimizer
        stage1.absoluteFunctionTolerance = 1e-3
        stage1.relativeFunctionTolerance = 1e-8
        stage1.absoluteParameterTolerance = 1e-3
        let first: BoundedMinimizer.Result
        if quadraturePoints > 0 && observationCount >= Self.largeData {
            // On large data stage 1 only needs to land near θ̂: alternate between θ with β
            // held fixed (u alone in the PIRLS system, no pass over X) and one joint PIRLS
            // solve for β and u, twice.
            var work = system
            var warm = u
            var fixedBeta = beta
            var result = BoundedMinimizer.Result(parameters: initialTheta, value: .infinity, evaluations: 0, status: 1)
            var evaluations = 0
            for _ in 0..<2 {
                let heldBeta = fixedBeta
                result = stage1.minimize(start: result.parameters, lower: lower) { th in
                    let (value, state) = evaluate(theta: th, beta: heldBeta, start: warm, system: &work)
                    if value.isFinite { warm = state.u }
                    return value
                }
                evaluations += result.evaluations
                joint.u = warm
                joint.beta = fixedBeta
                _ = joint.objective(theta: result.parameters)
                fixedBeta = joint.beta
                warm = joint.u
            }
            result.evaluations = evaluations
            first = result
        } else {
            first = stage1.minimize(start: initialTheta, lower: lower) { th in joint.objective(theta: th) }
        }
        _ = joint.objective(theta: first.parameters)
        beta = joint.beta
        u = joint.u
        if quadraturePoints == 0 {
            theta = first.parameters
            system.setTheta(theta)
            let state = conditionalModes(beta: beta, start: u, system: &system)
            u = state.u
            warnings += separationWarnings()
            optimization = OptimizationSummary(
                initialTheta: initialTheta, evaluations: first.evaluations, status: first.status,
                message: "\(first.message) (nAGQ = 0: θ alone, β from PIRLS)", converged: first.converged && state.converged,
                seconds: Self.elapsed(clock))
            return
        }
        // Stage 2 works in whitened coordinates γ, β = β₁ + L_XX⁻ᵀγ, with L_XX the factor of
        // the PIRLS information at stage 1's optimum: the objective is then close to
        // ‖γ − γ̂‖² + const, well conditioned for BOBYQA however correlated the columns of X.
        let whitening = joint.system.fixedFactor
        let beta1 = beta
        func betaFrom(_ gamma: ArraySlice<Double>) -> [Double] {
            var v = Array(gamma)
            if (try? BLAS.solveLower(whitening, transpose: true, &v)) == nil { return beta1 }
            return zip(beta1, v).map { $0 + $1 }
        }

        // Stage 2: θ and β together.
        let t = thetaCount
        var work = system
        var warm = u
        let start = first.parameters + Array(repeating: 0.0, count: fixedCount)
        let steps = first.parameters.map { max(0.1 * abs($0), 0.05) } + Array(repeating: 0.5, count: fixedCount)
        // The objective's own precision is set by the PIRLS tolerance (1e-10 relative), so
        // asking the optimiser for more than 1e-11 relative only buys evaluations.
        var stage2 = minimizer
        stage2.relativeFunctionTolerance = max(minimizer.relativeFunctionTolerance, 1e-11)
        let result = stage2.minimize(start: start, lower: lower + Array(repeating: -.infinity, count: fixedCount),
                                        initialStep: steps) { par in
            let (value, state) = evaluate(theta: Array(par[0..<t]), beta: betaFrom(par[t...]), start: warm, system: &work)
            if value.isFinite { warm = state.u }
            return value
        }
        theta = Array(result.parameters[0..<t])
        beta = betaFrom(result.parameters[t...])
        system.setTheta(theta)
        let state = conditionalModes(beta: beta, start: warm, system: &system)
        u = state.u
        warnings += separationWarnings()
        derivatives = observationCount < MixedModelDefaults.derivativeObservationLimit ? objectiveDerivatives() : nil
        let elapsed = ContinuousClock.now - clock
        optimization = OptimizationSummary(
            initialTheta: initialTheta, evaluations: first.evaluations + result.evaluations, status: result.status,
            message: "\(result.message) (θ alone: \(first.evaluations) evaluations; θ and β: \(result.evaluations))", converged: result.converged && state.converged,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Observations from which stage 1 holds β at the GLM estimate (each joint PIRLS step
    /// costs a pass of n x p² over the data).
    static let largeData = 50_000

    /// Coefficients that ran off towards ±∞: complete or quasi-complete separation
    /// (Albert & Anderson 1984, Biometrika 71(1), 1–10) shows as |β| beyond 15 on the logit
    /// or probit scale or a standard error a hundred times larger than the GLM's would be.
    /// The estimates stay finite; the warning names the coefficient.
    func separationWarnings() -> [String] {
        guard distribution == .binomial else { return [] }
        return fixedEffectNames.indices.compactMap { i in
            abs(beta[i]) > 15 ? "possible complete or quasi-complete separation: '\(fixedEffectNames[i])' = \(beta[i]); its estimate and standard error are not reliable" : nil
        }
    }

    static func elapsed(_ start: ContinuousClock.Instant) -> Double {
        let e = ContinuousClock.now - start
        return Double(e.components.seconds) + Double(e.components.attoseconds) * 1e-18
    }

    /// β from the fixed-effects-only GLM by iteratively reweighted least squares, from R's
    /// starting means (binomial (my + ½)/(m + 1), Poisson y + 0.1).
    func generalizedLinearModelStart() throws(MixedModelError) -> [Double] {
        let n = y.count
        var mu = (0..<n).map { i -> Double in
            switch distribution {
            case .binomial: return (priorWeights[i] * y[i] + 0.5) / (priorWeights[i] + 1)
            case .poisson: return y[i] + 0.1
            }
        }
        var eta = mu.map(link.apply)
        var xz = Matrix(rows: n, columns: fixedCount + 1)
        xz.values.replaceSubrange(0..<(n * fixedCount), with: x.values)
        var glm = BlockedSystem(terms: [], xy: xz)
        var deviance = Double.infinity
        var beta = Array(repeating: 0.0, count: fixedCount)
        var z = Array(repeating: 0.0, count: n), sw = Array(repeating: 0.0, count: n)
        for _ in 0..<50 {
            for i in 0..<n {
                let d = link.derivative(eta[i])
                sw[i] = (priorWeights[i] * d * d / distribution.variance(mu[i])).squareRoot()
                z[i] = eta[i] - offset[i] + (y[i] - mu[i]) / d
            }
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

/// PIRLS over u and β together for fixed θ, the objective of lme4's first stage.
struct JointModes {
    let model: GeneralizedLinearMixedModel
    var system: BlockedSystem
    var beta: [Double]
    var u: [Double]

    init(model: GeneralizedLinearMixedModel) throws(MixedModelError) {
        self.model = model
        let n = model.observationCount, p = model.fixedCount
        var xz = Matrix(rows: n, columns: p + 1)
        xz.values.replaceSubrange(0..<(n * p), with: model.x.values)
        self.system = BlockedSystem(terms: model.system.terms, xy: xz)
        self.beta = model.beta
        self.u = model.u
    }

    /// Laplace objective at θ with (β, u) the joint penalised IRLS solution.
    mutating func objective(theta: [Double]) -> Double {
        system.setTheta(theta)
        let n = model.observationCount
        var z = Array(repeating: 0.0, count: n), sw = Array(repeating: 0.0, count: n)
        let zeroFixed = model.offset
        var eta = model.linearPredictor(fixed: model.fixedPredictor(beta), spherical: u, in: system)
        var mu = eta.map(model.link.inverse)
        var pdev = model.devianceResidualSum(mu) + u.reduce(0) { $0 + $1 * $1 }
        func load() {
            for i in 0..<n {
                let d = model.link.derivative(eta[i])
                sw[i] = (model.priorWeights[i] * d * d / model.distribution.variance(mu[i])).squareRoot()
                z[i] = eta[i] - zeroFixed[i] + (model.y[i] - mu[i]) / d
            }
            system.setResponse(z, sqrtWeights: sw)
        }
        for _ in 0..<100 {
            load()
            guard (try? system.updateL()) != nil, let b = try? system.fixedEffects(),
                  let modes = try? system.sphericalModes(beta: b) else { return .infinity }
            var betaNew = b, uNew = modes.flatMap { $0 }
            var etaNew = model.linearPredictor(fixed: model.fixedPredictor(betaNew), spherical: uNew, in: system)
            var muNew = etaNew.map(model.link.inverse)
            var pdevNew = model.devianceResidualSum(muNew) + uNew.reduce(0) { $0 + $1 * $1 }
            var halvings = 0
            while !(pdevNew <= pdev) && halvings < 20 {
                for i in uNew.indices { uNew[i] = (u[i] + uNew[i]) / 2 }
                for i in betaNew.indices { betaNew[i] = (beta[i] + betaNew[i]) / 2 }
                etaNew = model.linearPredictor(fixed: model.fixedPredictor(betaNew), spherical: uNew, in: system)
                muNew = etaNew.map(model.link.inverse)
                pdevNew = model.devianceResidualSum(muNew) + uNew.reduce(0) { $0 + $1 * $1 }
                halvings += 1
            }
            if !(pdevNew <= pdev) { break }
            let change = pdev - pdevNew
            beta = betaNew; u = uNew; eta = etaNew; mu = muNew; pdev = pdevNew
            if change <= 1e-10 * (abs(pdev) + 1) { break }
        }
        load()
        guard (try? system.updateL()) != nil else { return .infinity }
        let value = system.logDeterminantRandom + u.reduce(0) { $0 + $1 * $1 } + model.minusTwoLogDensity(mu)
        return value.isFinite ? value : .infinity
    }

    /// √diag((R_XᵀR_X)⁻¹) at the current weights: the PIRLS standard errors of β.
    var standardErrors: [Double] { system.unscaledFixedCovariance.diagonal.map { $0.squareRoot() } }

    /// (R_XᵀR_X)⁻¹ at the current weights.
    var fixedCovariance: Matrix { system.unscaledFixedCovariance }
}
