import Foundation
import ProbabilityDistributions

/// Estimates from one simulated data set of a parametric bootstrap.
public struct BootstrapReplicate: Sendable, Equatable {
    public var fixedEffects: [Double]
    public var theta: [Double]
    public var sigma: Double
    public var objective: Double
}

extension LinearMixedModel {
    /// The parametric bootstrap (Davison & Hinkley 1997, §2.2; lme4's `bootMer` with
    /// `use.u = FALSE`, `type = "parametric"`): simulate y* = Xβ̂ + ZΛ̂u* + σ̂ε* with u*, ε*
    /// standard normal, refit from θ̂, and collect the estimates. Only the response column of
    /// the blocked system changes between replicates, so each costs one pass over the data
    /// plus the optimisation. The normal draws come from `rng` (Marsaglia's polar method, the
    /// library's one normal generator), so a seed reproduces the replicates on any platform.
    public func parametricBootstrap(replicates: Int, using rng: inout SeededGenerator) throws(MixedModelError) -> [BootstrapReplicate] {
        guard replicates > 0 else { throw .invalidArgument("the number of bootstrap replicates must be positive, got \(replicates)") }
        let n = observationCount
        let beta = fixedEffects
        let sigmaHat = sigma
        let thetaHat = theta
        var fixedPart = Array(repeating: 0.0, count: n)
        system.x.addProductByColumns(beta, into: &fixedPart)
        func normal() -> Double { rng.standardNormal() }
        var out: [BootstrapReplicate] = []
        out.reserveCapacity(replicates)
        var model = self
        for _ in 0..<replicates {
            var y = fixedPart
            for t in system.terms {
                let u = (0..<t.columnCount).map { _ in normal() }
                let b = t.conditionalEffects(spherical: u[...])
                t.addPredictor(effects: b, to: &y)
            }
            let sw = system.sqrtWeights
            for o in 0..<n {
                let noise = sw.isEmpty ? normal() : normal() / sw[o]
                y[o] = fixedPart[o] + sigmaHat * ((y[o] - fixedPart[o]) + noise)
            }
            model.system.setResponse(y, sqrtWeights: sw)
            try model.fit(startingFrom: thetaHat, derivatives: false)
            out.append(BootstrapReplicate(fixedEffects: model.fixedEffects, theta: model.theta,
                                          sigma: model.sigma, objective: model.objective))
        }
        return out
    }
}
