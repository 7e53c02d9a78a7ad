import Foundation

/// A start for θ near its optimum, for generalised models whose every term is a scalar random
/// intercept: moments of the GLM's working residuals (Henderson's method I on the linearised
/// model, weighted by the working weights).
///
/// At the fixed-effects GLM fit β̂ the working residuals rᵢ = (yᵢ − μᵢ)/(dμ/dη) are, to first
/// order, Σₖ b_{k,ℓₖ(i)} + eᵢ with Var(eᵢ) = 1/wᵢ, wᵢ = mᵢ(dμ/dη)²/V(μᵢ), and b_k the k-th
/// term's effects with variance σ²ₖ (θₖ = σₖ, the scale of a binomial or Poisson model being 1).
/// For term k with levels ℓ, Wₗ = Σ_{i∈ℓ} wᵢ and Tₗ = Σ_{i∈ℓ} wᵢrᵢ, the statistic
/// Sₖ = Σₗ Tₗ²/Wₗ has expectation
///
///     E Sₖ = σ²ₖ Σᵢ wᵢ + Σ_{j≠k} σ²ⱼ Σₗ Σₘ W²ₗₘ/Wₗ + (levels of k with Wₗ > 0),
///
/// Wₗₘ the weight of the rows at level ℓ of k and level m of j. Setting every Sₖ to its
/// expectation gives t linear equations in σ². For an observation-level term, `(1 | pupil)`,
/// S is Pearson's X², so the equations separate overdispersion from the school variance.
///
/// From θ = 1, BOBYQA crawled along the flat direction of the school SD (58 evaluations of a
/// five-cohort absence model, school θ from 1 to 0.25); from here it starts near the optimum.
/// The residuals at the marginal GLM fit are attenuated on the logit scale, so this is a start,
/// not an estimate: a σ²ₖ that comes out at or below zero starts at θₖ = 0.1.
extension GeneralizedLinearMixedModel {
    /// θ (in the model's term order and θ's own units) from the working residuals at `beta`,
    /// or nil when a term is not a scalar intercept, the family has a dispersion parameter,
    /// or the moments do not give finite values.
    func momentStart(beta: [Double]) -> [Double]? {
        let terms = system.terms
        let n = observationCount
        guard n > 1, !distribution.hasDispersion,
              terms.allSatisfy({ $0.q == 1 && !$0.isMultipleMembership && $0.columnNames == ["(Intercept)"] && $0.refs.count == n })
        else { return nil }
        let eta = fixedPredictor(beta)
        var w = [Double](repeating: 0, count: n), wr = [Double](repeating: 0, count: n)
        var totalWeight = 0.0
        for i in 0..<n {
            let d = link.derivative(eta[i])
            let mu = link.inverse(eta[i])
            let wi = priorWeights[i] * d * d / distribution.variance(mu)
            guard wi.isFinite else { return nil }
            w[i] = wi
            // wᵢrᵢ = wᵢ(yᵢ − μᵢ)/(dμ/dη)
            wr[i] = wi * (y[i] - mu) / d
            totalWeight += wi
        }
        guard totalWeight > 0, totalWeight.isFinite else { return nil }
        let t = terms.count
        let observationLevel = terms.map { BlockedSystem.isObservationLevel($0, observations: n) }
        // Per term: Wₗ and Tₗ.
        var levelWeight: [[Double]] = [], statistic: [Double] = [], levels: [Double] = []
        for term in terms {
            var wl = [Double](repeating: 0, count: term.levelCount), tl = [Double](repeating: 0, count: term.levelCount)
            for i in 0..<n {
                let l = Int(term.refs[i])
                wl[l] += w[i]
                tl[l] += wr[i]
            }
            var s = 0.0, count = 0.0
            for l in 0..<term.levelCount where wl[l] > 0 {
                s += tl[l] * tl[l] / wl[l]
                count += 1
            }
            levelWeight.append(wl)
            statistic.append(s)
            levels.append(count)
        }
        // The coefficients Σₗ Σₘ W²ₗₘ/Wₗ. When either term has one row per level, Wₗₘ is a
        // single row's weight, so the sum runs over rows; otherwise the cells are gathered.
        var a = Matrix(rows: t, columns: t)
        for k in 0..<t {
            a[k, k] = totalWeight
            for j in 0..<t where j != k {
                let wk = levelWeight[k], rk = terms[k].refs
                var c = 0.0
                if observationLevel[k] {
                    c = totalWeight
                } else if observationLevel[j] {
                    for i in 0..<n where w[i] > 0 { c += w[i] * w[i] / wk[Int(rk[i])] }
                } else {
                    let rj = terms[j].refs, lj = Int64(terms[j].levelCount)
                    var cells: [Int64: Double] = [:]
                    for i in 0..<n where w[i] > 0 { cells[Int64(rk[i]) * lj + Int64(rj[i]), default: 0] += w[i] }
                    for (key, v) in cells { c += v * v / wk[Int(key / lj)] }
                }
                a[k, j] = c
            }
        }
        var sigma2 = (0..<t).map { statistic[$0] - levels[$0] }
        do { try BLAS.solve(a, &sigma2) } catch { return nil }
        guard sigma2.allSatisfy(\.isFinite) else { return nil }
        return sigma2.map { $0 > 0.01 ? $0.squareRoot() : 0.1 }
    }
}

extension GeneralizedLinearMixedModel {
    /// The first θ̃ = sθ of the maximum-likelihood fit: `momentStart` at the GLM start of β
    /// already in `fixedEffects` where it applies, else each term's λ = I.
    var scaledStartingTheta: [Double] {
        if let start = momentStart(beta: fixedEffects) { return zip(start, thetaScales).map { $0 * $1 } }
        return system.terms.flatMap(\.initialTheta)
    }
}
