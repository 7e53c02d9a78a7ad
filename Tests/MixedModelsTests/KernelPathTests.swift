import Foundation
import Testing
@testable import MixedModels
import ProbabilityDistributions

/// The fast paths of the generalised models' inner loops against the plain sums they replace.
@Suite struct KernelPathTests {
    /// [X y]ᵀW[X y] by row blocks on several chunks equals the sum over observations, on enough
    /// rows (300,000) for `ParallelChunks` to cut four chunks and with a short last block.
    @Test func weightedCrossProductMatchesTheSumOverObservations() {
        let n = 300_001, m = 4
        #expect(ParallelChunks.ranges(n).count > 1)
        var xy = Matrix(rows: n, columns: m)
        var sqrtW = [Double](repeating: 0, count: n)
        for o in 0..<n {
            let t = Double(o) / Double(n)
            xy[o, 0] = 1
            xy[o, 1] = sin(7 * t) * 1e3
            xy[o, 2] = Double(o % 5) - 2
            xy[o, 3] = cos(3 * t) + t
            sqrtW[o] = 0.5 + t
        }
        let system = BlockedSystem(terms: [], xy: xy)
        // With the weights, and with unit weights (the linear model's path).
        for weights in [sqrtW, []] {
            let fast = system.withColumns { BlockedSystem.weightedCrossProduct(columns: $0, rows: n, sqrtWeights: weights) }
            for r in 0..<m {
                for c in 0...r {
                    var sum = 0.0, magnitude = 0.0
                    for o in 0..<n {
                        let w = weights.isEmpty ? 1 : weights[o] * weights[o]
                        let term = xy[o, r] * xy[o, c] * w
                        sum += term
                        magnitude += abs(term)
                    }
                    // Different orders of summation over 300,000 terms: agreement to rounding,
                    // relative to the sum of the terms' sizes (some entries nearly cancel).
                    #expect(abs(fast[r, c] - sum) <= 1e-12 * magnitude, "(\(r), \(c)): \(fast[r, c]) vs \(sum)")
                }
            }
        }
    }

    /// μ and the deviance of the binomial–logit kernel (four lanes at a time, exp and log from
    /// `CVectorMath`) against the textbook formulas, on η from −40 to 40 (past the clamps).
    @Test func logitKernelMatchesTheDefinitions() throws {
        let n = 10_003
        let eta = (0..<n).map { -40 + 80 * Double($0) / Double(n - 1) }
        let y = (0..<n).map { Double($0 % 3 == 0 ? 1 : 0) }
        let w = (0..<n).map { _ in 1.0 }
        let kernel = try #require(CanonicalKernel(distribution: .binomial, link: .logit, y: y, priorWeights: w))
        var mu = [Double](repeating: 0, count: n)
        let deviance = kernel.updateMean(eta: eta, mu: &mu, y: y, priorWeights: w)
        var expected = 0.0
        for i in 0..<n {
            let p = 1 / (1 + exp(-eta[i]))
            let clamped = min(max(p, Double.ulpOfOne), 1 - Double.ulpOfOne)
            #expect(abs(mu[i] - clamped) <= 4e-16, "μ at η = \(eta[i]): \(mu[i]) vs \(clamped)")
            // log μ = −softplus(−η), log(1 − μ) = −softplus(η), by log1p (log(1 − μ) from
            // μ itself loses all precision for large η), clamped at log ε as μ is.
            func softplus(_ x: Double) -> Double { max(x, 0) + log1p(exp(-abs(x))) }
            let logMu = max(-softplus(-eta[i]), log(Double.ulpOfOne))
            let logOneMinusMu = max(-softplus(eta[i]), log(Double.ulpOfOne))
            expected += -2 * (y[i] * logMu + (1 - y[i]) * logOneMinusMu)
        }
        #expect(abs(deviance - expected) <= 1e-9 * expected, "\(deviance) vs \(expected)")
        var z = [Double](repeating: 0, count: n), sw = z
        kernel.workingResponse(eta: eta, mu: mu, base: [Double](repeating: 0, count: n), y: y, priorWeights: w, z: &z, sqrtWeights: &sw)
        for i in 0..<n {
            let v = mu[i] * (1 - mu[i])
            #expect(abs(sw[i] - v.squareRoot()) <= 1e-15 + 1e-12 * v.squareRoot())
            #expect(abs(z[i] - (eta[i] + (y[i] - mu[i]) / v)) <= 1e-9 * max(1, abs(z[i])))
        }
    }
}
