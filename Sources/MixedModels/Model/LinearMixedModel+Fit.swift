import Foundation

extension LinearMixedModel {
    /// Fits the model: minimises the profiled objective over θ with BOBYQA from lme4's
    /// start (`momentStart` when every term is a scalar intercept, as `lmer` does, else
    /// λ = I), then sets the model to the optimum. The fit is never rejected: a
    /// non-converged optimiser is reported in `optimization` and by the diagnostics.
    ///
    /// Derivative-free optimisers can stall on the boundary when intercepts and slopes are
    /// strongly correlated (an uncentred covariate): a diagonal element of λ driven to zero
    /// early leaves the trust region too small to come back. So, as a safeguard, the fit is
    /// restarted once from its own optimum with a fresh trust region, and once more with
    /// every zero diagonal element moved back into the interior; the best optimum is kept.
    ///
    /// The optimiser works on θ̃ = sθ, entry by entry (`thetaScales`: s is the root mean
    /// square of the column of Z that the entry's row of λ multiplies), which is λ̃ = diag(s)λ
    /// for Z with unit-scale columns. θ for a random slope is in units of 1/x, so with θ
    /// itself a covariate in millions or millionths puts the optimum far from the start λ = I
    /// and the initial steps, and BOBYQA stops elsewhere; θ̃ is unit-free. The start is
    /// λ̃ = I (θ = 1/s on the diagonal; for intercepts s = 1, lme4's start), and the
    /// optimum, stored θ and everything reported are in the original units.
    ///
    /// With `derivatives` (the default) the derivatives in θ behind the summary's convergence
    /// checks, standard errors and degrees of freedom are then computed once at the optimum
    /// (`timing.inference`); a caller that needs only the estimates (a bootstrap) skips them.
    public mutating func fit(minimizer: BoundedMinimizer = BoundedMinimizer(), startingFrom theta0: [Double]? = nil,
                             derivatives: Bool = true) throws(MixedModelError) {
        let scales = thetaScales
        let scaledInitial = system.terms.flatMap(\.initialTheta)
        let start = theta0 ?? momentStart ?? zip(scaledInitial, scales).map { $0 / $1 }
        guard start.count == thetaCount else {
            throw .invalidArgument("starting θ has \(start.count) values; the model has \(thetaCount)")
        }
        let lower = thetaLowerBounds
        let scaledStart = zip(start, scales).map { $0 * $1 }
        func unscaled(_ scaledTheta: [Double]) -> [Double] { zip(scaledTheta, scales).map { $0 / $1 } }
        let reml = self.reml
        let logWeightSum = priorWeightLogSum
        var work = system
        let clock = ContinuousClock.now
        // The objective carries dof·log(r²), so changing the units of y by k adds the
        // constant dof·log k². The optimiser's relative tolerance would then stop at a
        // unit-dependent precision (y×1e150 moves df by 1e-5), so it minimises the objective
        // less dof·log(mean y²), which is unit-free; the optimum is the same.
        let y = response
        let meanSquare = y.reduce(0) { $0 + $1 * $1 } / Double(max(y.count, 1))
        let shift = meanSquare > 0 && meanSquare.isFinite ? residualDegreesOfFreedom * log(meanSquare) : 0
        func run(_ from: [Double]) -> BoundedMinimizer.Result {
            minimizer.minimize(start: from, lower: lower) { scaledTheta in
                Self.evaluate(&work, theta: unscaled(scaledTheta), reml: reml, logWeightSum: logWeightSum) - shift
            }
        }
        var best = run(scaledStart)
        var evaluations = best.evaluations
        // The restarts guard against a stall. An interior optimum where the Newton step in θ̃
        // is negligible has not stalled; the derivatives that show it are the ones the summary
        // needs, so they are kept and the restarts skipped.
        var derivativeSeconds = 0.0
        var atBest: ThetaDerivatives?
        if MixedModelDefaults.boundaryIndices(best.parameters, lowerBounds: lower, scales: []).isEmpty {
            let before = ContinuousClock.now
            try setTheta(unscaled(best.parameters))
            let d = computeThetaDerivatives()
            derivativeSeconds = (ContinuousClock.now - before) / .seconds(1)
            if let step = d.scaledNewtonStep, step < MixedModelDefaults.settledNewtonStep { atBest = d }
        }
        if atBest == nil {
            let restart = run(best.parameters)
            evaluations += restart.evaluations
            if restart.value < best.value { best = restart }
            let boundary = MixedModelDefaults.boundaryIndices(best.parameters, lowerBounds: lower, scales: [])
            if !boundary.isEmpty {
                var moved = best.parameters
                for i in boundary { moved[i] = 1 }
                let interior = run(moved)
                evaluations += interior.evaluations
                if interior.value < best.value - 1e-10 { best = interior }
            }
        }
        try setTheta(unscaled(best.parameters))
        let optimised = ContinuousClock.now
        let optimiseSeconds = (optimised - clock) / .seconds(1) - (atBest == nil ? 0 : derivativeSeconds)
        optimization = OptimizationSummary(
            initialTheta: start, evaluations: evaluations, status: best.status,
            message: best.message, converged: best.converged,
            seconds: optimiseSeconds)
        timing.optimise = optimiseSeconds
        if let atBest, derivatives {
            derivativesAtFit = atBest
            timing.inference = derivativeSeconds
        } else         if derivatives {
            derivativesAtFit = computeThetaDerivatives()
            timing.inference = (ContinuousClock.now - optimised) / .seconds(1)
        }
    }

    /// lme4's start for a model whose every term is a scalar random intercept (`lmer` through
    /// `mkLmerDevfun`): θₖ = √(vₖ / vₑ), with vₖ the variance of the response's group means by
    /// the k-th factor (each observation replaced by the mean of its level, R's
    /// `var(ave(y, f))`) and vₑ = var(y) − Σₖ vₖ. Nil, for the start λ = I, when vₑ is not
    /// positive (an observation-level term, or factors that explain everything) or a term has
    /// slopes or several memberships. The ratios are unit-free, and near the optimum: InstEval
    /// takes 53 evaluations from here against 101 from λ = I (lme4: 52).
    var momentStart: [Double]? {
        let y = response
        let n = y.count
        guard n > 1, system.terms.allSatisfy({ $0.q == 1 && !$0.isMultipleMembership && $0.columnNames == ["(Intercept)"] }) else {
            return nil
        }
        let mean = y.reduce(0, +) / Double(n)
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        // Σᵢ (ave(y, f)ᵢ − ȳ)² = Σ_levels nₗ (ȳₗ − ȳ)²; var()'s common n − 1 cancels in the ratios.
        var between: [Double] = []
        for t in system.terms {
            var sums = [Double](repeating: 0, count: t.levelCount), counts = [Double](repeating: 0, count: t.levelCount)
            for (o, r) in t.refs.enumerated() {
                let level = Int(r)
                guard level >= 0, level < t.levelCount else { return nil }
                sums[level] += y[o]
                counts[level] += 1
            }
            var ss = 0.0
            for l in 0..<t.levelCount where counts[l] > 0 {
                let d = sums[l] / counts[l] - mean
                ss += counts[l] * d * d
            }
            between.append(ss)
        }
        let residual = total - between.reduce(0, +)
        guard residual > 0, residual.isFinite else { return nil }
        let theta = between.map { ($0 / residual).squareRoot() }
        guard theta.allSatisfy(\.isFinite) else { return nil }
        // In the model's term order, as `theta`, and in θ's units: the scales of intercepts are 1.
        return theta
    }
}
