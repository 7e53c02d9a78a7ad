import DataTable
import Foundation
import Testing
@testable import MixedModels

/// The beta-binomial Laplace determinant with the exact Hessian (TMB's): the sparse correction
/// `indefiniteInformationCorrection(mu:system:)` against the dense log det(ΛᵀZᵀW_oZΛ + I) −
/// log det(ΛᵀZᵀWZΛ + I), W_o the observed information (negative where the log-likelihood is
/// locally convex in η) and W the weights PIRLS used.
struct IndefiniteInformationTests {
    /// 80 rows of 30 trials, crossed groups g (4 levels, random slope in x) and h (5 levels),
    /// counts pushed to 0 and 30 every few rows so that some observed informations are negative.
    static func table() throws -> DataTable {
        var lines = ["\"y\",\"n\",\"x\",\"g\",\"h\""]
        for i in 0..<80 {
            let y = i % 7 == 0 ? 30 : i % 5 == 0 ? 0 : 6 + (i * 7) % 13
            lines.append("\(y),30,\(Double(i % 6) / 3),\"g\(i % 4)\",\"h\(i % 5)\"")
        }
        return try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "indefinite.csv")
    }

    static func logDeterminant(_ m: Matrix) -> Double? {
        var f = m
        guard (try? Cholesky.factor(&f)) != nil else { return nil }
        return (0..<f.rows).reduce(0) { $0 + 2 * log(f[$1, $1]) }
    }

    @Test func sparseCorrectionEqualsTheDenseDeterminant() throws {
        var model = try GeneralizedLinearMixedModel(
            formula: "cbind(y, n - y) ~ x + (1 + x | g) + (1 | h)", data: Self.table(), distribution: .betaBinomial)
        model.phi = 3
        #expect(model.thetaCount == 4)
        let theta = [0.9, 0.3, 0.6, 0.8]
        let beta = [-0.4, 0.2]
        var s = model.system
        let (_, state) = model.evaluate(theta: theta, beta: beta, start: Array(repeating: 0, count: model.u.count), system: &s)
        let n = model.observationCount
        let observed = (0..<n).map { model.observedInformation($0, state.mu[$0]) }
        let negative = observed.filter { $0 <= 0 }.count
        #expect(negative >= 3, "the data must have rows with negative observed information (\(negative))")

        // ZΛ dense, n × q.
        let terms = s.terms
        let q = terms.reduce(0) { $0 + $1.columnCount }
        var zl = Matrix(rows: n, columns: q)
        var offset = 0
        for term in terms {
            for i in 0..<n {
                let level = Int(term.refs[i])
                for a in 0..<term.q {
                    var v = 0.0
                    for b in a..<term.q { v += term.z[i * term.q + b] * term.lambda[b + a * term.q] }
                    zl[i, offset + level * term.q + a] = v
                }
            }
            offset += term.columnCount
        }
        func hessian(_ w: [Double]) -> Matrix {
            var h = Matrix(rows: q, columns: q)
            for r in 0..<q {
                for c in 0..<q {
                    var v = r == c ? 1.0 : 0.0
                    for i in 0..<n { v += zl[i, r] * w[i] * zl[i, c] }
                    h[r, c] = v
                }
            }
            return h
        }
        let used = (0..<n).map {
            model.distribution.dispersionWorkingWeight(model.y[$0], state.mu[$0], weight: model.priorWeights[$0],
                                                       dispersion: model.phi, observed: true).weight
        }
        let exact = try #require(Self.logDeterminant(hessian(observed)))
        let pirls = try #require(Self.logDeterminant(hessian(used)))
        #expect(abs(pirls - s.logDeterminantRandom) < 1e-10 * (1 + abs(pirls)))
        let correction = model.indefiniteInformationCorrection(mu: state.mu, system: s)
        #expect(abs(exact - pirls) > 1e-3, "the correction must matter here")
        #expect(abs(correction - (exact - pirls)) < 1e-10 * (1 + abs(exact)), "\(correction) against \(exact - pirls)")
    }

    /// More rows with negative observed information than one dense correction would take
    /// (about 2,000 of 6,000), in 600 groups of (1 | g): the correction, factored block by block, equals
    /// the per-group determinants Σ_g log(1 + λ²Σ_{i∈g} oᵢ) − log(1 + λ²Σ_{i∈g} wᵢ) directly.
    @Test func blockCorrectionEqualsThePerGroupDeterminants() throws {
        var lines = ["\"y\",\"n\",\"g\""]
        for i in 0..<6_000 {
            // A third of the rows at all trials, a third at none, the rest near the mean.
            let y = i % 3 == 0 ? 40 : i % 3 == 1 ? 0 : 4 + (i * 7) % 9
            lines.append("\(y),40,\"g\(i / 10)\"")
        }
        let table = try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "blocks.csv")
        var model = try GeneralizedLinearMixedModel(formula: "cbind(y, n - y) ~ 1 + (1 | g)", data: table,
                                                    distribution: .betaBinomial)
        model.phi = 2
        let lambda = 0.3
        var s = model.system
        let (_, state) = model.evaluate(theta: [lambda], beta: [-2], start: Array(repeating: 0, count: model.u.count), system: &s)
        let n = model.observationCount
        let negative = (0..<n).filter { model.observedInformation($0, state.mu[$0]) <= 0 }.count
        #expect(negative > 1_000, "more rows than one dense block of the old limit (\(negative))")
        let refs = try #require(s.terms.first).refs
        var exact = Array(repeating: 1.0, count: 600), used = exact
        for i in 0..<n {
            let g = Int(refs[i])
            exact[g] += lambda * lambda * model.observedInformation(i, state.mu[i])
            used[g] += lambda * lambda * model.distribution.dispersionWorkingWeight(
                model.y[i], state.mu[i], weight: model.priorWeights[i], dispersion: model.phi, observed: true).weight
        }
        #expect(exact.allSatisfy { $0 > 0 })
        let expected = zip(exact, used).reduce(0.0) { $0 + log($1.0) - log($1.1) }
        let correction = model.indefiniteInformationCorrection(mu: state.mu, system: s)
        #expect(abs(expected) > 1, "the correction must matter here (\(expected))")
        #expect(abs(correction - expected) < 1e-9 * (1 + abs(expected)), "\(correction) against \(expected)")
    }
}
