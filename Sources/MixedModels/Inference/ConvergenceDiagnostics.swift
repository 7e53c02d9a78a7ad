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

extension ConvergenceDiagnostics {
    /// The checks shared by linear and generalised models, from a gradient and Hessian of the
    /// objective: max |H⁻¹g| over the interior parameters (the raw max |g| when H restricted
    /// to them is not positive definite, as lme4 falls back to), the Hessian's eigenvalues, and
    /// a message for each check that fails or cannot be made.
    static func checks(gradient: [Double], hessian: Matrix, boundary: [Int], tolerance: Double)
        -> (scaledGradientMaximum: Double, eigenvalues: [Double], messages: [String]) {
        var messages: [String] = []
        let interior = gradient.indices.filter { !boundary.contains($0) }
        var scaled = 0.0
        if !interior.isEmpty {
            var h = Matrix(rows: interior.count, columns: interior.count)
            for (a, i) in interior.enumerated() { for (b, j) in interior.enumerated() { h[a, b] = hessian[i, j] } }
            let g = interior.map { gradient[$0] }
            do {
                try Cholesky.factor(&h)
                var step = g
                try BLAS.solveLower(h, &step)
                try BLAS.solveLower(h, transpose: true, &step)
                scaled = step.map(abs).max() ?? 0
            } catch {
                // Not positive definite: the Newton step is undefined, so the raw gradient is
                // checked instead (the eigenvalue check below says why).
                scaled = g.map(abs).max() ?? 0
            }
        }
        if scaled > tolerance {
            messages.append("Model failed to converge with max|H⁻¹g| = \(scaled) (tolerance \(tolerance))")
        }
        var eigen: [Double] = []
        do {
            eigen = try SymmetricEigen.decompose(hessian).values
        } catch {
            messages.append("the Hessian's eigenvalues could not be computed (\(error)); identifiability not checked")
        }
        if let small = eigen.first, let large = eigen.last, large > 0, small / large < 1e-6 || small < 0 {
            messages.append("Model is nearly unidentifiable: Hessian eigenvalue ratio \(small / large)")
        }
        return (scaled, eigen, messages)
    }
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
        let checks = ConvergenceDiagnostics.checks(gradient: gradient, hessian: hessian, boundary: boundary,
                                                   tolerance: tolerance)
        let scaled = checks.scaledGradientMaximum, eigen = checks.eigenvalues
        var messages: [String] = []
        let optimiserOK = optimization?.converged ?? false
        if let o = optimization, !o.converged { messages.append("optimiser: \(o.message)") }
        messages += checks.messages
        if isSingular { messages.append("boundary (singular) fit: see the variance components") }
        return ConvergenceDiagnostics(gradient: gradient, hessian: hessian, scaledGradientMaximum: scaled,
                                      hessianEigenvalues: eigen, boundaryParameters: boundary,
                                      messages: messages, converged: optimiserOK && scaled <= tolerance)
    }
}
