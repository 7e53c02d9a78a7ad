import Foundation

/// Finite-difference gradient and Hessian of the objective in (θ, β) at the estimates.
///
/// Steps are taken in whitened coordinates γ = L_Xᵀ(β − β̂), L_X the factor of the PIRLS
/// information, so that a step is the same small fraction of a standard error for every
/// coefficient however its covariate is scaled (a covariate such as age² in the hundreds
/// makes any step proportional to |β| far too large). The results are mapped back to β:
/// g_β = L_X g_γ and H_ββ = L_X H_γγ L_Xᵀ, H_θβ = H_θγ L_Xᵀ. Plain central differences are
/// used: the objective carries the PIRLS stopping error, which Richardson extrapolation over
/// halved steps would amplify. θ is differentiated as θ̃ = sθ (`thetaScales`), unit-free
/// like γ, and mapped back the same way (g_θ = S g_θ̃, H_θθ = S H_θ̃θ̃ S). For the families with
/// dispersion log φ is the last coordinate, differentiated as it is (step 0.01).
public struct ObjectiveDerivatives: Sendable, Equatable {
    /// ∂objective/∂(θ, β) (and ∂/∂ log φ last, for the families with dispersion).
    public var gradient: [Double]
    /// ∂²objective/∂(θ, β[, log φ])², symmetric.
    var hessian: Matrix
    /// The Hessian in the coordinates it was computed in, (θ̃, γ): well conditioned whatever the
    /// units of the covariates, so the covariance of β̂ is inverted from it rather than from
    /// `hessian`, whose entries spread over the square of the covariates' scale ratios.
    var whitenedHessian: Matrix
    /// L_X, with γ = L_Xᵀ(β − β̂).
    var whiteningFactor: Matrix
}

extension GeneralizedLinearMixedModel {
    /// Computes the derivatives at the current estimates (about 2(t + p)² objective
    /// evaluations).
    public func objectiveDerivatives() -> ObjectiveDerivatives {
        let t = thetaCount, p = fixedCount, k = distribution.hasDispersion ? 1 : 0, m = t + p + k
        let l = pirlsInformationFactor
        let betaHat = fixedEffects
        func betaFrom(_ gamma: ArraySlice<Double>) -> [Double] {
            var v = Array(gamma)
            // L is p x p and γ has p entries, so the solve cannot fail; were it to, the
            // objective would be NaN there and the derivatives show it.
            do { try BLAS.solveLower(l, transpose: true, &v) } catch { return betaHat.map { _ in .nan } }
            return zip(betaHat, v).map { $0 + $1 }
        }
        let scales = thetaScales
        let start = zip(theta, scales).map { $0 * $1 } + Array(repeating: 0.0, count: p) + (k == 1 ? [log(phi)] : [])
        let f: ([Double]) -> Double = { v in
            let th = zip(v[0..<t], scales).map { $0 / $1 }, beta = betaFrom(v[t..<(t + p)])
            return k == 1 ? objective(theta: th, beta: beta, logDispersion: v[t + p]) : objective(theta: th, beta: beta)
        }
        // θ̃: 1e-3 (|θ̃| + 1); γ: 0.02, i.e. 2% of a standard error, where the objective is
        // close to quadratic and the PIRLS stopping error (~1e-9) is negligible against h².
        let steps = start[0..<t].map { 1e-3 * (abs($0) + 1) } + Array(repeating: 0.02, count: p)
            + Array(repeating: 1e-2, count: k)
        let gw = NumericalDerivatives.gradient(at: start, steps: steps, levels: 1, f)
        let hw = NumericalDerivatives.hessian(at: start, steps: steps, levels: 1, f)
        // Back to (θ, β): J = ∂(θ̃, γ)/∂(θ, β) = diag(S, L_Xᵀ); g = Jᵀ g_w, H = Jᵀ H_w J. The
        // matrices are (t + p)-square and small, so the products are written out.
        var jacobian = Matrix.identity(m)
        for i in 0..<t { jacobian[i, i] = scales[i] }
        for c in 0..<p { for r in 0..<p { jacobian[t + r, t + c] = l[c, r] } }
        var g = Array(repeating: 0.0, count: m)
        for c in 0..<m { for r in 0..<m { g[c] += jacobian[r, c] * gw[r] } }
        var hj = Matrix(rows: m, columns: m)
        for c in 0..<m { for k in 0..<m where jacobian[k, c] != 0 { for r in 0..<m { hj[r, c] += hw[r, k] * jacobian[k, c] } } }
        var h = Matrix(rows: m, columns: m)
        for c in 0..<m { for r in 0..<m { var v = 0.0; for k in 0..<m { v += jacobian[k, r] * hj[k, c] }; h[r, c] = v } }
        return ObjectiveDerivatives(gradient: g, hessian: h, whitenedHessian: hw, whiteningFactor: l)
    }

    /// L_X, the lower Cholesky factor of the PIRLS information for β at the estimates.
    var pirlsInformationFactor: Matrix {
        jointSystemAtEstimates()?.fixedFactor ?? Matrix.identity(fixedCount)
    }
}
