import DataTable
import Foundation
import Testing
@testable import MixedModels

/// An observation-level first term (one level a row) is integrated out of the blocked system in
/// closed form (BlockedSystem+ObservationLevel.swift). The factor, its determinant, the
/// penalised residual sum of squares, β̂ and the modes must be those of the generic blocked
/// Cholesky on the same system.
struct ObservationLevelTermTests {
    /// 80 rows of 30 trials: an observation-level factor, a random slope in x by g (4 levels)
    /// crossed with h (5 levels).
    static func table() throws -> DataTable {
        var lines = ["\"y\",\"n\",\"x\",\"g\",\"h\",\"obs\""]
        for i in 0..<80 {
            let y = 3 + (i * 7) % 23
            lines.append("\(y),30,\(Double(i % 6) / 3 - 0.5),\"g\(i % 4)\",\"h\((i / 3) % 5)\",\"o\(79 - i)\"")
        }
        return try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "olre.csv")
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-10) -> Bool {
        abs(a - b) <= tolerance * (1 + abs(a) + abs(b))
    }

    /// Both systems on the model's terms with [X z] (or z alone), at θ and the given weights.
    static func systems(response z: [Double], sqrtWeights: [Double], theta: [Double],
                        withX: Bool) throws -> (eliminated: BlockedSystem, generic: BlockedSystem) {
        let model = try GeneralizedLinearMixedModel(
            formula: "cbind(y, n - y) ~ x + (1 | obs) + (1 + x | g) + (1 | h)", data: table(), distribution: .binomial)
        let n = model.observationCount, p = withX ? model.fixedCount : 0
        var xy = Matrix(rows: n, columns: p + 1)
        if withX { xy.values.replaceSubrange(0..<(n * p), with: model.x.denseMatrix.values) }
        xy.values.replaceSubrange((n * p)..<(n * (p + 1)), with: z)
        var a = BlockedSystem(terms: model.system.terms, xy: xy, sqrtWeights: sqrtWeights)
        var b = BlockedSystem(terms: model.system.terms, xy: xy, sqrtWeights: sqrtWeights, eliminatingObservationLevel: false)
        a.setTheta(theta)
        b.setTheta(theta)
        try a.updateL()
        try b.updateL()
        return (a, b)
    }

    static func compare(_ a: BlockedSystem, _ b: BlockedSystem, beta: [Double]) throws {
        #expect(a.eliminatesObservationLevelTerm)
        #expect(!b.eliminatesObservationLevelTerm)
        #expect(a.terms.first?.levelCount == a.observationCount)
        #expect(close(a.logDeterminantRandom, b.logDeterminantRandom), "\(a.logDeterminantRandom) vs \(b.logDeterminantRandom)")
        #expect(close(a.penalizedResidualSumOfSquares, b.penalizedResidualSumOfSquares))
        #expect(close(a.logDeterminantFixed, b.logDeterminantFixed))
        let k = a.termCount
        // Every stored block of L but the [X y] row's against the observation-level term.
        for i in 0...k {
            for j in 0...i where !(i == k && j == 0) {
                let x = a.l[BlockedSystem.index(i, j)].dense(), y = b.l[BlockedSystem.index(i, j)].dense()
                #expect(x.rows == y.rows && x.columns == y.columns)
                let worst = zip(x.values, y.values).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-10, "block (\(i), \(j)) differs by \(worst)")
            }
        }
        let betaA = try a.fixedEffects(), betaB = try b.fixedEffects()
        #expect(zip(betaA, betaB).allSatisfy { close($0, $1) })
        let uA = try a.sphericalModes(beta: beta).flatMap { $0 }, uB = try b.sphericalModes(beta: beta).flatMap { $0 }
        #expect(uA.count == uB.count)
        let worst = zip(uA, uB).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-10, "modes differ by \(worst)")
    }

    static func data() -> (z: [Double], sqrtWeights: [Double]) {
        var rng = SplitMix(state: 7)
        let z = (0..<80).map { _ in Double.random(in: -2...2, using: &rng) }
        let sw = (0..<80).map { _ in Double.random(in: 0.3...2.5, using: &rng) }
        return (z, sw)
    }

    @Test func weightedSystemWithFixedEffectsMatchesTheGenericFactor() throws {
        let (z, sw) = Self.data()
        let (a, b) = try Self.systems(response: z, sqrtWeights: sw, theta: [1.7, 0.8, -0.3, 0.5, 0.6], withX: true)
        try Self.compare(a, b, beta: try b.fixedEffects())
    }

    @Test func workingResponseAloneAndUnitWeightsMatchTheGenericFactor() throws {
        let (z, sw) = Self.data()
        let (a, b) = try Self.systems(response: z, sqrtWeights: sw, theta: [0.9, 1.1, 0.2, 0.7, 1.3], withX: false)
        try Self.compare(a, b, beta: [])
        let (c, d) = try Self.systems(response: z, sqrtWeights: [], theta: [2.5, 0.4, 0.0, 0.9, 0.2], withX: true)
        try Self.compare(c, d, beta: [0.3, -0.7])
        // λ = 0: the observation-level term adds nothing.
        let (e, f) = try Self.systems(response: z, sqrtWeights: sw, theta: [0, 0.4, 0.1, 0.9, 0.2], withX: true)
        try Self.compare(e, f, beta: try f.fixedEffects())
    }

    @Test func aTermWithARepeatedLevelIsNotObservationLevel() throws {
        let model = try GeneralizedLinearMixedModel(
            formula: "cbind(y, n - y) ~ x + (1 | g) + (1 | h)", data: Self.table(), distribution: .binomial)
        #expect(!model.system.eliminatesObservationLevelTerm)
        let t = try #require(model.system.terms.first)
        #expect(!BlockedSystem.isObservationLevel(t, observations: model.observationCount))
    }

    @Test func laplaceObjectiveIsTheSameThroughEitherFactor() throws {
        let model = try GeneralizedLinearMixedModel(
            formula: "cbind(y, n - y) ~ x + (1 | obs) + (1 + x | g) + (1 | h)", data: Self.table(), distribution: .binomial)
        let theta = [0.8, 0.5, 0.1, 0.4, 0.3], beta = [-0.9, 0.4]
        var s = model.system
        #expect(s.eliminatesObservationLevelTerm)
        let start = Array(repeating: 0.0, count: model.u.count)
        let (value, state) = model.evaluate(theta: theta, beta: beta, start: start, system: &s)
        var generic = BlockedSystem(terms: model.system.terms, xy: Matrix(rows: model.observationCount, columns: 1),
                                    eliminatingObservationLevel: false)
        let (reference, referenceState) = model.evaluate(theta: theta, beta: beta, start: start, system: &generic)
        #expect(value.isFinite)
        #expect(Self.close(value, reference, 1e-9), "\(value) vs \(reference)")
        let worst = zip(state.u, referenceState.u).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-7, "modes differ by \(worst)")
    }
}
