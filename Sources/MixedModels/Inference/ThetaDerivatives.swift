import Foundation

/// Derivatives at θ̂ of the pieces of the profiled criterion, from one stencil of factor
/// updates shared by the convergence checks, the standard errors and Satterthwaite's degrees
/// of freedom (so the summary after a fit costs about 2m + m(m − 1) factorisations per
/// Richardson level for m covariance parameters, never a refit or a pass over the data).
///
/// At each θ the factor gives d(θ) = log|L_Z|² [+ log|L_X|²] (REML) − Σ log wᵢ, the penalised
/// residual sum of squares r²(θ) and C(θ) = (R_XᵀR_X)⁻¹. Everything the summary reports is a
/// function of these: the profiled objective f = d + ν(1 + log(2πr²/ν)) with ν = n − p (REML)
/// or n (ML), the deviance at explicit σ, −2ℓ(θ, σ) = d + ν log(2πσ²) + r²/σ², and
/// Var(β̂) = σ²C. Derivatives in σ are analytic; those in θ are finite differences taken in
/// the unit-free θ̃ = sθ (`thetaScales`), with steps 10⁻³(|θ̃ᵢ| + 1) and two Richardson levels.
struct ThetaDerivatives: Sendable {
    /// θ (original units) at which the derivatives were taken.
    var theta: [Double]
    /// s, with θ̃ = sθ.
    var scales: [Double]
    /// ν, the residual degrees of freedom of σ̂².
    var dof: Double
    /// d, r² and C at θ.
    var logDeterminant: Double
    var residualSumOfSquares: Double
    var covariance: Matrix
    /// ∂d/∂θ̃, ∂r²/∂θ̃, and ∂C/∂θ̃ᵢ (one p x p matrix per coordinate).
    var logDeterminantGradient: [Double]
    var residualSumOfSquaresGradient: [Double]
    var covarianceJacobian: [Matrix]
    /// ∂²d/∂θ̃², ∂²r²/∂θ̃².
    var logDeterminantHessian: Matrix
    var residualSumOfSquaresHessian: Matrix

    static let relativeStep = 1e-3
    static let levels = 2

    /// Gradient of the profiled objective in θ (original units).
    var objectiveGradient: [Double] {
        let r2 = residualSumOfSquares
        return scales.indices.map { i in
            (logDeterminantGradient[i] + dof * residualSumOfSquaresGradient[i] / r2) * scales[i]
        }
    }

    /// Hessian of the profiled objective in θ (original units):
    /// ∂²f = ∂²d + ν(∂²r²/r² − ∂r² ∂r²ᵀ/r⁴).
    var objectiveHessian: Matrix {
        let m = scales.count
        let r2 = residualSumOfSquares
        var h = Matrix(rows: m, columns: m)
        for i in 0..<m {
            for j in 0..<m {
                let g = residualSumOfSquaresGradient
                let tilde = logDeterminantHessian[i, j]
                    + dof * (residualSumOfSquaresHessian[i, j] / r2 - g[i] * g[j] / (r2 * r2))
                h[i, j] = tilde * scales[i] * scales[j]
            }
        }
        return h
    }

    /// max |H̃⁻¹g̃| over the coordinates of θ̃ (the Newton step of the profiled objective in
    /// the unit-free θ̃), or nil when H̃ is not positive definite.
    var scaledNewtonStep: Double? {
        let m = scales.count
        guard m > 0 else { return 0 }
        let r2 = residualSumOfSquares
        let g = residualSumOfSquaresGradient
        var h = Matrix(rows: m, columns: m)
        for i in 0..<m {
            for j in 0..<m {
                h[i, j] = logDeterminantHessian[i, j] + dof * (residualSumOfSquaresHessian[i, j] / r2 - g[i] * g[j] / (r2 * r2))
            }
        }
        var step = (0..<m).map { logDeterminantGradient[$0] + dof * g[$0] / r2 }
        guard step.allSatisfy(\.isFinite), h.values.allSatisfy(\.isFinite) else { return nil }
        do {
            try Cholesky.factor(&h)
            try BLAS.solveLower(h, &step)
            try BLAS.solveLower(h, transpose: true, &step)
        } catch {
            return nil
        }
        return step.map(abs).max()
    }

    /// Hessian of −2ℓ(θ̃, σ̃) at (θ̃, 1), σ̃ = σ/σ̂ with σ̂² = r²/ν (σ̃ unit-free, like θ̃):
    /// ∂²/∂θ̃² = ∂²d + ∂²r²/σ̂², ∂²/∂θ̃∂σ̃ = −2∂r²/σ̂², ∂²/∂σ̃² = 6r²/σ̂² − 2ν.
    var varianceParameterHessian: Matrix {
        let m = scales.count
        let s2 = residualSumOfSquares / dof
        var h = Matrix(rows: m + 1, columns: m + 1)
        for i in 0..<m {
            for j in 0..<m { h[i, j] = logDeterminantHessian[i, j] + residualSumOfSquaresHessian[i, j] / s2 }
            h[i, m] = -2 * residualSumOfSquaresGradient[i] / s2
            h[m, i] = h[i, m]
        }
        h[m, m] = 6 * residualSumOfSquares / s2 - 2 * dof
        return h
    }

    /// ∂Var(β̂)/∂ψ̃ for ψ̃ = (θ̃, σ̃): σ̂² ∂C/∂θ̃ᵢ, and 2σ̂²C for σ̃.
    var fixedCovarianceJacobian: [Matrix] {
        let s2 = residualSumOfSquares / dof
        func scaled(_ m: Matrix, _ factor: Double) -> Matrix {
            var out = m
            for k in out.values.indices { out.values[k] *= factor }
            return out
        }
        return covarianceJacobian.map { scaled($0, s2) } + [scaled(covariance, 2 * s2)]
    }
}

extension LinearMixedModel {
    /// d, r² and the entries of C at θ, or NaN everywhere when L cannot be factored there.
    static func criterionPieces(_ s: inout BlockedSystem, theta: [Double], reml: Bool, logWeightSum: Double) -> [Double] {
        let p = s.fixedCount
        s.setTheta(theta)
        // Not positive definite at a perturbed θ: NaN derivatives make the df NaN, shown as such.
        guard (try? s.updateL()) != nil else { return [Double](repeating: .nan, count: 2 + p * p) }
        return factoredPieces(s, reml: reml, logWeightSum: logWeightSum)
    }

    /// d, r² and the entries of C read off a system already factored at its θ.
    static func factoredPieces(_ s: BlockedSystem, reml: Bool, logWeightSum: Double) -> [Double] {
        let d = s.logDeterminantRandom + (reml ? s.logDeterminantFixed : 0) - logWeightSum
        return [d, s.penalizedResidualSumOfSquares] + s.unscaledFixedCovariance.values
    }

    /// The derivatives at the current θ: the ones computed at the end of `fit()` when θ has
    /// not changed since, computed afresh otherwise.
    func thetaDerivatives() -> ThetaDerivatives {
        if let cached = derivativesAtFit, cached.theta == theta { return cached }
        return computeThetaDerivatives()
    }

    func computeThetaDerivatives() -> ThetaDerivatives {
        let scales = thetaScales
        let th = theta
        let x = zip(th, scales).map { $0 * $1 }
        let steps = x.map { NumericalDerivatives.step($0, relative: ThetaDerivatives.relativeStep) }
        let reml = self.reml, logWeightSum = priorWeightLogSum
        let base = system
        let result = NumericalDerivatives.stencil(at: x, steps: steps, levels: ThetaDerivatives.levels, hessianComponents: 2) { points in
            // Each point refactors L from A at its own θ, so the points are independent: two
            // halves run concurrently on copies of the system (InstEval: 25 factorisations
            // of its supernodal lecturer block, 0.40 s on one core). Results go back by index.
            var values = [[Double]](repeating: [], count: points.count)
            guard !points.isEmpty else { return values }
            // The first point is θ itself, where the model's own factor already stands.
            values[0] = Self.factoredPieces(base, reml: reml, logWeightSum: logWeightSum)
            // The other points in two halves (at 8 points or more), each on its own copy.
            let rest = points.count - 1
            values.withUnsafeMutableBufferPointer { out in
                guard let target = out.baseAddress else { return }
                ParallelChunks.forEachGroup(rest, work: rest >= 8 ? 2 * ParallelChunks.minimumChunk : 0) { group in
                    var work = base
                    for k in group {
                        target[k + 1] = Self.criterionPieces(&work, theta: zip(points[k + 1], scales).map { $0 / $1 },
                                                             reml: reml, logWeightSum: logWeightSum)
                    }
                }
            }
            return values
        }
        let p = fixedCount
        func covariance(_ v: [Double]) -> Matrix {
            Matrix(rows: p, columns: p, columnMajor: Array(v.dropFirst(2))) ?? Matrix(rows: p, columns: p, repeating: .nan)
        }
        return ThetaDerivatives(
            theta: th, scales: scales, dof: residualDegreesOfFreedom,
            logDeterminant: result.value[0], residualSumOfSquares: result.value[1], covariance: covariance(result.value),
            logDeterminantGradient: result.jacobian.map { $0[0] },
            residualSumOfSquaresGradient: result.jacobian.map { $0[1] },
            covarianceJacobian: result.jacobian.map(covariance),
            logDeterminantHessian: result.hessians[0], residualSumOfSquaresHessian: result.hessians[1])
    }
}
