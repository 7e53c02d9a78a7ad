import DataTable
import Foundation
import ProbabilityDistributions
import Testing
@testable import MixedModels

/// Generalised models beyond the reference fits: bad responses, degenerate groups,
/// separation, predictions, a three-level logistic model and an observation-level effect.
struct GeneralizedModelTests {
    static func table(_ header: [String], _ rows: [[String]], source: String = "glmm.csv") throws -> DataTable {
        let text = ([header.map { "\"\($0)\"" }.joined(separator: ",")] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n")
        return try DataTable.parseCSV(Array(text.utf8), source: source)
    }

    /// A seeded three-level Bernoulli data set: children in mothers in communities.
    static func threeLevel(seed: UInt64 = 7, communities: Int = 60, mothersPer: Int = 12) throws -> DataTable {
        var rng = SeededGenerator(seed: seed)
        func normal() -> Double { rng.standardNormal() }
        var rows: [[String]] = []
        var mother = 0
        for c in 0..<communities {
            let bc = 0.8 * normal()
            for _ in 0..<mothersPer {
                mother += 1
                let bm = 1.2 * normal()
                let kids = Int.random(in: 1...3, using: &rng)
                for _ in 0..<kids {
                    let x = normal()
                    let eta = -0.3 + 0.7 * x + bm + bc
                    let y = Double.random(in: 0..<1, using: &rng) < 1 / (1 + exp(-eta)) ? 1 : 0
                    rows.append(["\(y)", String(x), "\"m\(mother)\"", "\"c\(c)\""])
                }
            }
        }
        return try table(["y", "x", "mom", "comm"], rows)
    }

    @Test func bernoulliResponseOutsideZeroOneNamesRow() throws {
        let t = try Self.table(["y", "x", "g"], [["0", "1", "\"a\""], ["2", "2", "\"b\""], ["1", "3", "\"a\""]])
        #expect(throws: MixedModelError.invalidResponseValue(column: "y", row: 2, value: 2, reason: "is not 0 or 1 (a Bernoulli response); give cbind(successes, failures) or a trials column for counts")) {
            try GeneralizedLinearMixedModel(formula: "y ~ x + (1|g)", data: t, distribution: .binomial)
        }
    }

    @Test func successesAboveTrialsNamesRow() throws {
        let t = try Self.table(["s", "n", "g"], [["1", "4", "\"a\""], ["5", "4", "\"b\""], ["2", "4", "\"a\""]])
        do {
            _ = try GeneralizedLinearMixedModel(formula: "s ~ 1 + (1|g)", data: t, distribution: .binomial, trials: "n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("row 2") && error.description.contains("exceeds"))
        }
        #expect(throws: MixedModelError.self) {
            try GeneralizedLinearMixedModel(formula: "cbind(s, n) ~ 1 + (1|g)", data: t, distribution: .poisson)
        }
    }

    @Test(arguments: ["-1", "2.5"])
    func poissonNeedsCounts(bad: String) throws {
        let t = try Self.table(["y", "g"], [["1", "\"a\""], [bad, "\"b\""], ["3", "\"a\""]])
        #expect(throws: MixedModelError.self) { try GeneralizedLinearMixedModel(formula: "y ~ 1 + (1|g)", data: t, distribution: .poisson) }
    }

    @Test func offsetOfLogZeroNamesTermAndRow() throws {
        let t = try Self.table(["y", "days", "g"], [["1", "3", "\"a\""], ["0", "0", "\"b\""], ["2", "5", "\"a\""]])
        #expect(throws: MixedModelError.nonFinite(column: "log(days)", row: 2)) {
            try GeneralizedLinearMixedModel(formula: "y ~ 1 + offset(log(days)) + (1|g)", data: t, distribution: .poisson)
        }
    }

    @Test func allZeroAndAllOneGroupsAreReported() throws {
        var rows: [[String]] = []
        for i in 0..<60 {
            let g = i % 6
            let y = g == 0 ? 0 : (g == 1 ? 1 : (i / 6) % 2)
            rows.append(["\(y)", "\(Double(i % 5))", "\"g\(g)\""])
        }
        let t = try Self.table(["y", "x", "g"], rows)
        let m = try GeneralizedLinearMixedModel.fit("y ~ x + (1|g)", t, distribution: .binomial)
        #expect(m.warnings.contains { $0.contains("all-zero") })
        #expect(m.warnings.contains { $0.contains("all-one") })
        #expect(m.logLikelihood.isFinite)
    }

    @Test func completeSeparationGivesAFiniteAnswerAndAWarning() throws {
        var rows: [[String]] = []
        for i in 0..<80 { rows.append(["\(i % 2)", "\(i % 2 == 0 ? -1.0 - Double(i % 7) : 1.0 + Double(i % 5))", "\"g\(i % 8)\""]) }
        let t = try Self.table(["y", "x", "g"], rows)
        let m = try GeneralizedLinearMixedModel.fit("y ~ x + (1|g)", t, distribution: .binomial)
        #expect(m.fixedEffects.allSatisfy { $0.isFinite })
        #expect(m.warnings.contains { $0.contains("separation") && $0.contains("'x'") })
    }

    @Test func predictionsOnTheResponseScale() throws {
        let ref = try #require(ReferenceFit.named("cbpp_binomial_laplace"))
        let m = try GeneralizedReferenceTests.fitted(ref)
        let p = try m.predict(["factor(period)2": 1])
        #expect(abs(p.conditional - 1 / (1 + exp(-(m.fixedEffects[0] + m.fixedEffects[1])))) < 1e-12)
        // Averaging a logistic curve over a normal intercept pulls the mean towards ½.
        #expect(p.marginal > p.conditional && p.marginal < 0.5)
        #expect(p.conditionalLower < p.conditional && p.conditional < p.conditionalUpper)
        #expect(throws: MixedModelError.self) { try m.predict(["nosuch": 1]) }
        let ratios = m.ratioEstimates()
        #expect(ratios.count == 4 && ratios[1].kind == "odds ratio")
        #expect(abs(ratios[1].ratio - exp(m.fixedEffects[1])) < 1e-12)
    }

    @Test func threeLevelLogisticConvergesAndBeatsTheJointPIRLSStart() throws {
        let t = try Self.threeLevel()
        var m = try GeneralizedLinearMixedModel(formula: "y ~ x + (1|comm/mom)", data: t, distribution: .binomial)
        try m.fit()
        #expect(m.terms.map(\.groupingName) == ["mom:comm", "comm"])
        let d = m.convergenceDiagnostics()
        #expect(d.scaledGradientMaximum < 0.002, "scaled gradient \(d.scaledGradientMaximum)")
        #expect(abs(m.fixedEffects[1] - 0.7) < 4 * m.standardErrors[1])
        // The optimum is a local minimum: nudging any parameter does not lower the objective.
        let f0 = m.objective
        for i in 0..<(m.thetaCount + m.fixedCount) {
            for step in [-1e-3, 1e-3] {
                var th = m.theta, b = m.fixedEffects
                if i < m.thetaCount { th[i] = max(0, th[i] + step) } else { b[i - m.thetaCount] += step }
                #expect(m.objective(theta: th, beta: b) >= f0 - 1e-6)
            }
        }
    }

    @Test func observationLevelRandomEffectForOverdispersedCounts() throws {
        var rng = SplitMix(state: 11)
        var rows: [[String]] = []
        for i in 0..<400 {
            let g = i % 20
            let eta = 1.0 + 0.3 * Double(g % 4) + 0.6 * (Double.random(in: -1.7...1.7, using: &rng))
            // Poisson draw by inversion.
            let lambda = exp(eta)
            var k = 0, p = exp(-lambda), cdf = p
            let u = Double.random(in: 0..<1, using: &rng)
            while u > cdf && k < 1000 { k += 1; p *= lambda / Double(k); cdf += p }
            rows.append(["\(k)", "\"g\(g)\"", "\"o\(i)\""])
        }
        let t = try Self.table(["y", "g", "obs"], rows)
        let plain = try GeneralizedLinearMixedModel.fit("y ~ 1 + (1|g)", t, distribution: .poisson)
        let olre = try GeneralizedLinearMixedModel.fit("y ~ 1 + (1|g) + (1|obs)", t, distribution: .poisson)
        #expect(olre.terms.first?.groupingName == "obs")
        #expect(olre.varianceComponents.first { $0.group == "obs" }.map { $0.sdcor > 0.2 } == true)
        #expect(olre.logLikelihood > plain.logLikelihood)
    }
    /// On large data the standard errors come from the PIRLS information at the modes of the
    /// estimates, stored by the fit from its own joint system; recomputing it from scratch
    /// (nothing stored) must give the same matrix, and it must be the inverse of L_XX L_XXᵀ.
    @Test func storedPirlsCovarianceOnLargeDataMatchesARecomputation() throws {
        var rng = SplitMix(state: 3)
        var rows: [[String]] = []
        for i in 0..<12_000 {
            let g = i % 150, x = Double.random(in: -1...1, using: &rng)
            let eta = -0.3 + 0.8 * x + 0.4 * sin(Double(g)) + 0.5 * Double.random(in: -1.7...1.7, using: &rng)
            let y = Double.random(in: 0..<1, using: &rng) < 1 / (1 + exp(-eta)) ? 1 : 0
            rows.append(["\(y)", "\(x)", "\"g\(g)\"", "\"o\(i)\""])
        }
        let t = try Self.table(["y", "x", "g", "obs"], rows)
        let m = try GeneralizedLinearMixedModel.fit("y ~ x + (1|g) + (1|obs)", t, distribution: .binomial)
        #expect(m.observationCount >= MixedModelDefaults.derivativeObservationLimit)
        #expect(m.system.eliminatesObservationLevelTerm)
        let stored = try #require(m.fittedModes?.pirlsCovariance)
        var unfitted = m
        unfitted.fittedModes = nil
        let recomputed = unfitted.pirlsCovariance
        let worst = zip(stored.values, recomputed.values).map { abs($0 - $1) / max(abs($1), 1e-300) }.max() ?? .infinity
        #expect(worst <= 1e-8, "stored and recomputed covariances differ by \(worst) relative")
        let se = m.standardErrors
        #expect(se.count == 2 && se.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(zip(se, (0..<2).map { stored[$0, $0].squareRoot() }).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
    }
}
