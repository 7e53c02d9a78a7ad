import Foundation
import ProbabilityDistributions

/// The dispersion φ of the negative binomial and beta-binomial families: glmmTMB's `sigma()`
/// for `nbinom2` (Var = μ + μ²/φ) and `betabinomial` (p ~ Beta(μφ, (1 − μ)φ)). It is estimated
/// as log φ with θ and β in both optimisation stages, within `logDispersionRange`.
public struct DispersionEstimate: Sendable, Equatable, Codable {
    /// The family's φ at the estimates.
    public var estimate: Double
    /// SE of φ̂ by the delta method, φ̂ · SE(log φ̂); NaN when the Hessian is not positive definite.
    public var standardError: Double
    /// Wald interval exp(log φ̂ ± z SE(log φ̂)), which stays positive.
    public var lower: Double
    public var upper: Double
    public var level: Double
    /// True when φ̂ ran to the upper end of its range: no overdispersion beyond the limiting
    /// family (see `GeneralizedLinearMixedModel.dispersionBoundaryWarnings`).
    public var atBoundary: Bool
}

extension GeneralizedLinearMixedModel {
    /// φ̂, glmmTMB's `sigma()`; nil for the binomial and Poisson families.
    public var dispersion: Double? { distribution.hasDispersion ? phi : nil }

    /// The scale of φ in data units: the mean count (NB2, where φ is a count) or the largest
    /// number of trials (beta-binomial, where (m − 1)/(φ + 1) is the excess variance).
    var dispersionScale: Double {
        switch distribution {
        case .negativeBinomial: return max(y.reduce(0, +) / Double(max(y.count, 1)), 1e-3)
        case .betaBinomial: return max(priorWeights.max() ?? 1, 1)
        case .binomial, .poisson: return 1
        }
    }

    /// Bounds on log φ: from φ = 10⁻⁶ × scale (extreme overdispersion) to φ = 10⁶ × scale, where the
    /// variance exceeds the limiting family's by a fraction 10⁻⁶ at the typical mean: the
    /// likelihood there is flat in φ to the precision of the objective.
    var logDispersionRange: ClosedRange<Double> {
        let s = log(dispersionScale)
        return (s - 6 * M_LN10)...(s + 6 * M_LN10)
    }

    /// The boundary of the range below which φ̂ counts as "at ∞": excess variance under 10⁻⁴
    /// of the limiting family's at the typical mean.
    var logDispersionBoundary: Double { log(dispersionScale) + 4 * M_LN10 }

    /// A moment estimate of φ at β from the limiting family's GLM residuals: NB2
    /// Σμ² / Σ[(y − μ)² − μ]; beta-binomial 1/ρ − 1 with ρ = Σ[(k − mμ)² − mμ(1 − μ)] /
    /// Σ mμ(1 − μ)(m − 1). Without apparent overdispersion, the middle of the range.
    func dispersionStart(beta: [Double]) -> Double {
        let mu = fixedPredictor(beta).map(link.inverse)
        var num = 0.0, den = 0.0
        for i in mu.indices {
            switch distribution {
            case .negativeBinomial:
                num += mu[i] * mu[i]
                den += (y[i] - mu[i]) * (y[i] - mu[i]) - mu[i]
            case .betaBinomial:
                let m = priorWeights[i], v = m * mu[i] * (1 - mu[i])
                let r = m * (y[i] - mu[i])
                num += r * r - v
                den += v * (m - 1)
            case .binomial, .poisson: break
            }
        }
        let range = logDispersionRange
        let estimate: Double
        switch distribution {
        case .negativeBinomial: estimate = den > 0 ? num / den : .nan
        case .betaBinomial: estimate = num > 0 && den > 0 ? den / num - 1 : .nan
        case .binomial, .poisson: return .nan
        }
        let logStart = estimate.isFinite && estimate > 0 ? log(estimate) : (range.lowerBound + range.upperBound) / 2
        return exp(min(max(logStart, range.lowerBound + 1), logDispersionBoundary - 1))
    }

    /// Whether φ̂ ran off towards ∞ (no overdispersion).
    public var dispersionAtBoundary: Bool {
        distribution.hasDispersion && log(phi) >= logDispersionBoundary
    }

    /// The warning for a dispersion at the boundary: the data show no overdispersion, the
    /// family is the limiting one in all but name, and the simpler fit is suggested.
    func dispersionBoundaryWarnings() -> [String] {
        guard dispersionAtBoundary else { return [] }
        let limit = distribution.limitingFamily.rawValue
        return ["the dispersion ran to the boundary of its range (φ = \(phi), no overdispersion beyond the \(limit)): the \(distribution.rawValue) fit is a \(limit) fit in all but name; fit the \(limit) family instead"]
    }

    /// The objective at (θ, β, log φ).
    func objective(theta: [Double], beta: [Double], logDispersion: Double) -> Double {
        var m = self
        m.phi = exp(logDispersion)
        var s = system
        return m.evaluate(theta: theta, beta: beta, start: u, system: &s).value
    }

    /// φ̂ with its standard error and Wald interval on the log scale, from the inverse Hessian of
    /// the objective in (θ, β, log φ) (as glmmTMB's `sdreport`); on data too large for the
    /// full Hessian (n ≥ 10,000), from the second difference in log φ alone, which ignores the
    /// correlation with θ and β. Nil for families without dispersion.
    public func dispersionEstimate(level: Double = 0.95) -> DispersionEstimate? {
        guard distribution.hasDispersion else { return nil }
        let logPhi = log(phi)
        var variance = Double.nan
        if observationCount < MixedModelDefaults.derivativeObservationLimit {
            let d = derivatives ?? objectiveDerivatives()
            var f = d.hessian
            let m = f.rows
            // A Hessian that is not positive definite leaves the variance NaN: the SE and
            // interval of φ are reported as not available, not as a number.
            if m > 0, (try? Cholesky.factor(&f)) != nil {
                var e = Array(repeating: 0.0, count: m)
                e[m - 1] = 1
                if (try? BLAS.solveLower(f, &e)) != nil, (try? BLAS.solveLower(f, transpose: true, &e)) != nil {
                    variance = 2 * e[m - 1]
                }
            }
        } else {
            let h = 1e-2
            let f0 = objective, fp = objective(theta: theta, beta: fixedEffects, logDispersion: logPhi + h)
            let fm = objective(theta: theta, beta: fixedEffects, logDispersion: logPhi - h)
            let curvature = (fp - 2 * f0 + fm) / (h * h)
            if curvature > 0 { variance = 2 / curvature }
        }
        let se = variance > 0 ? variance.squareRoot() : .nan
        let z = Distributions.normalQuantile(0.5 + level / 2)
        return DispersionEstimate(estimate: phi, standardError: phi * se, lower: exp(logPhi - z * se),
                                  upper: exp(logPhi + z * se), level: level, atBoundary: dispersionAtBoundary)
    }
}

extension GeneralizedLinearMixedModel {
    /// Largest number of observations with negative information in one connected block of
    /// the correction below (which is dense within a block).
    static let indefiniteInformationLimit = 2_000

    /// log det(ΛᵀZᵀW_oZΛ + I) − log|L|², where W_o holds the observed information
    /// −∂² log p/∂η² at the mode and L the factor PIRLS left in `s`, whose weights replace the
    /// observed information by the Fisher weight where it is not positive. The beta-binomial
    /// log-likelihood is not log-concave in η for outlying counts, and TMB's Laplace
    /// approximation (glmmTMB's) uses the exact Hessian, negative contributions included.
    ///
    /// With A = LLᵀ, the rows R with observed information oᵢ ≤ 0, Fisher weights fᵢ and
    /// Dᵢ = fᵢ − oᵢ, the Hessian is A − VVᵀ with V's columns vᵢ = ΛᵀZᵀeᵢ√Dᵢ, so its
    /// log-determinant is log|A| + log det(I − WᵀW) with W = L⁻¹V. Each vᵢ has a handful of
    /// non-zeros (the levels of row i), the forward solve runs through the blocks of the
    /// factor PIRLS already computed, and WᵀW couples only columns that share a non-zero: the
    /// columns fall into connected blocks (one per school for (1 | school), one per LA for
    /// schools nested in LAs), and log det(I − WᵀW) is the sum over the blocks of their dense
    /// log-determinants. The cost grows with |R| and the factor, not with n × |R|. Zero when
    /// every observed weight is positive; +∞ when the Hessian is not positive definite (no
    /// Laplace approximation there).
    func indefiniteInformationCorrection(mu: [Double], system s: BlockedSystem) -> Double {
        indefiniteInformation(mu: mu, system: s).logDeterminant
    }

    /// The correction's pieces (`IndefiniteInformation`): W = L⁻¹V by columns, its connected
    /// blocks and the factors of I − WᵀW, kept for the Laplace β-gradient.
    func indefiniteInformation(mu: [Double], system s: BlockedSystem) -> IndefiniteInformation {
        guard distribution == .betaBinomial else { return .none }
        return indefiniteInformation(negatives: negativeInformationRows(mu: mu), system: s)
    }

    /// The same from the rows and deficits already found (PIRLS's last working response
    /// finds them; `ModeState.negativeRows`).
    func indefiniteInformation(negatives: (rows: [Int], deficit: [Double]), system s: BlockedSystem) -> IndefiniteInformation {
        let (rows, deficit) = negatives
        guard distribution == .betaBinomial, !rows.isEmpty, rows.count == deficit.count else { return .none }
        let terms = s.terms, k = terms.count
        var offsets: [Int] = [], total = 0
        for term in terms { offsets.append(total); total += term.columnCount }
        // Column c of W as (position in the stacked modes, value), non-zeros only.
        var columns: [[(position: Int, value: Double)]] = []
        columns.reserveCapacity(rows.count)
        if let sparse = Self.sparseColumnsOfW(rows: rows, deficit: deficit, system: s, offsets: offsets) {
            return IndefiniteInformation(columns: sparse, positions: total, limit: Self.indefiniteInformationLimit)
        }
        var work: [[Double]] = terms.map { Array(repeating: 0, count: $0.columnCount) }
        for (c, i) in rows.enumerated() {
            let root = deficit[c].squareRoot()
            for (t, term) in terms.enumerated() {
                let q = term.q
                func add(level: Int, weight: Double) {
                    for a in 0..<q {
                        var v = 0.0
                        for b in a..<q { v += term.z[i * q + b] * term.lambda[b + a * q] }
                        work[t][level * q + a] += weight * root * v
                    }
                }
                if let m = term.membership {
                    for x in m.range(i) { add(level: Int(m.level[x]), weight: m.weight[x]) }
                } else {
                    add(level: Int(term.refs[i]), weight: 1)
                }
            }
            do { try s.solveRandomLower(&work) } catch { return .indefinite }
            var column: [(position: Int, value: Double)] = []
            for t in 0..<k {
                for e in work[t].indices where work[t][e] != 0 {
                    column.append((offsets[t] + e, work[t][e]))
                    work[t][e] = 0
                }
            }
            columns.append(column)
        }
        return IndefiniteInformation(columns: columns, positions: total, limit: Self.indefiniteInformationLimit)
    }

    /// The rows whose observed information is not positive at μ (PIRLS gave them their Fisher
    /// weight), with the deficit fᵢ − oᵢ of each: one pass on both cores, in row order.
    func negativeInformationRows(mu: [Double]) -> (rows: [Int], deficit: [Double]) {
        let n = Swift.min(mu.count, y.count, priorWeights.count)
        let chunks = ParallelChunks.ranges(n)
        var found = [[(row: Int, deficit: Double)]](repeating: [], count: chunks.count)
        let model = self
        found.withUnsafeMutableBufferPointer { fp in
            let out = UncheckedRowLists(base: fp.baseAddress)
            ParallelChunks.forEachChunk(n) { chunk, range in
                var list: [(row: Int, deficit: Double)] = []
                for i in range {
                    let o = model.observedInformation(i, mu[i])
                    guard o <= 0 else { continue }
                    let f = model.distribution.dispersionWorkingWeight(model.y[i], mu[i], weight: model.priorWeights[i],
                                                                       dispersion: model.phi, observed: false).weight
                    list.append((i, f - o))
                }
                out.base?[chunk] = list
            }
        }
        let all = found.flatMap { $0 }
        return (all.map(\.row), all.map(\.deficit))
    }

    /// The columns of W = L⁻¹V for one term or two nested terms, each a forward solve through
    /// the row's own blocks only (one block of L₁₁, the one block of L₂₁ in its column, one of
    /// L₂₂), where the general path solves through vectors as long as every term: nil for
    /// other structures. The same arithmetic as the general path on its non-zeros.
    private static func sparseColumnsOfW(rows: [Int], deficit: [Double], system s: BlockedSystem,
                                         offsets: [Int]) -> [[(position: Int, value: Double)]]? {
        let k = s.termCount
        guard k == 1 || k == 2, !s.terms.contains(where: \.isMultipleMembership),
              case .blockDiagonal(let d1) = s.l[BlockedSystem.index(0, 0)] else { return nil }
        let t1 = s.terms[0], q1 = t1.q
        var second: (term: RandomEffectsMatrix, diagonal: BlockDiagonalMatrix, below: BlockSparseMatrix)?
        if k == 2 {
            guard case .blockDiagonal(let d) = s.l[BlockedSystem.index(1, 1)],
                  case .blockSparse(let b) = s.l[BlockedSystem.index(1, 0)], b.hasAtMostOneBlockPerColumn else { return nil }
            second = (s.terms[1], d, b)
        }
        let t2 = second?.term
        let q2 = t2?.q ?? 0
        var v1 = Array(repeating: 0.0, count: q1), v2 = Array(repeating: 0.0, count: max(q2, 1))
        var columns: [[(position: Int, value: Double)]] = []
        columns.reserveCapacity(rows.count)
        for (c, i) in rows.enumerated() {
            let root = deficit[c].squareRoot()
            let level1 = Int(t1.refs[i])
            guard GeneralizedLinearMixedModel.rowForwardSolve(row: i, scale: root, t1: t1, d1: d1, second: second,
                                                              v1: &v1, v2: &v2) else { return nil }
            var column: [(position: Int, value: Double)] = []
            for r in 0..<q1 where v1[r] != 0 { column.append((offsets[0] + level1 * q1 + r, v1[r])) }
            if let t2 {
                let level2 = Int(t2.refs[i])
                for r in 0..<q2 where v2[r] != 0 { column.append((offsets[1] + level2 * q2 + r, v2[r])) }
            }
            columns.append(column)
        }
        return columns
    }

    /// The working response of the families with dispersion, zᵢ = ηᵢ − baseᵢ + sᵢ/wᵢ and √wᵢ,
    /// with the weights of `Distribution.dispersionWorkingWeight` (Fisher, or with `observed`
    /// the observed information and the Fisher weight where that is not positive), in fixed
    /// chunks on both cores. For the beta-binomial with `observed` it also returns the rows
    /// whose observed information is not positive with their deficits f − o, and with
    /// `recordingScore` fills `score` with sᵢ: what `exactNewtonCorrection` and the
    /// determinant's correction need, without a second pass of polygamma functions.
    @discardableResult
    func dispersionWorkingResponse(eta: [Double], mu: [Double], base: [Double], z: inout [Double],
                                   sqrtWeights sqrtW: inout [Double], observed: Bool, score: inout [Double],
                                   recordingScore: Bool) -> (rows: [Int], deficit: [Double]) {
        let n = Swift.min(eta.count, mu.count, base.count, z.count, sqrtW.count, y.count, priorWeights.count)
        if recordingScore && score.count != n { score = Array(repeating: 0, count: n) }
        let chunks = ParallelChunks.ranges(n)
        var found = [[(row: Int, deficit: Double)]](repeating: [], count: chunks.count)
        let distribution = self.distribution, phi = self.phi
        // The beta-binomial's observed weight with the rows where it falls back to Fisher's.
        let exact = distribution == .betaBinomial && observed
        eta.withUnsafeBufferPointer { ep in
            mu.withUnsafeBufferPointer { mp in
                base.withUnsafeBufferPointer { bp in
                    y.withUnsafeBufferPointer { yp in
                        priorWeights.withUnsafeBufferPointer { pw in
                            z.withUnsafeMutableBufferPointer { zp in
                                sqrtW.withUnsafeMutableBufferPointer { wp in
                                    score.withUnsafeMutableBufferPointer { sp in
                                        found.withUnsafeMutableBufferPointer { fp in
                                            let out = UncheckedRowLists(base: fp.baseAddress)
                                            let record = recordingScore && sp.count >= n
                                            ParallelChunks.forEachChunk(n) { chunk, range in
                                                var list: [(row: Int, deficit: Double)] = []
                                                for i in range {
                                                    let m = mp[i], trials = pw[i].rounded()
                                                    var w: Double, sc: Double
                                                    if exact && trials > 0 {
                                                        let d = distribution.dispersionScoreAndInformation(yp[i], m, weight: pw[i], dispersion: phi)
                                                        w = d.information
                                                        sc = d.score
                                                        if !(w > 0 && w.isFinite) {
                                                            w = Swift.max(trials * m * (1 - m) * (1 + phi) / (trials + phi), .leastNormalMagnitude)
                                                            if d.information <= 0 { list.append((i, w - d.information)) }
                                                        }
                                                    } else {
                                                        (w, sc) = distribution.dispersionWorkingWeight(yp[i], m, weight: pw[i], dispersion: phi,
                                                                                                       observed: observed)
                                                    }
                                                    wp[i] = w.squareRoot()
                                                    zp[i] = ep[i] - bp[i] + sc / w
                                                    if record { sp[i] = sc }
                                                }
                                                out.base?[chunk] = list
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
        let all = found.flatMap { $0 }
        return (all.map(\.row), all.map(\.deficit))
    }

    /// The exact Newton step's correction of a PIRLS step (β fixed) for the beta-binomial rows
    /// R with negative observed information. PIRLS solves with A = LLᵀ, whose rows R carry
    /// their Fisher weights; the exact Hessian is H = A − VVᵀ (`IndefiniteInformation`). With
    /// g = ΛᵀZᵀs − u the gradient of the penalised log-likelihood in u, PIRLS's step is A⁻¹g and
    /// Newton's H⁻¹g = A⁻¹g + L⁻ᵀ W G⁻¹ Wᵀ L⁻¹ g: the second term is returned (stacked like u).
    /// Nil when H is not positive definite there (PIRLS's own step stands) or a term has
    /// multiple membership.
    func exactNewtonCorrection(score: [Double], negatives: (rows: [Int], deficit: [Double]), u: [Double],
                               system s: BlockedSystem) -> [Double]? {
        let info = indefiniteInformation(negatives: negatives, system: s)
        guard !info.isEmpty, info.logDeterminant.isFinite, score.count == observationCount else { return nil }
        var offset = 0
        var parts: [[Double]] = []
        for t in s.terms {
            guard !t.isMultipleMembership, offset + t.columnCount <= u.count else { return nil }
            var g = Self.lambdaTransposeZTranspose(score, term: t)
            for j in g.indices { g[j] -= u[offset + j] }
            parts.append(g)
            offset += t.columnCount
        }
        do {
            try s.solveRandomLower(&parts)
            let term = info.woodburyTerm(parts.flatMap { $0 })
            var start = 0
            for k in parts.indices {
                parts[k] = Array(term[start..<(start + parts[k].count)])
                start += parts[k].count
            }
            try s.solveRandomUpper(&parts)
        } catch {
            return nil
        }
        let delta = parts.flatMap { $0 }
        return delta.allSatisfy(\.isFinite) ? delta : nil
    }

    /// A warning when a connected block of rows with negative observed information is larger
    /// than `indefiniteInformationLimit` at the estimates: the Laplace determinant then uses
    /// their Fisher weights (lme4's convention) instead of TMB's exact Hessian, and logLik can
    /// differ from glmmTMB's.
    func indefiniteInformationWarnings(mu: [Double]) -> [String] {
        guard distribution == .betaBinomial else { return [] }
        guard indefiniteInformation(mu: mu, system: system).exceeded else { return [] }
        let count = negativeInformationRows(mu: mu).rows.count
        return ["\(count) observations have negative observed information at the estimates, more than \(Self.indefiniteInformationLimit) of them coupled through the random effects: the Laplace determinant uses their Fisher weights, so logLik approximates glmmTMB's rather than matching it"]
    }

    /// −∂² log p/∂η² of observation i at μ without the fallback to the Fisher weight.
    func observedInformation(_ i: Int, _ mu: Double) -> Double {
        guard priorWeights[i].rounded() > 0 else { return 1 }
        return distribution.dispersionDerivatives(y[i], mu, weight: priorWeights[i], dispersion: phi).information
    }
}

/// Chunk k's list of rows, written by chunk k's thread only (`negativeInformationRows`).
private struct UncheckedRowLists: @unchecked Sendable {
    let base: UnsafeMutablePointer<[(row: Int, deficit: Double)]>?
}

/// The rows R of a beta-binomial fit whose observed information is not positive, as the
/// low-rank correction of the factor PIRLS leaves (`indefiniteInformationCorrection`): the
/// exact Hessian is H = L(I − WWᵀ)Lᵀ with W = L⁻¹V, so
///
///     log det H = log|L|² + log det G,   H⁻¹ = L⁻ᵀ(I + W G⁻¹ Wᵀ)L⁻¹,   G = I − WᵀW,
///
/// and G is block diagonal over the connected blocks of W's columns (columns that share no
/// position never meet in WᵀW). Each block is factored once; the Laplace β-gradient applies
/// H⁻¹ through it (`addWoodbury`, `quadraticForm`).
struct IndefiniteInformation {
    /// Column c of W: (position in the stacked modes, value), non-zeros only.
    var columns: [[(position: Int, value: Double)]] = []
    /// Block of each column, its index within the block, and the Cholesky factor of each
    /// block's G.
    var block: [Int] = []
    var local: [Int] = []
    var factors: [Matrix] = []
    /// For each position of the stacked modes, the (column, value) entries of W there.
    var byPosition: [Int: [(column: Int, value: Double)]] = [:]
    /// Whether a position holds any entry of W (so that most rows skip the lookup).
    var touches: [Bool] = []
    /// For each touched position p: its block, eₚ = L_B⁻¹ W[p, B]ᵀ and ‖eₚ‖².
    var positionBlock: [Int] = []
    var projections: [[Double]] = []
    var projectionNorms: [Double] = []
    /// log det G; +∞ when G (so the exact Hessian) is not positive definite.
    var logDeterminant = 0.0
    /// A block had more rows than the limit: the correction is left out (0).
    var exceeded = false

    static let none = IndefiniteInformation()
    static let indefinite: IndefiniteInformation = {
        var c = IndefiniteInformation()
        c.logDeterminant = .infinity
        return c
    }()

    /// No correction applies (no such rows, or a block over the limit).
    var isEmpty: Bool { factors.isEmpty }

    init() {}

    init(columns: [[(position: Int, value: Double)]], positions: Int, limit: Int) {
        // Connected blocks: union-find over the positions the columns touch.
        var parent = Array(0..<columns.count)
        func root(_ c: Int) -> Int {
            var c = c
            while parent[c] != c { parent[c] = parent[parent[c]]; c = parent[c] }
            return c
        }
        var owner: [Int: Int] = [:]
        for (c, column) in columns.enumerated() {
            for entry in column {
                if let other = owner[entry.position] {
                    let (a, b) = (root(other), root(c))
                    if a != b { parent[max(a, b)] = min(a, b) }
                } else {
                    owner[entry.position] = c
                }
            }
        }
        var members: [Int: [Int]] = [:]
        for c in columns.indices { members[root(c), default: []].append(c) }
        guard members.values.allSatisfy({ $0.count <= limit }) else {
            exceeded = true
            return
        }
        var byPosition: [Int: [(column: Int, value: Double)]] = [:]
        var touches = Array(repeating: false, count: positions)
        for (c, column) in columns.enumerated() {
            for entry in column {
                byPosition[entry.position, default: []].append((c, entry.value))
                if entry.position < positions { touches[entry.position] = true }
            }
        }
        var block = Array(repeating: 0, count: columns.count)
        var local = Array(repeating: 0, count: columns.count)
        var factors: [Matrix] = []
        var ld = 0.0
        for (b, key) in members.keys.sorted().enumerated() {
            guard let list = members[key] else { continue }
            for (j, c) in list.enumerated() { block[c] = b; local[c] = j }
            // G = I − WᵀW over the block, summed over the positions two of its columns share.
            let r = list.count
            var g = Matrix(rows: r, columns: r)
            for j in 0..<r { g[j, j] = 1 }
            var positionsOfBlock: Set<Int> = []
            for c in list { for entry in columns[c] { positionsOfBlock.insert(entry.position) } }
            for position in positionsOfBlock.sorted() {
                guard let shared = byPosition[position] else { continue }
                for x in shared.indices {
                    for z in x..<shared.count {
                        let (c1, v1) = shared[x], (c2, v2) = shared[z]
                        let (l1, l2) = (local[c1], local[c2])
                        g[max(l1, l2), min(l1, l2)] -= v1 * v2
                    }
                }
            }
            for j in 0..<r { for i in (j + 1)..<max(r, j + 1) { g[j, i] = g[i, j] } }
            // Not positive definite: the Laplace determinant is undefined there, and an infinite
            // objective makes the optimiser step away (as for a failed PIRLS).
            guard (try? Cholesky.factor(&g)) != nil else {
                logDeterminant = .infinity
                return
            }
            for j in 0..<r { ld += 2 * log(g[j, j]) }
            factors.append(g)
        }
        var positionBlock = Array(repeating: -1, count: positions)
        var projections = [[Double]](repeating: [], count: positions)
        var projectionNorms = Array(repeating: 0.0, count: positions)
        for (position, entries) in byPosition where position < positions {
            guard let first = entries.first else { continue }
            let b = block[first.column]
            var e = Array(repeating: 0.0, count: factors[b].rows)
            for entry in entries { e[local[entry.column]] = entry.value }
            _ = try? BLAS.solveLower(factors[b], &e)
            positionBlock[position] = b
            projectionNorms[position] = e.reduce(0) { $0 + $1 * $1 }
            projections[position] = e
        }
        self.positionBlock = positionBlock
        self.projections = projections
        self.projectionNorms = projectionNorms
        self.columns = columns
        self.byPosition = byPosition
        self.touches = touches
        self.block = block
        self.local = local
        self.factors = factors
        logDeterminant = ld.isFinite ? ld : .infinity
    }

    /// v ← v + W G⁻¹ Wᵀ v, v indexed by the stacked modes.
    func addWoodbury(_ v: inout [Double]) {
        guard !isEmpty else { return }
        let t = woodburyTerm(v)
        for i in v.indices { v[i] += t[i] }
    }

    /// W G⁻¹ Wᵀ v, v indexed by the stacked modes.
    func woodburyTerm(_ v: [Double]) -> [Double] {
        var out = Array(repeating: 0.0, count: v.count)
        guard !isEmpty else { return out }
        var byBlock = factors.map { Array(repeating: 0.0, count: $0.rows) }
        for (c, column) in columns.enumerated() {
            var acc = 0.0
            for entry in column where entry.position < v.count { acc += entry.value * v[entry.position] }
            byBlock[block[c]][local[c]] = acc
        }
        for (b, f) in factors.enumerated() {
            // Each factor is positive definite (checked when formed), so the solves succeed.
            _ = try? BLAS.solveLower(f, &byBlock[b])
            _ = try? BLAS.solveLower(f, transpose: true, &byBlock[b])
        }
        for (c, column) in columns.enumerated() {
            let t = byBlock[block[c]][local[c]]
            for entry in column where entry.position < out.count { out[entry.position] += entry.value * t }
        }
        return out
    }

    /// (Wᵀv)ᵀ G⁻¹ (Wᵀv) for a sparse v given as (position, value) pairs: 0 when v meets no
    /// column of W. Per block B, ‖Σₚ vₚ eₚ‖² with eₚ = L_B⁻¹ W[p, B]ᵀ formed once per position
    /// (`projections`): the gradient asks this of every row of a school with such rows.
    func quadraticForm(_ v: [(position: Int, value: Double)]) -> Double {
        guard !isEmpty else { return 0 }
        if v.count == 1, let (position, value) = v.first {
            guard meets(position: position) else { return 0 }
            return value * value * projectionNorms[position]
        }
        var blocks: [Int] = [], sums: [[Double]] = []
        for (position, value) in v where meets(position: position) {
            let b = positionBlock[position]
            let e = projections[position]
            if let j = blocks.firstIndex(of: b) {
                for r in e.indices { sums[j][r] += value * e[r] }
            } else {
                blocks.append(b)
                sums.append(e.map { value * $0 })
            }
        }
        var total = 0.0
        for x in sums { for e in x { total += e * e } }
        return total
    }

    /// Whether any position of the sparse v meets a column of W.
    @inline(__always)
    func meets(position: Int) -> Bool { position >= 0 && position < touches.count && touches[position] }
}
