/// Checks of the optimum in the spirit of lme4's `checkConv` (Bates et al. 2015, section 5.2):
/// the gradient and Hessian of the objective in θ by finite differences, the gradient scaled
/// by the Hessian (the Newton step, whose size does not depend on the scale of θ), and the
/// Hessian's eigenvalues.
public struct ConvergenceDiagnostics: Sendable, Equatable {
    public var gradient: [Double]
    var hessian: Matrix
    /// max |H⁻¹g| over parameters not on their bound; lme4 warns above 0.002.
    public var scaledGradientMaximum: Double
    public var hessianEigenvalues: [Double]
    /// θ components at their lower bound (variances estimated as zero).
    public var boundaryParameters: [Int]
    public var messages: [String]
    /// True when the optimiser succeeded and the scaled gradient is below tolerance.
    public var converged: Bool
}

extension LinearMixedModel {
    /// Gradient and Hessian of the objective at the current θ (from `ThetaDerivatives`, shared
    /// with the standard errors and degrees of freedom). Parameters on their bound are left
    /// out of the gradient check.
    public func convergenceDiagnostics(tolerance: Double = 0.002) -> ConvergenceDiagnostics {
        let th = theta
        let lower = thetaLowerBounds
        let boundary = MixedModelDefaults.boundaryIndices(th, lowerBounds: lower, scales: thetaScales)
        let derivatives = thetaDerivatives()
        let gradient = derivatives.objectiveGradient
        let hessian = derivatives.objectiveHessian
        let interior = th.indices.filter { !boundary.contains($0) }
        var scaled = 0.0
        if !interior.isEmpty {
            var h = Matrix(rows: interior.count, columns: interior.count)
            for (a, i) in interior.enumerated() { for (b, j) in interior.enumerated() { h[a, b] = hessian[i, j] } }
            var g = interior.map { gradient[$0] }
            if (try? Cholesky.factor(&h)) != nil {
                try? BLAS.solveLower(h, &g)
                try? BLAS.solveLower(h, transpose: true, &g)
                scaled = g.map(abs).max() ?? 0
            } else {
                scaled = g.map(abs).max() ?? 0
            }
        }
        let eigen = (try? SymmetricEigen.decompose(hessian).values) ?? []
        var messages: [String] = []
        let optimiserOK = optimization?.converged ?? false
        if let o = optimization, !o.converged { messages.append("optimiser: \(o.message)") }
        if scaled > tolerance {
            messages.append("Model failed to converge with max|H⁻¹g| = \(scaled) (tolerance \(tolerance))")
        }
        if let small = eigen.first, let large = eigen.last, large > 0, small / large < 1e-6 || small < 0 {
            messages.append("Model is nearly unidentifiable: Hessian eigenvalue ratio \(small / large)")
        }
        if isSingular { messages.append("boundary (singular) fit: see the variance components") }
        return ConvergenceDiagnostics(gradient: gradient, hessian: hessian, scaledGradientMaximum: scaled,
                                      hessianEigenvalues: eigen, boundaryParameters: boundary,
                                      messages: messages, converged: optimiserOK && scaled <= tolerance)
    }
}
