import DataTable
import Foundation
import ProbabilityDistributions
import Testing
@testable import MixedModels

struct ParametricBootstrapTests {
    @Test func bootstrapIsReproducibleAndCentredOnTheEstimates() throws {
        let table = try DataTable.readCSV(path: Repository.data("sleepstudy.csv"))
        let m = try LinearMixedModel.fit("Reaction ~ Days + (Days|Subject)", table)
        var rng1 = SeededGenerator(seed: 42)
        var rng2 = SeededGenerator(seed: 42)
        let a = try m.parametricBootstrap(replicates: 200, using: &rng1)
        let b = try m.parametricBootstrap(replicates: 5, using: &rng2)
        #expect(Array(a.prefix(5)) == b)
        // The mean of the replicates' slopes is within 3 Monte-Carlo SEs of the estimate, and
        // their spread is close to the model's standard error.
        let slopes = a.map { $0.fixedEffects[1] }
        let mean = slopes.reduce(0, +) / Double(slopes.count)
        let sd = (slopes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(slopes.count - 1)).squareRoot()
        #expect(abs(mean - m.fixedEffects[1]) < 3 * sd / Double(slopes.count).squareRoot())
        #expect(abs(sd / m.standardErrors[1] - 1) < 0.2)
        #expect(throws: MixedModelError.self) { try m.parametricBootstrap(replicates: 0, using: &rng1) }
    }
}
