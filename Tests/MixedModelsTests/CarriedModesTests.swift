import Foundation
import Testing
@testable import MixedModels

/// `BlockedSystem.carriedModes`: the warm start of PIRLS at a new θ.
struct CarriedModesTests {
    /// A weighted system of one scalar term (pupils in schools, a few with one pupil) and an
    /// intercept and slope, β held: every level's mode is its one-level problem, so the modes at
    /// θ₁ carried to θ₂ are the modes at θ₂ exactly.
    @Test func oneScalarTermIsCarriedExactly() throws {
        var rng = SplitMix(state: 17)
        let n = 400, levels = 40
        let refs = (0..<n).map { o in Int32(o < 10 ? o : Int.random(in: 10..<levels, using: &rng)) }
        let term = RandomEffectsMatrix(groupingName: "school", levels: (0..<levels).map(String.init),
                                       columnNames: ["(Intercept)"], refs: refs, z: Array(repeating: 1, count: n))
        var x = Matrix(rows: n, columns: 2)
        for o in 0..<n { x[o, 0] = 1; x[o, 1] = Double.random(in: -1...1, using: &rng) }
        let y = (0..<n).map { _ in Double.random(in: -3...3, using: &rng) }
        let weights = (0..<n).map { _ in Double.random(in: 0.2...3, using: &rng).squareRoot() }
        let beta = [0.3, -0.7]
        func modes(at theta: Double, _ s: inout BlockedSystem) throws -> [Double] {
            s.setTheta([theta])
            try s.updateL()
            return try s.concatenatedSphericalModes(beta: beta)
        }
        for (from, to) in [(0.4, 1.3), (2.0, 0.05), (0.7, 0.7), (1.0, 0.0)] {
            var system = BlockedSystem(terms: [term], x: x, y: y, sqrtWeights: weights)
            let target = try modes(at: to, &system)
            let u = try modes(at: from, &system)
            let carried = system.carriedModes(u, to: [to])
            for (a, b) in zip(carried, target) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "θ \(from) → \(to)") }
            if from != to { #expect(zip(u, target).contains { abs($0 - $1) > 1e-3 }, "the test needs modes that move") }
        }
    }

    /// A start that does not match the system's terms, or a vector term, is returned unchanged.
    @Test func otherStartsAreUnchanged() throws {
        var rng = SplitMix(state: 5)
        let n = 60
        let refs = (0..<n).map { _ in Int32(Int.random(in: 0..<6, using: &rng)) }
        var z: [Double] = []
        for _ in 0..<n { z += [1, Double.random(in: -1...1, using: &rng)] }
        let term = RandomEffectsMatrix(groupingName: "g", levels: (0..<6).map(String.init),
                                       columnNames: ["(Intercept)", "t"], refs: refs, z: z)
        var system = BlockedSystem(terms: [term], x: Matrix(rows: n, columns: 0), y: (0..<n).map { Double($0 % 7) })
        system.setTheta([1, 0.2, 0.5])
        try system.updateL()
        let u = try system.concatenatedSphericalModes(beta: [])
        #expect(system.carriedModes(u, to: [2, 0.1, 0.3]) == u)
        #expect(system.carriedModes([1, 2], to: [2, 0.1, 0.3]) == [1, 2])
        #expect(system.carriedModes(u, to: [2]) == u)
    }
}
