import Foundation

/// Penalised iteratively reweighted least squares for the conditional modes û(θ, β):
/// minimise Σ d(yᵢ, μᵢ) + ‖u‖² by Fisher scoring, each step a penalised weighted least-squares
/// problem with weights wᵢ = mᵢ (dμ/dη)² / V(μ) and working response zᵢ = ηᵢ − oᵢ − xᵢβ +
/// (yᵢ − μᵢ)/(dμ/dη), solved through the blocked factor; steps that raise the penalised
/// deviance are halved (Bates et al. 2015, lme4 vignette; lme4's `pwrssUpdate`).
extension GeneralizedLinearMixedModel {
    /// The result of PIRLS at one (θ, β).
    struct ModeState {
        var u: [Double]
        var eta: [Double]
        var mu: [Double]
        /// Σ d(y, μ) + ‖u‖².
        var penalizedDeviance: Double
        var converged: Bool
    }

    /// Finds û for the system's θ and the given β, starting from `start`; on return the
    /// system's factor L is evaluated at the weights of the mode (the Laplace Hessian).
    func conditionalModes(beta: [Double], start: [Double], system s: inout BlockedSystem,
                          tolerance: Double = 1e-10, maxIterations: Int = 100) -> ModeState {
        let n = y.count
        let fixed = fixedPredictor(beta)
        // Buffers allocated once per call and refilled in place on every iteration.
        var u = start
        var eta = fixed
        addRandomPredictor(spherical: u, in: s, to: &eta)
        var mu = Array(repeating: 0.0, count: n)
        var pdev = updateMean(eta: eta, mu: &mu) + u.reduce(0) { $0 + $1 * $1 }
        var etaNew = Array(repeating: 0.0, count: n)
        var muNew = Array(repeating: 0.0, count: n)
        var z = Array(repeating: 0.0, count: n)
        var sw = Array(repeating: 0.0, count: n)
        var converged = false
        func evaluateStep(_ uNew: [Double]) -> Double {
            etaNew.replaceSubrange(0..<n, with: fixed)
            addRandomPredictor(spherical: uNew, in: s, to: &etaNew)
            return updateMean(eta: etaNew, mu: &muNew) + uNew.reduce(0) { $0 + $1 * $1 }
        }
        for _ in 0..<maxIterations {
            setWorkingSystem(eta: eta, mu: mu, fixed: fixed, z: &z, sqrtW: &sw, system: &s)
            guard (try? s.updateL()) != nil, let next = try? s.sphericalModes(beta: []) else { break }
            var uNew = next.flatMap { $0 }
            var pdevNew = evaluateStep(uNew)
            // A rise within the rounding of a sum over n terms means the mode has been
            // reached: stop instead of halving steps that cannot help.
            if pdevNew > pdev && pdevNew - pdev <= tolerance * (abs(pdev) + 1) { converged = true; break }
            var halvings = 0
            while !(pdevNew <= pdev) && halvings < 20 {
                for i in uNew.indices { uNew[i] = (u[i] + uNew[i]) / 2 }
                pdevNew = evaluateStep(uNew)
                halvings += 1
            }
            if !(pdevNew <= pdev) { converged = abs(pdev - pdevNew) <= 1e-8 * (abs(pdev) + 1); break }
            let change = pdev - pdevNew
            u = uNew
            swap(&eta, &etaNew)
            swap(&mu, &muNew)
            pdev = pdevNew
            if change <= tolerance * (abs(pdevNew) + 1) { converged = true; break }
        }
        // Refactor at the weights of the mode so that log|L|² is the Laplace Hessian's.
        setWorkingSystem(eta: eta, mu: mu, fixed: fixed, z: &z, sqrtW: &sw, system: &s)
        _ = try? s.updateL()
        return ModeState(u: u, eta: eta, mu: mu, penalizedDeviance: pdev, converged: converged)
    }

    /// Loads the working response (without the fixed part) and √weights into the system.
    private func setWorkingSystem(eta: [Double], mu: [Double], fixed: [Double], z: inout [Double],
                                  sqrtW: inout [Double], system s: inout BlockedSystem) {
        let link = self.link, distribution = self.distribution
        eta.withUnsafeBufferPointer { ep in
            mu.withUnsafeBufferPointer { mp in
                fixed.withUnsafeBufferPointer { fp in
                    y.withUnsafeBufferPointer { yp in
                        priorWeights.withUnsafeBufferPointer { pw in
                            z.withUnsafeMutableBufferPointer { zp in
                                sqrtW.withUnsafeMutableBufferPointer { wp in
                                    for i in 0..<ep.count {
                                        let d = link.derivative(ep[i])
                                        let v = distribution.variance(mp[i])
                                        wp[i] = (pw[i] * d * d / v).squareRoot()
                                        zp[i] = ep[i] - fp[i] + (yp[i] - mp[i]) / d
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        s.setResponse(z, sqrtWeights: sqrtW)
    }
}
