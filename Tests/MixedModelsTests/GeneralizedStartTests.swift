import DataTable
import Foundation
import ProbabilityDistributions
import Testing
@testable import MixedModels

/// Where the generalised fits start: the moments' θ, a θ the caller gives, and the Newton step
/// of the restricted fit on large data.
struct GeneralizedStartTests {
    /// Overdispersed binomial counts: `trials` sessions for each pupil in `schools` schools,
    /// with school SD `school` and observation-level SD `pupil` on the logit scale.
    static func absence(seed: UInt64 = 11, schools: Int = 150, pupilsPer: Int = 40,
                        school: Double = 0.4, pupil: Double = 0.6) throws -> DataTable {
        var rng = SeededGenerator(seed: seed)
        var rows: [[String]] = []
        var id = 0
        for s in 0..<schools {
            let b = school * rng.standardNormal()
            for _ in 0..<pupilsPer {
                id += 1
                let x = rng.standardNormal()
                let eta = -2 + 0.3 * x + b + pupil * rng.standardNormal()
                let p = 1 / (1 + exp(-eta))
                var absent = 0
                for _ in 0..<100 where Double.random(in: 0..<1, using: &rng) < p { absent += 1 }
                rows.append(["\(absent)", "100", String(x), "\"s\(s)\"", "\"p\(id)\""])
            }
        }
        return try GeneralizedModelTests.table(["absent", "possible", "x", "school", "pupil"], rows)
    }

    static let formula = "absent ~ x + (1 | school) + (1 | pupil)"

    /// The moments recover both SDs roughly (they are a start, not an estimate), in the model's
    /// term order (pupil, then school).
    @Test func momentsStartNearTheTruth() throws {
        let m = try GeneralizedLinearMixedModel(formula: Self.formula, data: Self.absence(), distribution: .binomial,
                                                trials: "possible")
        #expect(m.terms.map(\.groupingName) == ["pupil", "school"])
        let beta = try m.generalizedLinearModelStart()
        let start = try #require(m.momentStart(beta: beta))
        #expect(abs(start[0] / 0.6 - 1) < 0.2, "pupil SD start \(start[0])")
        #expect(abs(start[1] / 0.4 - 1) < 0.25, "school SD start \(start[1])")
    }

    /// No moments for a random slope: the fit starts at λ = I.
    @Test func noMomentsForSlopes() throws {
        let m = try GeneralizedLinearMixedModel(formula: "absent ~ x + (1 + x | school)", data: Self.absence(schools: 30),
                                                distribution: .binomial, trials: "possible")
        #expect(m.momentStart(beta: try m.generalizedLinearModelStart()) == nil)
    }

    /// From the moments, from λ = I and from the truth, ML and REML reach the same optimum.
    @Test(arguments: [false, true])
    func sameOptimumFromEveryStart(reml: Bool) throws {
        let table = try Self.absence()
        var fits: [GeneralizedLinearMixedModel] = []
        for start in [nil, [1.0, 1.0], [0.6, 0.4]] as [[Double]?] {
            var m = try GeneralizedLinearMixedModel(formula: Self.formula, data: table, distribution: .binomial, trials: "possible")
            m.reml = reml
            try m.fit(startingFrom: start)
            fits.append(m)
        }
        for m in fits.dropFirst() {
            #expect(abs(m.objective - fits[0].objective) < 1e-5, "objective \(m.objective) vs \(fits[0].objective)")
            for (a, b) in zip(m.theta, fits[0].theta) { #expect(abs(a / b - 1) < 1e-3, "θ \(m.theta) vs \(fits[0].theta)") }
        }
        #expect(fits[1].optimization?.initialTheta == [1, 1])
    }

    /// A REML fit leaves steps of about two standard errors of θ̂ (positive, below θ̂ itself
    /// here), and a neighbouring model (another covariate) started from its θ̂ with those steps
    /// reaches the optimum the same model reaches from the moments.
    @Test func neighbourStartWithSteps() throws {
        let table = try Self.absence(seed: 5)
        var first = try GeneralizedLinearMixedModel(formula: Self.formula, data: table, distribution: .binomial, trials: "possible")
        first.reml = true
        try first.fit()
        let steps = try #require(first.thetaSteps)
        #expect(steps.count == 2 && zip(steps, first.theta).allSatisfy { $0 > 0 && $0 < $1 }, "\(steps) for θ̂ \(first.theta)")
        let neighbour = "absent ~ x + I(x^2) + (1 | school) + (1 | pupil)"
        var own = try GeneralizedLinearMixedModel(formula: neighbour, data: table, distribution: .binomial, trials: "possible")
        own.reml = true
        try own.fit()
        var started = try GeneralizedLinearMixedModel(formula: neighbour, data: table, distribution: .binomial, trials: "possible")
        started.reml = true
        try started.fit(startingFrom: first.theta, steps: steps)
        #expect(started.optimization?.initialTheta == first.theta)
        #expect(abs(started.objective - own.objective) < 1e-5, "objective \(started.objective) vs \(own.objective)")
        for (a, b) in zip(started.theta, own.theta) { #expect(abs(a / b - 1) < 1e-3, "θ \(started.theta) vs \(own.theta)") }
        // Maximum likelihood leaves none.
        var ml = try GeneralizedLinearMixedModel(formula: Self.formula, data: table, distribution: .binomial, trials: "possible")
        try ml.fit()
        #expect(ml.thetaSteps == nil)
    }

    /// A start of the wrong length or below θ's bound is an error naming it.
    @Test func badStartIsAnError() throws {
        var m = try GeneralizedLinearMixedModel(formula: Self.formula, data: Self.absence(schools: 20), distribution: .binomial,
                                                trials: "possible")
        #expect(throws: MixedModelError.invalidArgument("starting θ has 1 values; the model has 2")) { try m.fit(startingFrom: [1]) }
        #expect(throws: MixedModelError.invalidArgument("starting θ[2] = -0.5 is not a finite value at or above its lower bound 0.0")) {
            try m.fit(startingFrom: [1, -0.5])
        }
        #expect(throws: MixedModelError.invalidArgument("initial steps for θ need a starting θ")) { try m.fit(steps: [0.1, 0.1]) }
        #expect(throws: MixedModelError.invalidArgument("initial steps for θ have 1 values; the model has 2")) {
            try m.fit(startingFrom: [1, 1], steps: [0.1])
        }
        #expect(throws: MixedModelError.invalidArgument("initial step for θ[1] = 0.0 is not a positive, finite value")) {
            try m.fit(startingFrom: [1, 1], steps: [0, 0.1])
        }
        #expect(throws: MixedModelError.self) { try m.fit(startingFrom: [.nan, 1]) }
    }

    /// On a quadratic the Newton step lands on the minimum, and the steps are two standard
    /// errors of the −2 log L scale; it declines a start whose difference points leave the bounds.
    @Test func newtonStepSolvesAQuadratic() throws {
        // f = (x − a)ᵀ A (x − a) with A = [[4, 1], [1, 2]]: H = 2A, (H⁻¹)ᵢᵢ = 1/7 and 2/7.
        let a = [0.3, 1.7]
        func f(_ x: [Double]) -> Double {
            let d = [x[0] - a[0], x[1] - a[1]]
            return 4 * d[0] * d[0] + 2 * d[0] * d[1] + 2 * d[1] * d[1]
        }
        let r = try #require(GeneralizedLinearMixedModel.newtonStart(start: [0.5, 1.2], steps: [0.1, 0.1], lower: [0, 0], objective: f))
        #expect(abs(r.start[0] - a[0]) < 1e-9 && abs(r.start[1] - a[1]) < 1e-9, "\(r.start)")
        // 2√(2/7) = 1.07 and 2√(4/7) = 1.51, both capped at the given steps.
        #expect(r.steps == [0.1, 0.1])
        #expect(r.evaluations == 8)
        #expect(r.improved, "the Newton point is the minimum, the best point evaluated")
        let tight = try #require(GeneralizedLinearMixedModel.newtonStart(start: [0.5, 1.2], steps: [1, 1], lower: [-.infinity, -.infinity]) { 1e6 * f($0) })
        #expect(abs(tight.steps[0] - 2 * (2 / 7e6).squareRoot()) < 1e-9 && abs(tight.steps[1] - 2 * (4 / 7e6).squareRoot()) < 1e-9, "\(tight.steps)")
        #expect(abs(tight.start[0] - a[0]) < 1e-9 && abs(tight.start[1] - a[1]) < 1e-9, "\(tight.start)")
        #expect(GeneralizedLinearMixedModel.newtonStart(start: [0.05, 1.2], steps: [0.1, 0.1], lower: [0, 0], objective: f) == nil)
        // Concave: no step, the best difference point and the given steps.
        let concave = try #require(GeneralizedLinearMixedModel.newtonStart(start: [1, 1], steps: [0.1, 0.1], lower: [0, 0]) { -f($0) })
        #expect(concave.steps == [0.1, 0.1] && concave.evaluations == 7 && !concave.improved)
        // Far from quadratic (√(1 + x²) per coordinate, nearly flat in curvature at 3): the step
        // overshoots to about −27, so the best point is a difference point and not improved.
        let flat = try #require(GeneralizedLinearMixedModel.newtonStart(start: [3, 3], steps: [0.5, 0.5], lower: [-.infinity, -.infinity]) { x in
            (1 + x[0] * x[0]).squareRoot() + (1 + x[1] * x[1]).squareRoot()
        })
        #expect(!flat.improved)
        #expect(flat.start[0] == 2.5 || flat.start[1] == 2.5, "\(flat.start)")
    }
}
