import DataTable
import Foundation
import Testing
@testable import MixedModels

/// Changing the units of y or x rescales the estimates and nothing else: t, Satterthwaite
/// df, p and likelihood-ratio statistics are unit-free and must come out the same.
struct UnitInvarianceTests {
    /// 200 rows in 10 groups: y = 1 + 0.5 x + a_g + b_g x + e, with z a noise covariate
    /// for the nested comparison; counts and 0/1 outcomes share the linear predictor.
    static func table(yScale: Double = 1, xScale: Double = 1) throws -> DataTable {
        var rng = SplitMix(state: 2026)
        func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        let a = (0..<10).map { _ in 0.8 * normal() }, b = (0..<10).map { _ in 0.3 * normal() }
        var lines = ["y,x,z,g,k,s"]
        for i in 0..<200 {
            let g = i % 10
            let x = Double.random(in: -1..<2, using: &rng), z = normal()
            let y = 1 + 0.5 * x + a[g] + b[g] * x + 0.6 * normal()
            let eta = -0.3 + 0.7 * x + 0.5 * a[g]
            let count = Self.poisson(exp(eta), &rng)
            let success = Double.random(in: 0..<1, using: &rng) < 1 / (1 + exp(-eta)) ? 1 : 0
            lines.append(String(format: "%.17g,%.17g,%.17g,g%d,%d,%d", y * yScale, x * xScale, z, g, count, success))
        }
        return try DataTable.parseCSV(Array(lines.joined(separator: "\n").utf8), source: "units.csv")
    }

    static func poisson(_ mean: Double, _ rng: inout SplitMix) -> Int {
        var k = 0, p = 1.0
        let limit = exp(-mean)
        while true {
            p *= Double.random(in: 0..<1, using: &rng)
            if p <= limit { return k }
            k += 1
        }
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        guard a.isFinite && b.isFinite else { return false }
        return abs(a - b) <= tolerance * max(abs(a), abs(b), .leastNormalMagnitude)
    }

    static let scales: [(y: Double, x: Double)] = [(1e-6, 1), (1e6, 1), (1, 1e-6), (1, 1e6)]

    @Test(arguments: ["y ~ x + (1|g)", "y ~ x + (1 + x|g)"])
    func linearModelIsUnitFreeInY(formula: String) throws {
        try Self.checkLinear(formula, scales: Self.scales.filter { $0.x == 1 })
    }

    /// y×1e150: y² is still finite (about 1e302 summed over 200 rows), so the fit must be
    /// exact; y×1e160 overflows y'y and is refused with a typed error naming the response.
    @Test func extremeResponseScales() throws {
        try Self.checkLinear("y ~ x + (1|g)", scales: [(1e150, 1), (1e-150, 1)])
        let huge = try Self.table(yScale: 1e160)
        do {
            _ = try LinearMixedModel.fit("y ~ x + (1|g)", huge)
            Issue.record("expected y×1e160 to be refused")
        } catch {
            guard case .overflow(let column, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(column == "y")
        }
    }

    @Test func interceptModelIsUnitFreeInX() throws {
        try Self.checkLinear("y ~ x + (1|g)", scales: Self.scales.filter { $0.y == 1 })
    }

    /// θ for a random slope is in units of y/x relative to σ; the optimiser, the boundary test
    /// and the Satterthwaite derivatives work on θ scaled by the RMS of the slope's column.
    @Test func randomSlopeModelIsUnitFreeInX() throws {
        try Self.checkLinear("y ~ x + (1 + x|g)", scales: Self.scales.filter { $0.y == 1 })
    }

    static func checkLinear(_ formula: String, scales: [(y: Double, x: Double)]) throws {
        let base = try LinearMixedModel.fit(formula, Self.table())
        let baseTests = base.coefficientTests()
        for (ky, kx) in scales {
            let m = try LinearMixedModel.fit(formula, Self.table(yScale: ky, xScale: kx))
            let tests = m.coefficientTests()
            let factors = [ky, ky / kx]
            for i in tests.indices {
                let (a, b) = (baseTests[i], tests[i])
                #expect(Self.close(b.estimate, a.estimate * factors[i], 1e-6), "\(formula) y×\(ky) x×\(kx) \(a.name) estimate \(b.estimate) vs \(a.estimate * factors[i])")
                #expect(Self.close(b.standardError, a.standardError * factors[i], 1e-5), "\(formula) y×\(ky) x×\(kx) \(a.name) SE")
                #expect(Self.close(b.tValue, a.tValue, 1e-5), "\(formula) y×\(ky) x×\(kx) \(a.name) t \(b.tValue) vs \(a.tValue)")
                #expect(Self.close(b.degreesOfFreedom, a.degreesOfFreedom, 1e-5), "\(formula) y×\(ky) x×\(kx) \(a.name) df \(b.degreesOfFreedom) vs \(a.degreesOfFreedom)")
                #expect(Self.close(b.pValue, a.pValue, 1e-5), "\(formula) y×\(ky) x×\(kx) \(a.name) p \(b.pValue) vs \(a.pValue)")
            }
            #expect(Self.close(m.sigma, base.sigma * ky, 1e-6), "\(formula) y×\(ky) x×\(kx) sigma")
        }
    }

    @Test func likelihoodRatioIsUnitFree() throws {
        func chi(_ t: DataTable) throws -> Double {
            let m0 = try LinearMixedModel.fit("y ~ x + (1|g)", t)
            let m1 = try LinearMixedModel.fit("y ~ x + z + (1|g)", t)
            return try LikelihoodRatioTest.compare(m1, m0).chiSquared
        }
        let base = try chi(Self.table())
        #expect(base > 0.1)
        for (ky, kx) in Self.scales {
            let c = try chi(Self.table(yScale: ky, xScale: kx))
            #expect(Self.close(c, base, 1e-5), "y×\(ky) x×\(kx): χ² \(c) vs \(base)")
        }
    }

    @Test(arguments: [("k ~ x + (1|g)", Distribution.poisson), ("s ~ x + (1|g)", Distribution.binomial)])
    func generalizedModelIsUnitFreeInX(formula: String, distribution: Distribution) throws {
        try Self.checkGeneralized(formula, distribution)
    }

    /// REML (β integrated out): log|L_X|² gains 2 log kx when x is multiplied by kx (as lme4's
    /// REML criterion for linear models), so the restricted log-likelihood moves by −log kx,
    /// the same for every model with that column, and nothing else changes.
    @Test(arguments: [("k ~ x + (1|g)", Distribution.poisson), ("s ~ x + (1|g)", Distribution.binomial)])
    func restrictedGeneralizedModelIsUnitFreeInX(formula: String, distribution: Distribution) throws {
        try Self.checkGeneralized(formula, distribution, reml: true)
    }

    static func checkGeneralized(_ formula: String, _ distribution: Distribution, reml: Bool = false) throws {
        func fitted(_ t: DataTable) throws -> GeneralizedLinearMixedModel {
            var m = try GeneralizedLinearMixedModel(formula: formula, data: t, distribution: distribution)
            m.reml = reml
            try m.fit()
            return m
        }
        let base = try fitted(Self.table())
        let baseTests = base.coefficientTests()
        for kx in [1e-6, 1e6] {
            let m = try fitted(Self.table(xScale: kx))
            if reml {
                #expect(abs(m.logLikelihood - (base.logLikelihood - log(kx))) < 1e-5, "\(formula) x×\(kx) REML logLik")
                for (a, b) in zip(m.varianceComponents, base.varianceComponents) { #expect(Self.close(a.sdcor, b.sdcor, 1e-5)) }
            }
            let tests = m.coefficientTests()
            let factors = [1, 1 / kx]
            for i in tests.indices {
                let (a, b) = (baseTests[i], tests[i])
                #expect(Self.close(b.estimate, a.estimate * factors[i], 1e-5), "\(formula) x×\(kx) \(a.name) estimate \(b.estimate) vs \(a.estimate * factors[i])")
                // z agrees to 1e-4 standard errors: the optimum is located to about the square
                // root of the objective's 1e-11 relative precision, whatever the units.
                #expect(abs(b.tValue - a.tValue) < 1e-4, "\(formula) x×\(kx) \(a.name) z \(b.tValue) vs \(a.tValue)")
                #expect(Self.close(b.pValue, a.pValue, 1e-3), "\(formula) x×\(kx) \(a.name) p \(b.pValue) vs \(a.pValue)")
            }
        }
    }
}
