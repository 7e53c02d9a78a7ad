import Foundation

extension LinearMixedModel {
    /// Fits the model: minimises the profiled objective over θ with BOBYQA from lme4's
    /// start (λ = I), then sets the model to the optimum. The fit is never rejected: a
    /// non-converged optimiser is reported in `optimization` and by the diagnostics.
    public mutating func fit(minimizer: BoundedMinimizer = BoundedMinimizer(), startingFrom theta0: [Double]? = nil) throws(MixedModelError) {
        let start = theta0 ?? system.terms.flatMap(\.initialTheta)
        guard start.count == thetaCount else {
            throw .invalidArgument("starting θ has \(start.count) values; the model has \(thetaCount)")
        }
        let lower = thetaLowerBounds
        let reml = self.reml
        var work = system
        let clock = ContinuousClock.now
        let result = minimizer.minimize(start: start, lower: lower) { theta in
            Self.evaluate(&work, theta: theta, reml: reml)
        }
        let elapsed = ContinuousClock.now - clock
        try setTheta(result.parameters)
        optimization = OptimizationSummary(
            initialTheta: start, evaluations: result.evaluations, status: result.status,
            message: result.message, converged: result.converged,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
