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
    /// Largest number of observations with negative information handled exactly (the
    /// correction below is dense in them).
    static let indefiniteInformationLimit = 1_000

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
    /// factor PIRLS already computed, and WᵀW is accumulated over the non-zeros the columns
    /// share, so the cost grows with |R| and the factor, not with n × |R| (a dense n × |R|
    /// system took 3 s an evaluation on 60,000 rows). Zero when every observed weight is
    /// positive; +∞ when the Hessian is not positive definite (no Laplace approximation there).
    func indefiniteInformationCorrection(mu: [Double], system s: BlockedSystem) -> Double {
        guard distribution == .betaBinomial else { return 0 }
        var rows: [Int] = [], deficit: [Double] = []
        for i in mu.indices {
            let exact = distribution.dispersionWorkingWeight(y[i], mu[i], weight: priorWeights[i], dispersion: phi, observed: true)
            let f = distribution.dispersionWorkingWeight(y[i], mu[i], weight: priorWeights[i], dispersion: phi, observed: false).weight
            if exact.weight == f {
                let o = observedInformation(i, mu[i])
                if o <= 0 { rows.append(i); deficit.append(f - o) }
            }
        }
        guard !rows.isEmpty else { return 0 }
        // Beyond the limit the rows keep their Fisher weights (see `indefiniteInformationWarnings`).
        guard rows.count <= Self.indefiniteInformationLimit else { return 0 }
        let terms = s.terms, k = terms.count
        var offsets: [Int] = [], total = 0
        for term in terms { offsets.append(total); total += term.columnCount }
        var work: [[Double]] = terms.map { Array(repeating: 0, count: $0.columnCount) }
        // Column c of W as (position in the stacked modes, value), non-zeros only.
        var columns: [[(position: Int, value: Double)]] = []
        columns.reserveCapacity(rows.count)
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
            do {
                for j in 0..<k {
                    for m in 0..<j { BlockedSystem.subtractProduct(s.l[BlockedSystem.index(j, m)], work[m], from: &work[j]) }
                    try BlockedSystem.solveDiagonal(s.l[BlockedSystem.index(j, j)], &work[j])
                }
            } catch {
                return .infinity
            }
            var column: [(position: Int, value: Double)] = []
            for t in 0..<k {
                for e in work[t].indices where work[t][e] != 0 {
                    column.append((offsets[t] + e, work[t][e]))
                    work[t][e] = 0
                }
            }
            columns.append(column)
        }
        // G = I − WᵀW, summed over the positions two columns share.
        let r = rows.count
        var byPosition: [Int: [(column: Int, value: Double)]] = [:]
        for (c, column) in columns.enumerated() {
            for entry in column { byPosition[entry.position, default: []].append((c, entry.value)) }
        }
        var g = Matrix(rows: r, columns: r)
        for c in 0..<r { g[c, c] = 1 }
        for position in byPosition.keys.sorted() {
            guard let shared = byPosition[position] else { continue }
            for x in shared.indices {
                for z in x..<shared.count {
                    let (c1, v1) = shared[x], (c2, v2) = shared[z]
                    g[max(c1, c2), min(c1, c2)] -= v1 * v2
                }
            }
        }
        for c in 0..<r { for rr in (c + 1)..<max(r, c + 1) { g[c, rr] = g[rr, c] } }
        // Not positive definite: the Laplace determinant is undefined there, and an infinite
        // objective makes the optimiser step away (as for a failed PIRLS).
        guard (try? Cholesky.factor(&g)) != nil else { return .infinity }
        var ld = 0.0
        for c in 0..<r { ld += 2 * log(g[c, c]) }
        return ld.isFinite ? ld : .infinity
    }

    /// A warning when more rows than `indefiniteInformationLimit` have negative observed
    /// information at the estimates: the Laplace determinant then uses their Fisher weights
    /// (lme4's convention) instead of TMB's exact Hessian, and logLik can differ from glmmTMB's.
    func indefiniteInformationWarnings(mu: [Double]) -> [String] {
        guard distribution == .betaBinomial else { return [] }
        let count = mu.indices.filter { observedInformation($0, mu[$0]) <= 0 }.count
        guard count > Self.indefiniteInformationLimit else { return [] }
        return ["\(count) observations have negative observed information at the estimates (more than \(Self.indefiniteInformationLimit)): the Laplace determinant uses their Fisher weights, so logLik approximates glmmTMB's rather than matching it"]
    }

    /// −∂² log p/∂η² of observation i at μ without the fallback to the Fisher weight.
    func observedInformation(_ i: Int, _ mu: Double) -> Double {
        let m = priorWeights[i].rounded()
        guard m > 0 else { return 1 }
        let k = (m * y[i]).rounded()
        let a = mu * phi, b = (1 - mu) * phi, g1 = mu * (1 - mu)
        let d1 = Polygamma.digamma(k + a) - Polygamma.digamma(a) - Polygamma.digamma(m - k + b) + Polygamma.digamma(b)
        let d2 = Polygamma.trigamma(k + a) - Polygamma.trigamma(a) + Polygamma.trigamma(m - k + b) - Polygamma.trigamma(b)
        return -(phi * phi * d2 * g1 * g1 + phi * d1 * g1 * (1 - 2 * mu))
    }
}
