import Foundation

/// A generalised linear mixed model: y | b ~ D(μ), g(μ) = offset + Xβ + Zb, b = Λu,
/// u ~ N(0, I), fitted by maximum likelihood with the Laplace approximation or, for one
/// scalar random-effects term, adaptive Gauss–Hermite quadrature (Bates et al., lme4
/// vignette "Computational methods", section on GLMMs; Pinheiro & Bates 1995, J. Comput.
/// Graph. Stat. 4(1), 12–35).
///
/// Stored state:
/// - `x`, `y`, `priorWeights`, `offset`: the data (binomial y as proportions with the
///   number of trials as prior weight, as in R);
/// - `system`: the blocked factor of ΛᵀZᵀWZΛ + I for the working weights W of the current
///   conditional modes (its [X y] block holds only the working response: β is fixed while
///   the modes are found, as in lme4's second optimisation stage);
/// - `theta`, `fixedEffects` (β), `u`: the current parameters and spherical conditional modes;
/// - `phi`: the dispersion φ of the negative binomial and beta-binomial families (NaN for the
///   binomial and Poisson), estimated on the log scale with θ and β.
public struct GeneralizedLinearMixedModel: Sendable {
    public let formula: String
    public let distribution: Distribution
    public let link: Link
    public let fixedEffectNames: [String]
    /// Number of adaptive Gauss–Hermite points; 1 is the Laplace approximation; 0 is lme4's
    /// faster, cruder fit that optimises θ alone with β from PIRLS.
    public internal(set) var quadraturePoints: Int
    /// The adaptive Gauss–Hermite rule of `quadraturePoints` nodes (nil for Laplace and nAGQ = 0).
    let quadratureRule: GaussHermiteRule?
    /// The 25-node rule that averages predictions over the random intercepts.
    let marginalRule: GaussHermiteRule
    public var droppedFixedEffects: [String] = []
    public var rowsDropped: Int = 0
    public var observationRows: [Int] = []
    /// Warnings found while building or fitting (e.g. groups with all-zero responses).
    public var warnings: [String] = []
    /// Whether stage 2 profiles β out by Newton steps (`profiledObjective`) where the model
    /// allows it: on large data by default.
    public var profiledStage: ProfiledStage = .automatic
    /// Restricted maximum likelihood, as glmmTMB's `REML = TRUE`: β is integrated out with
    /// the random effects by one Laplace approximation over (u, β) jointly, and only θ is
    /// optimised (`GeneralizedLinearMixedModel+Restricted.swift`). Available for the
    /// binomial–logit and Poisson–log models with the Laplace approximation. Off by default,
    /// as in `glmer`.
    public var reml = false

    /// X with its indicator columns in bytes: PIRLS reads it several times a step.
    let x: FixedEffectsMatrix
    let y: [Double]
    let priorWeights: [Double]
    let offset: [Double]
    var system: BlockedSystem
    public internal(set) var theta: [Double]
    public internal(set) var fixedEffects: [Double]
    var u: [Double]
    var phi: Double = .nan
    public internal(set) var optimization: OptimizationSummary?
    /// Gradient and Hessian at the estimates, computed once after the fit when n < 10,000
    /// (lme4's `calc.derivs` rule) and shared by the standard errors and the diagnostics.
    public internal(set) var derivatives: ObjectiveDerivatives?
    /// After a REML fit: about two standard errors of each θ̂ (in θ's units, from the restricted
    /// criterion's Hessian in θ), the initial steps for fitting a neighbouring model from this
    /// θ̂ (`fit(startingFrom:steps:)`); nil otherwise.
    public internal(set) var thetaSteps: [Double]?
    /// The objective and conditional means at the estimates, stored by the fit so that the
    /// summary's deviance, log-likelihood, information criteria and fitted values do not
    /// rerun PIRLS.
    var fittedModes: FittedModes?
    /// The fast per-observation path of the binomial–logit and Poisson–log models (nil for
    /// the others, which take the generic path).
    let kernel: CanonicalKernel?
    /// Σ of the data-only part of log p (`Distribution.densityConstant`) for the families
    /// with dispersion, summed once here rather than in every evaluation; 0 otherwise.
    let densityConstant: Double

    struct FittedModes: Sendable {
        var objective: Double
        var mu: [Double]
        /// (R_XᵀR_X)⁻¹ at the estimates, kept for large data where Var(β̂) is this matrix and
        /// each recomputation is a joint PIRLS over n x p².
        var pirlsCovariance: Matrix?
    }

    public var terms: [RandomEffectsMatrix] { system.terms }
    public var observationCount: Int { y.count }
    public var fixedCount: Int { x.columns }
    public var thetaCount: Int { system.terms.reduce(0) { $0 + $1.thetaCount } }
    public var thetaLowerBounds: [Double] { system.terms.flatMap(\.thetaLowerBounds) }
    /// Scale of each θ entry (see `RandomEffectsMatrix.thetaScales`): θᵢ·scaleᵢ is unit-free.
    /// The optimiser works on these scaled values and the boundary test is applied to them.
    public var thetaScales: [Double] { system.terms.flatMap(\.thetaScales) }
    /// Number of estimated parameters: p + dim θ, plus one for a dispersion φ (no scale
    /// parameter for the binomial and Poisson).
    public var parameterCount: Int { fixedCount + thetaCount + (distribution.hasDispersion ? 1 : 0) }

    /// Builds the model from matrices. `y` is the response (binomial: proportion of
    /// successes), `priorWeights` the number of trials (binomial) or 1.
    init(response y: [Double], priorWeights: [Double], offset: [Double]?, fixedEffectsMatrix x: Matrix,
                fixedEffectNames: [String], terms: [RandomEffectsMatrix], distribution: Distribution,
                link: Link? = nil, quadraturePoints: Int = 1, formula: String = "") throws(MixedModelError) {
        try self.init(response: y, priorWeights: priorWeights, offset: offset,
                      fixedEffects: FixedEffectsMatrix(x, compactingIndicators: true), fixedEffectNames: fixedEffectNames,
                      terms: terms, distribution: distribution, link: link, quadraturePoints: quadraturePoints, formula: formula)
    }

    /// Builds the model from X as the frame holds it (indicator columns in bytes).
    init(response y: [Double], priorWeights: [Double], offset: [Double]?, fixedEffects x: FixedEffectsMatrix,
         fixedEffectNames: [String], terms: [RandomEffectsMatrix], distribution: Distribution,
         link: Link? = nil, quadraturePoints: Int = 1, formula: String = "") throws(MixedModelError) {
        let n = y.count
        guard x.rows == n, priorWeights.count == n, fixedEffectNames.count == x.columns else {
            throw .invalidArgument("model matrix has \(x.rows) rows for \(n) responses")
        }
        guard !terms.isEmpty else { throw .noRandomEffects(formula: formula) }
        for (row, v) in y.enumerated() where !v.isFinite { throw .nonFinite(column: "response", row: row + 1) }
        for (row, v) in priorWeights.enumerated() where !(v.isFinite && v >= 0) {
            throw .invalidWeight(column: "prior weights (trials)", row: row + 1, value: v, reason: "is not a non-negative, finite prior weight (number of trials)")
        }
        if let o = offset, let row = o.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(column: "offset", row: row + 1) }
        if let bad = x.firstNonFinite {
            throw .nonFinite(column: fixedEffectNames[bad.column], row: bad.row + 1)
        }
        let link = link ?? distribution.canonicalLink
        guard Link.allowed(for: distribution).contains(link) else {
            throw .invalidArgument("link '\(link.rawValue)' is not available for the \(distribution.rawValue) family (use \(Link.allowed(for: distribution).map(\.rawValue).joined(separator: ", ")))")
        }
        let sorted = RandomEffectsMatrix.lme4Order(terms)
        guard quadraturePoints >= 0, quadraturePoints <= 25 else {
            throw .invalidArgument("nAGQ must be between 0 and 25, got \(quadraturePoints)")
        }
        if quadraturePoints > 1 && distribution.hasDispersion {
            throw .invalidArgument("the \(distribution.rawValue) family is fitted by the Laplace approximation only (nAGQ = 1)")
        }
        if quadraturePoints > 1 {
            guard sorted.count == 1, sorted[0].q == 1, !sorted[0].isMultipleMembership else {
                throw .invalidArgument("nAGQ > 1 needs exactly one scalar random-effects term such as (1|g), without multiple membership")
            }
        }
        self.formula = formula
        self.distribution = distribution
        self.link = link
        self.fixedEffectNames = fixedEffectNames
        self.quadraturePoints = quadraturePoints
        do {
            quadratureRule = quadraturePoints > 1 ? try GaussHermiteRule(order: quadraturePoints) : nil
            marginalRule = try GaussHermiteRule(order: 25)
        } catch {
            throw .numerical("Gauss-Hermite rule: \(error.description)")
        }
        self.x = x
        self.y = y
        self.priorWeights = priorWeights
        self.offset = offset ?? Array(repeating: 0, count: n)
        self.kernel = CanonicalKernel(distribution: distribution, link: link, y: y, priorWeights: priorWeights)
        var constant = 0.0
        if distribution.hasDispersion {
            for i in 0..<n { constant += distribution.densityConstant(y[i], weight: priorWeights[i]) }
        }
        self.densityConstant = constant
        self.system = BlockedSystem(terms: sorted, x: Matrix(rows: n, columns: 0), y: Array(repeating: 0, count: n))
        self.theta = sorted.flatMap(\.initialTheta)
        self.fixedEffects = Array(repeating: 0, count: x.columns)
        self.u = Array(repeating: 0, count: sorted.reduce(0) { $0 + $1.columnCount })
        system.setTheta(theta)
        if distribution.hasDispersion { phi = 1 }
    }

    /// η = offset + Xβ.
    func fixedPredictor(_ beta: [Double]) -> [Double] {
        var eta = offset
        fixedPredictor(beta, into: &eta)
        return eta
    }

    /// η ← offset + Xβ in place (PIRLS refills one buffer at every step instead of
    /// allocating n values).
    func fixedPredictor(_ beta: [Double], into eta: inout [Double]) {
        if eta.count == offset.count {
            eta.withUnsafeMutableBufferPointer { ep in
                offset.withUnsafeBufferPointer { op in
                    guard let e = ep.baseAddress, let o = op.baseAddress else { return }
                    e.update(from: o, count: op.count)
                }
            }
        } else {
            eta = offset
        }
        do {
            try x.addProduct(beta, into: &eta)
        } catch {
            // β has one entry per column of X, so this cannot fail; were it to, η is NaN and
            // the objective there +∞, which the fit reports, rather than a silently wrong η.
            for i in eta.indices { eta[i] = .nan }
        }
    }

    /// η = offset + Xβ + ZΛu, with Λ the system's current relative covariance factor.
    func linearPredictor(fixed: [Double], spherical u: [Double], in s: BlockedSystem) -> [Double] {
        var eta = fixed
        addRandomPredictor(spherical: u, in: s, to: &eta)
        return eta
    }

    /// η ← η + ZΛu.
    /// η ← base + ZΛu: for a first term that is scalar, in one pass rather than a copy and
    /// a pass; the same sums either way.
    func setRandomPredictor(spherical u: [Double], in s: BlockedSystem, base: [Double], to eta: inout [Double]) {
        guard let first = s.terms.first, first.columnCount <= u.count,
              first.setPredictor(base: base, effects: first.conditionalEffects(spherical: u[0..<first.columnCount]), into: &eta) else {
            eta.replaceSubrange(0..<eta.count, with: base)
            addRandomPredictor(spherical: u, in: s, to: &eta)
            return
        }
        var offsetU = first.columnCount
        for t in s.terms.dropFirst() {
            let b = t.conditionalEffects(spherical: u[offsetU..<(offsetU + t.columnCount)])
            t.addPredictor(effects: b, to: &eta)
            offsetU += t.columnCount
        }
    }

    func addRandomPredictor(spherical u: [Double], in s: BlockedSystem, to eta: inout [Double]) {
        var offsetU = 0
        for t in s.terms {
            let b = t.conditionalEffects(spherical: u[offsetU..<(offsetU + t.columnCount)])
            t.addPredictor(effects: b, to: &eta)
            offsetU += t.columnCount
        }
    }

    /// μ ← g⁻¹(η) in place, returning Σ d(yᵢ, μᵢ): one pass for both. For the families with
    /// dispersion d is −2 log p(yᵢ | μᵢ, φ), the deviance up to a constant.
    func updateMean(eta: [Double], mu: inout [Double]) -> Double {
        if distribution.hasDispersion {
            let link = self.link, n = Swift.min(eta.count, mu.count)
            eta.withUnsafeBufferPointer { ep in
                mu.withUnsafeMutableBufferPointer { mp in
                    ParallelChunks.forEach(n) { range in for i in range { mp[i] = link.inverse(ep[i]) } }
                }
            }
            return minusTwoLogDensity(mu)
        }
        if let kernel { return kernel.updateMean(eta: eta, mu: &mu, y: y, priorWeights: priorWeights) }
        var s = 0.0
        let link = self.link, distribution = self.distribution
        eta.withUnsafeBufferPointer { ep in
            mu.withUnsafeMutableBufferPointer { mp in
                y.withUnsafeBufferPointer { yp in
                    priorWeights.withUnsafeBufferPointer { wp in
                        for i in 0..<ep.count {
                            let m = link.inverse(ep[i])
                            mp[i] = m
                            s += distribution.devianceResidual(yp[i], m, weight: wp[i])
                        }
                    }
                }
            }
        }
        return s
    }

    /// Σ d(yᵢ, μᵢ), the sum of deviance residuals (−2 Σ log p(yᵢ | μᵢ, φ) for the families
    /// with dispersion).
    func devianceResidualSum(_ mu: [Double]) -> Double {
        if distribution.hasDispersion { return minusTwoLogDensity(mu) }
        var s = 0.0
        for i in mu.indices { s += distribution.devianceResidual(y[i], mu[i], weight: priorWeights[i]) }
        return s
    }

    /// −2 Σ log p(yᵢ | μᵢ) with normalising constants (R's family `aic`; glmmTMB's for the
    /// families with dispersion, at φ = `phi`).
    func minusTwoLogDensity(_ mu: [Double]) -> Double {
        var s = 0.0
        if distribution.hasDispersion {
            // The log-gamma functions of these families make this the costliest pass of their
            // PIRLS: in fixed chunks on both cores (`ParallelChunks`), summed in chunk order.
            // The data-only terms are summed once (`densityConstant`) and log Γ(φ) once per pass.
            let phi = self.phi, distribution = self.distribution
            let logGammaPhi: Double = lgamma(phi)
            let n = Swift.min(mu.count, y.count, priorWeights.count)
            s = mu.withUnsafeBufferPointer { mp in
                y.withUnsafeBufferPointer { yp in
                    priorWeights.withUnsafeBufferPointer { wp in
                        ParallelChunks.sum(n) { range in
                            var part = 0.0
                            for i in range {
                                part += distribution.densityKernel(yp[i], mp[i], weight: wp[i], dispersion: phi, logGammaPhi: logGammaPhi)
                            }
                            return part
                        }
                    }
                }
            }
            return -2 * (s + densityConstant)
        }
        for i in mu.indices { s += distribution.logDensity(y[i], mu[i], weight: priorWeights[i]) }
        return -2 * s
    }
}

/// When the generalised fit's second stage profiles β out (θ alone in the optimiser, β̂(θ) by
/// Newton steps on the exact Laplace gradient) instead of optimising θ and β together.
public enum ProfiledStage: String, Sendable, Codable, Hashable {
    /// From `GeneralizedLinearMixedModel.largeData` observations, where the joint optimiser's
    /// evaluations dominate the fit.
    case automatic
    /// Whenever the model allows it (canonical binomial or Poisson link, or the negative
    /// binomial and beta-binomial families; Laplace; one term or two nested terms).
    case always
    /// Never: θ and β together, as lme4.
    case never

    func applies(observations n: Int) -> Bool {
        switch self {
        case .automatic: n >= GeneralizedLinearMixedModel.largeData
        case .always: true
        case .never: false
        }
    }
}
