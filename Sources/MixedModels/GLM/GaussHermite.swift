import Foundation

/// Gauss–Hermite quadrature for the standard normal weight, ∫ f(z) φ(z) dz ≈ Σ wₖ f(zₖ):
/// the nodes are the eigenvalues of the Jacobi matrix of the probabilists' Hermite
/// polynomials (zero diagonal, off-diagonal √k) and the weights the squared first components
/// of its eigenvectors (Golub & Welsch 1969, Math. Comp. 23, 221–230). This is the rule of
/// lme4's `GHrule`, which its adaptive quadrature uses.
public struct GaussHermiteRule: Sendable, Equatable {
    public let nodes: [Double]
    public let weights: [Double]

    public init(order n: Int) throws(LinearAlgebraError) {
        guard n >= 1 else { throw .dimensionMismatch("Gauss-Hermite rule of order \(n)") }
        if n == 1 {
            nodes = [0]
            weights = [1]
            return
        }
        var j = Matrix(rows: n, columns: n)
        for k in 1..<n {
            let b = Double(k).squareRoot()
            j[k, k - 1] = b
            j[k - 1, k] = b
        }
        let (values, vectors) = try SymmetricEigen.decompose(j)
        // Symmetrise the nodes exactly (the rule is symmetric about zero).
        var z = values
        for k in 0..<(n / 2) {
            let m = (z[n - 1 - k] - z[k]) / 2
            z[k] = -m
            z[n - 1 - k] = m
        }
        if n % 2 == 1 { z[n / 2] = 0 }
        var w = (0..<n).map { vectors[0, $0] * vectors[0, $0] }
        let total = w.reduce(0, +)
        for k in w.indices { w[k] /= total }
        nodes = z
        weights = w
    }
}
