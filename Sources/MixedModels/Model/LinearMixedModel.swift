import Foundation

/// A linear mixed-effects model y = Xβ + Zb + ε, b ~ N(0, σ²ΛΛᵀ), ε ~ N(0, σ²I), fitted by
/// minimising the profiled deviance or REML criterion over θ (Bates, Mächler, Bolker &
/// Walker 2015, "Fitting linear mixed-effects models using lme4", J. Stat. Softw. 67(1)).
///
/// Stored state:
/// - `system`: the blocked A = [Z X y]ᵀ[Z X y] and its factor L for the current θ;
/// - `fixedEffectNames`: the columns of X, as lme4 names them, after aliased columns were dropped;
/// - `reml`: whether the criterion is REML (true) or the ML deviance;
/// - `optimization`: the optimiser's report once `fit()` has run.
public struct LinearMixedModel: Sendable {
    public let fixedEffectNames: [String]
    public var reml: Bool
    /// The formula the model came from, when it came from one.
    public var formula: String
    /// Fixed-effects columns dropped because they were linear combinations of earlier ones.
    public var droppedFixedEffects: [String] = []
    /// Rows of the data not used because a variable in the model was missing.
    public var rowsDropped: Int = 0
    /// Row (0-based) of the data behind each observation, when rows were dropped.
    public var observationRows: [Int] = []
    var system: BlockedSystem
    public internal(set) var optimization: OptimizationSummary?
    /// Seconds spent building and fitting the model, by stage.
    public var timing = FitTiming()
    /// The derivatives in θ computed at the optimum by `fit()`, reused by the convergence
    /// checks and the coefficient tests while θ stays there; nil after `setTheta`.
    var derivativesAtFit: ThetaDerivatives?

    /// Builds the model from its matrices. Terms are put in lme4's order (decreasing number
    /// of levels, ties in formula order) so that θ and the variance components line up.
    /// `weights`, when given, are prior weights wᵢ > 0: observation i has residual variance
    /// σ²/wᵢ, as with lme4's `lmer(..., weights = w)`.
    init(response: [Double], fixedEffectsMatrix x: Matrix, fixedEffectNames: [String],
                terms: [RandomEffectsMatrix], weights: [Double]? = nil, reml: Bool = true,
                formula: String = "") throws(MixedModelError) {
        try self.init(response: response, fixedEffects: FixedEffectsMatrix(x, compactingIndicators: true),
                      fixedEffectNames: fixedEffectNames, terms: terms, weights: weights, reml: reml, formula: formula)
    }

    /// Builds the model from X as the frame holds it (columns of 0s and 1s in bytes).
    init(response: [Double], fixedEffects x: FixedEffectsMatrix, fixedEffectNames: [String],
         terms: [RandomEffectsMatrix], weights: [Double]? = nil, reml: Bool = true,
         formula: String = "") throws(MixedModelError) {
        guard x.rows == response.count, fixedEffectNames.count == x.columns else {
            throw .invalidArgument("model matrix has \(x.rows) rows and \(x.columns) columns for \(response.count) responses and \(fixedEffectNames.count) names")
        }
        guard !terms.isEmpty else { throw .noRandomEffects(formula: formula) }
        for (row, v) in response.enumerated() where !v.isFinite { throw .nonFinite(column: "response", row: row + 1) }
        if let bad = x.firstNonFinite {
            throw .nonFinite(column: fixedEffectNames[bad.column], row: bad.row + 1)
        }
        var sqrtWeights: [Double] = []
        var logWeightSum = 0.0
        if let w = weights {
            guard w.count == response.count else {
                throw .invalidArgument("\(w.count) weights for \(response.count) observations")
            }
            for (row, v) in w.enumerated() where !(v.isFinite && v > 0) {
                throw .invalidWeight(column: "weights", row: row + 1, value: v, reason: "is not a positive, finite weight")
            }
            sqrtWeights = w.map { $0.squareRoot() }
            logWeightSum = w.reduce(0) { $0 + log($1) }
        }
        self.priorWeightLogSum = logWeightSum
        let sorted = RandomEffectsMatrix.lme4Order(terms)
        for t in sorted {
            guard t.refs.count == response.count, t.z.count == response.count * t.q else {
                throw .invalidArgument("random-effects term for '\(t.groupingName)' does not match the number of observations")
            }
        }
        self.fixedEffectNames = fixedEffectNames
        self.reml = reml
        self.formula = formula
        self.system = BlockedSystem(terms: sorted, x: x, y: response, sqrtWeights: sqrtWeights)
        do { try system.updateL() } catch { throw .numerical(error.description) }
    }

    /// Σ log wᵢ over the prior weights (0 without weights): the Jacobian term by which the
    /// weighted deviance differs from the unweighted one.
    let priorWeightLogSum: Double

    /// The random-effects terms in model order.
    public var terms: [RandomEffectsMatrix] { system.terms }
    /// n, the number of observations.
    public var observationCount: Int { system.observationCount }
    /// p, the number of fixed-effects coefficients.
    public var fixedCount: Int { system.fixedCount }
    /// The response y.
    public var response: [Double] { system.y }
    /// Current θ.
    public var theta: [Double] { system.theta }
    /// Lower bounds of θ: 0 on the diagonal of each λ, −∞ elsewhere.
    public var thetaLowerBounds: [Double] { system.terms.flatMap(\.thetaLowerBounds) }
    /// Scale of each θ entry (see `RandomEffectsMatrix.thetaScales`): θᵢ·scaleᵢ is unit-free.
    /// The optimiser works on these scaled values and the boundary test is applied to them.
    public var thetaScales: [Double] { system.terms.flatMap(\.thetaScales) }
    /// Number of covariance parameters in θ.
    public var thetaCount: Int { system.terms.reduce(0) { $0 + $1.thetaCount } }

    /// Whether a factorisation spends its time in one large dense LAPACK call (a crossed
    /// factor's diagonal block of at least `parallelBLASOrder` levels held dense), the one
    /// case where a second BLAS thread shortens a fit. Every other factorisation is many
    /// small BLAS calls, where BLAS threads cost more in waking and parking than they save
    /// (InstEval's supernodal factor: 1.9 s with one thread against 2.1-2.7 s with two).
    public var benefitsFromParallelBLAS: Bool { system.largestDenseRandomBlockOrder >= Self.parallelBLASOrder }

    /// The order of a dense random-effects block from which `benefitsFromParallelBLAS` holds.
    public static let parallelBLASOrder = 512

    /// Sets θ and refactors L.
    public mutating func setTheta(_ theta: [Double]) throws(MixedModelError) {
        guard theta.count == thetaCount else {
            throw .invalidArgument("θ has \(theta.count) values; the model has \(thetaCount)")
        }
        derivativesAtFit = nil
        system.setTheta(theta)
        do { try system.updateL() } catch { throw .numerical(error.description) }
    }

    /// The objective at the current θ: the REML criterion or the ML deviance (−2 log L),
    /// read off L (Bates et al. 2015, eqs. 34 and 41):
    ///
    ///     ML:   log|L_Z|² + n (1 + log(2π r²/n))
    ///     REML: log|L_Z|² + log|L_X|² + (n − p)(1 + log(2π r²/(n − p)))
    public var objective: Double { Self.objective(of: system, reml: reml, logWeightSum: priorWeightLogSum) }

    /// With prior weights both criteria also subtract Σ log wᵢ (lme4's `lmerResp::Laplace`).
    static func objective(of s: BlockedSystem, reml: Bool, logWeightSum: Double) -> Double {
        let n = Double(s.observationCount)
        let r2 = s.penalizedResidualSumOfSquares
        let ld = s.logDeterminantRandom
        if reml {
            let dof = n - Double(s.fixedCount)
            return ld + s.logDeterminantFixed + dof * (1 + log(2 * Double.pi * r2 / dof)) - logWeightSum
        }
        return ld + n * (1 + log(2 * Double.pi * r2 / n)) - logWeightSum
    }

    /// The objective at θ without changing the model: the pure function of θ the optimiser,
    /// the profile and the derivative checks all use. Non-positive-definite systems give +∞.
    public func objective(at theta: [Double]) -> Double {
        var s = system
        return Self.evaluate(&s, theta: theta, reml: reml, logWeightSum: priorWeightLogSum)
    }

    static func evaluate(_ s: inout BlockedSystem, theta: [Double], reml: Bool, logWeightSum: Double) -> Double {
        s.setTheta(theta)
        do { try s.updateL() } catch { return .infinity }
        return objective(of: s, reml: reml, logWeightSum: logWeightSum)
    }
}

/// What the optimiser reported for a fit.
public struct OptimizationSummary: Sendable {
    public var initialTheta: [Double]
    public var evaluations: Int
    public var status: Int32
    public var message: String
    public var converged: Bool
    public var seconds: Double
}
