import Foundation

/// The objective minimised over (θ, β): −2 log of the Laplace or adaptive Gauss–Hermite
/// approximation to the marginal likelihood, with lme4's conventions so that the numbers
/// are comparable line by line:
///
///     Laplace:  log|L|² + ‖û‖² − 2 Σ log p(yᵢ | μ̂ᵢ)          (lme4 `glmResp::Laplace`)
///     AGQ:      Σⱼ [ûⱼ² + Σ_{i∈j} d(yᵢ, μ̂ᵢ)] + log|L|² − 2 Σⱼ log Σₖ wₖ exp(−Δⱼₖ/2 + zₖ²/2)
///
/// where Δⱼₖ is the change in group j's penalised deviance when ûⱼ moves by zₖ/Lⱼⱼ
/// (lme4 `glmerAGQ`). Like lme4, the quadrature form sums deviance residuals, so its
/// log-likelihood omits the binomial and Poisson normalising constants that the Laplace
/// form includes.
extension GeneralizedLinearMixedModel {
    /// Objective and modes at (θ, β), starting PIRLS at `start`. With `varyBeta` (lme4's
    /// nAGQ = 0 stage, `s` from `jointSystem()`) β is re-estimated with the modes, starting
    /// from `beta`, and the objective is the Laplace one whatever `quadraturePoints` says.
    /// With `carry`, `start` is the mode at `s`'s θ and factor (the last evaluation on `s`), and
    /// PIRLS starts from it carried to `theta` (`BlockedSystem.carriedModes`). `exactJointMode`
    /// is `conditionalModes`'.
    func evaluate(theta: [Double], beta: [Double], start: [Double], system s: inout BlockedSystem,
                  varyBeta: Bool = false, exactJointMode: Bool = false, carry: Bool = false) -> (value: Double, state: ModeState) {
        let start = carry ? s.carriedModes(start, to: theta) : start
        s.setTheta(theta)
        let state = conditionalModes(beta: beta, start: start, system: &s, varyBeta: varyBeta, exactJointMode: exactJointMode)
        let usq = state.u.reduce(0) { $0 + $1 * $1 }
        var ld = s.logDeterminantRandom
        if distribution == .betaBinomial && ld.isFinite {
            // The exact Hessian's determinant for rows with negative observed information
            // (NB2's observed information is always positive).
            let negatives = state.negativeRows ?? negativeInformationRows(mu: state.mu)
            ld += indefiniteInformation(negatives: negatives, system: s).logDeterminant
        }
        guard ld.isFinite, state.penalizedDeviance.isFinite else { return (.infinity, state) }
        if varyBeta || quadraturePoints <= 1 {
            // With the fast kernel, −2 Σ log p follows from the penalised deviance PIRLS kept.
            let logDensity = kernel.map { $0.minusTwoLogDensity(devianceSum: state.penalizedDeviance - usq) }
                ?? minusTwoLogDensity(state.mu)
            let value = ld + usq + logDensity
            return (value.isFinite ? value : .infinity, state)
        }
        return (adaptiveQuadrature(state: state, beta: beta, system: s, logDeterminant: ld), state)
    }

    /// The adaptive Gauss–Hermite objective for one scalar random-effects term.
    private func adaptiveQuadrature(state: ModeState, beta: [Double], system s: BlockedSystem, logDeterminant ld: Double) -> Double {
        guard let term = s.terms.first, case .blockDiagonal(let l) = s.l[BlockedSystem.index(0, 0)],
              let rule = quadratureRule else { return .infinity }
        let groups = term.levelCount
        let fixed = fixedPredictor(beta)
        func groupDeviance(_ u: [Double], _ mu: [Double]) -> [Double] {
            var d = u.map { $0 * $0 }
            for i in mu.indices {
                d[Int(term.refs[i])] += distribution.devianceResidual(y[i], mu[i], weight: priorWeights[i])
            }
            return d
        }
        let d0 = groupDeviance(state.u, state.mu)
        var mult = Array(repeating: 0.0, count: groups)
        for (zk, wk) in zip(rule.nodes, rule.weights) {
            if zk == 0 {
                for j in 0..<groups { mult[j] += wk }
                continue
            }
            var shifted = state.u
            for j in 0..<groups { shifted[j] += zk / l.values[j] }
            let eta = linearPredictor(fixed: fixed, spherical: shifted, in: s)
            let dk = groupDeviance(shifted, eta.map(link.inverse))
            for j in 0..<groups { mult[j] += wk * exp(-0.5 * (dk[j] - d0[j]) + 0.5 * zk * zk) }
        }
        var value = d0.reduce(0, +) + ld
        for m in mult { value -= 2 * log(m) }
        return value.isFinite ? value : .infinity
    }

    /// The objective at the model's current (θ, β): stored by the fit, computed for a model
    /// not yet fitted.
    public var objective: Double {
        if let fitted = fittedModes { return fitted.objective }
        var s = system
        return evaluate(theta: theta, beta: fixedEffects, start: u, system: &s).value
    }

    /// The objective at given (θ, β): the pure function the optimiser and the Hessian use.
    public func objective(theta: [Double], beta: [Double]) -> Double {
        var s = system
        return evaluate(theta: theta, beta: beta, start: u, system: &s).value
    }
}
