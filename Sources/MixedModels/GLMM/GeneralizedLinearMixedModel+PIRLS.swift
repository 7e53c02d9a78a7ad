import Foundation

/// Penalised iteratively reweighted least squares: minimise Σ d(yᵢ, μᵢ) + ‖u‖² over the
/// spherical modes u (and, with `varyBeta`, over β too) by Fisher scoring. Each step is a
/// penalised weighted least-squares problem with weights wᵢ = mᵢ (dμ/dη)² / V(μ) and working
/// response zᵢ = ηᵢ − baseᵢ + (yᵢ − μᵢ)/(dμ/dη), solved through the blocked factor; steps that
/// raise the penalised deviance are halved (Bates et al. 2015, lme4 vignette; lme4's
/// `pwrssUpdate`). The families with dispersion take Newton steps instead, the weights being
/// the observed information (`workingResponse(observed:)`, and for the beta-binomial's rows
/// where it is negative the Woodbury correction of `exactNewtonCorrection`).
///
/// This is the one PIRLS of the library. With β fixed (`varyBeta == false`, lme4's second
/// stage) the system's [X y] block holds only the working response and base = offset + Xβ;
/// with β varying (lme4's nAGQ = 0 stage) the block holds [X z] and base = offset, and a step
/// moves β and u together. The fixed-effects GLM start uses the same working response.
extension GeneralizedLinearMixedModel {
    /// The result of PIRLS at one θ.
    struct ModeState {
        /// β: the given one, or with `varyBeta` the joint solution.
        var beta: [Double]
        var u: [Double]
        var eta: [Double]
        var mu: [Double]
        /// Σ d(y, μ) + ‖u‖²; +∞ when the factorisation failed.
        var penalizedDeviance: Double
        var converged: Bool
        /// Beta-binomial: the rows with negative observed information at the mode and their
        /// deficits (Fisher − observed), found by the last working response; nil when not
        /// computed.
        var negativeRows: (rows: [Int], deficit: [Double])? = nil
    }

    /// The system for PIRLS over (β, u) jointly: the model's terms with [X z] as the last block.
    /// It shares the model's X (never written), so it costs its blocks and z, not a copy of X,
    /// and the model system's pattern and indices (`replacingFixedEffects`).
    func jointSystem() -> BlockedSystem { jointSystem(from: system) }

    /// The joint system made from `model`, a system of the model's terms (its storage is
    /// shared until either is written).
    func jointSystem(from model: BlockedSystem) -> BlockedSystem {
        var s = model.replacingFixedEffects(x, response: Array(repeating: 0, count: observationCount))
        s.setTheta(theta)
        return s
    }

    /// Runs PIRLS at the system's θ from (β, `start`); on return the system's factor L is
    /// evaluated at the weights of the mode (the Laplace Hessian). `s` must hold [X z] when
    /// `varyBeta` is true and z alone otherwise.
    ///
    /// With `exactJointMode` (the restricted criterion's joint iteration), a step whose rise in
    /// the penalised deviance is within rounding is taken whole instead of halved, as with β
    /// fixed: the criterion's log|L|² depends to first order on where the iteration stops. In
    /// the five-cohort absence model a step from a carried start that close to the mode was
    /// halved away, the criterion there came out 0.04 above its neighbours', and BOBYQA took
    /// 44 evaluations instead of 23.
    func conditionalModes(beta: [Double], start: [Double], system s: inout BlockedSystem,
                          varyBeta: Bool = false, exactJointMode: Bool = false,
                          tolerance: Double = 1e-10, maxIterations: Int = 100) -> ModeState {
        let n = y.count
        var beta = beta
        var u = start
        var fixed = fixedPredictor(beta)
        var eta = fixed
        addRandomPredictor(spherical: u, in: s, to: &eta)
        var mu = Array(repeating: 0.0, count: n)
        var pdev = updateMean(eta: eta, mu: &mu) + u.reduce(0) { $0 + $1 * $1 }
        // Buffers allocated once per call and refilled in place on every iteration.
        var etaNew = Array(repeating: 0.0, count: n)
        var muNew = Array(repeating: 0.0, count: n)
        var fixedNew = fixed
        var converged = false
        // Beta-binomial rows whose observed information is negative enter L with their Fisher
        // weight, which would make the iteration linear (about 0.05 per step at national
        // size); the exact Newton step adds the Woodbury correction of those rows.
        let exactNewton = distribution == .betaBinomial && !varyBeta && !s.eliminatesObservationLevelTerm
            && !s.terms.contains(where: \.isMultipleMembership)
        var score: [Double] = []
        var negatives: (rows: [Int], deficit: [Double]) = ([], [])
        func evaluateStep(_ betaNew: [Double], _ uNew: [Double], predictorReady: Bool = false) -> Double {
            if varyBeta && !predictorReady { fixedPredictor(betaNew, into: &fixedNew) }
            setRandomPredictor(spherical: uNew, in: s, base: varyBeta ? fixedNew : fixed, to: &etaNew)
            return updateMean(eta: etaNew, mu: &muNew) + uNew.reduce(0) { $0 + $1 * $1 }
        }
        // The working response and weights are written into the system's own buffers.
        func loadWorkingSystem(observed: Bool = false) {
            let base = varyBeta ? offset : fixed
            if distribution.hasDispersion {
                s.updateResponse { z, sw in
                    negatives = dispersionWorkingResponse(eta: eta, mu: mu, base: base, z: &z, sqrtWeights: &sw,
                                                          observed: observed, score: &score, recordingScore: exactNewton)
                }
            } else {
                s.updateResponse { z, sw in
                    workingResponse(eta: eta, mu: mu, base: base, z: &z, sqrtWeights: &sw, observed: observed)
                }
            }
        }
        func failed() -> ModeState {
            ModeState(beta: beta, u: u, eta: eta, mu: mu, penalizedDeviance: .infinity, converged: false)
        }
        for _ in 0..<maxIterations {
            loadWorkingSystem(observed: distribution.hasDispersion)
            var betaNew = beta
            var uNew: [Double]
            do {
                try s.updateL()
                if varyBeta {
                    // offset + Xβ for the new β, formed once for both the modes' right-hand
                    // side and the step's predictor.
                    betaNew = try s.fixedEffects()
                    fixedPredictor(betaNew, into: &fixedNew)
                    uNew = try s.concatenatedSphericalModes(beta: betaNew, predictor: (fixedNew, offset))
                } else {
                    uNew = try s.concatenatedSphericalModes(beta: [])
                }
            } catch {
                return failed()
            }
            if exactNewton, !negatives.rows.isEmpty,
               let delta = exactNewtonCorrection(score: score, negatives: negatives, u: u, system: s), delta.count == uNew.count {
                for i in uNew.indices { uNew[i] += delta[i] }
            }
            var pdevNew = evaluateStep(betaNew, uNew, predictorReady: true)
            // With β fixed, stop on the size of the Newton step in u (spherical, so unit-free),
            // not only on the change in the penalised deviance: the deviance is flat at the mode,
            // so a change of ε leaves u off by about √ε, and the Laplace objective's log|L|²,
            // which is not flat there, inherits an error of that order (about 1e-7 with
            // ε = 1e-10 |pdev|). That noise, not the Hessian's conditioning, made finite-difference
            // standard errors differ by 4e-5 relative between units of x. A step this small is
            // taken even when rounding makes the deviance rise by a few ulps.
            if !varyBeta, maximumDifference(uNew, u) <= modeStepTolerance,
               pdevNew <= pdev || pdevNew - pdev <= tolerance * (abs(pdev) + 1) {
                u = uNew
                swap(&eta, &etaNew)
                swap(&mu, &muNew)
                pdev = pdevNew
                converged = true
                break
            }
            // With β fixed, a rise within the rounding of a sum over n terms says nothing about
            // the step, which Newton's method still gets right: take it and go on until the
            // step is small (the rule above), instead of halving a step that cannot lower the
            // deviance visibly. The joint iteration keeps halving there (as lme4's first stage
            // does), since a shorter step in β can still lower the deviance, and stage 1's θ
            // depends on where it stops.
            if (!varyBeta || exactJointMode) && pdevNew > pdev && pdevNew - pdev <= tolerance * (abs(pdev) + 1) {
                u = uNew
                swap(&eta, &etaNew)
                swap(&mu, &muNew)
                pdev = pdevNew
                guard varyBeta else { continue }
                // The joint step's change is within the tolerance: it has converged, at the
                // Newton point.
                beta = betaNew
                swap(&fixed, &fixedNew)
                converged = true
                break
            }
            var halvings = 0
            while !(pdevNew <= pdev) && halvings < 20 {
                for i in uNew.indices { uNew[i] = (u[i] + uNew[i]) / 2 }
                if varyBeta { for i in betaNew.indices { betaNew[i] = (beta[i] + betaNew[i]) / 2 } }
                pdevNew = evaluateStep(betaNew, uNew)
                halvings += 1
            }
            if !(pdevNew <= pdev) { converged = abs(pdev - pdevNew) <= 1e-8 * (abs(pdev) + 1); break }
            let change = pdev - pdevNew
            beta = betaNew
            u = uNew
            swap(&eta, &etaNew)
            swap(&mu, &muNew)
            if varyBeta { swap(&fixed, &fixedNew) }
            pdev = pdevNew
            if varyBeta && change <= tolerance * (abs(pdevNew) + 1) { converged = true; break }
        }
        // Refactor at the weights of the mode so that log|L|² is the Laplace Hessian's: for the
        // families with dispersion, the observed information (equal to the Fisher weights for
        // the canonical binomial and Poisson links).
        loadWorkingSystem(observed: true)
        do { try s.updateL() } catch { return failed() }
        return ModeState(beta: beta, u: u, eta: eta, mu: mu, penalizedDeviance: pdev, converged: converged,
                         negativeRows: distribution == .betaBinomial ? negatives : nil)
    }

    /// `conditionalModes` on the model's own system, moved out of `self` for the call. Given
    /// `&system`, a method of `self` runs on a copy of `self`, whose references to the system's
    /// storage made PIRLS's first writes copy it: with an observation-level term, four vectors
    /// as long as the data.
    mutating func modesOnModelSystem(beta: [Double], start: [Double]) -> ModeState {
        var s = system
        system.releaseStorage()
        let state = conditionalModes(beta: beta, start: start, system: &s)
        system = s
        return state
    }

    /// The largest Newton step in the spherical modes u at which PIRLS with β fixed stops.
    var modeStepTolerance: Double { 1e-9 }

    /// max |aᵢ − bᵢ|.
    func maximumDifference(_ a: [Double], _ b: [Double]) -> Double {
        var m = 0.0
        for i in a.indices { m = max(m, abs(a[i] - b[i])) }
        return m
    }

    /// Fills √wᵢ = √(mᵢ (dμ/dη)² / V(μᵢ)) and the working response zᵢ = ηᵢ − baseᵢ +
    /// (yᵢ − μᵢ)/(dμ/dη), base being the part of η the least-squares step does not re-estimate.
    /// For the families with dispersion, zᵢ = ηᵢ − baseᵢ + (∂ log p/∂η)/wᵢ with the weights of
    /// `Distribution.dispersionWorkingWeight` (Fisher scoring, or with `observed` the exact
    /// information), whose fixed point is the same mode.
    func workingResponse(eta: [Double], mu: [Double], base: [Double], z: inout [Double],
                         sqrtWeights sqrtW: inout [Double], observed: Bool = false) {
        if distribution.hasDispersion {
            var unused: [Double] = []
            dispersionWorkingResponse(eta: eta, mu: mu, base: base, z: &z, sqrtWeights: &sqrtW, observed: observed,
                                      score: &unused, recordingScore: false)
            return
        }
        if let kernel {
            kernel.workingResponse(eta: eta, mu: mu, base: base, y: y, priorWeights: priorWeights, z: &z, sqrtWeights: &sqrtW)
            return
        }
        let link = self.link, distribution = self.distribution
        eta.withUnsafeBufferPointer { ep in
            mu.withUnsafeBufferPointer { mp in
                base.withUnsafeBufferPointer { fp in
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
    }
}
