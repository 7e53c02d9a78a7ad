import DataTable
import Foundation
import Testing
@testable import MixedModels

/// The negative binomial and beta-binomial densities and special functions against R
/// (`dnbinom`, `lchoose + lbeta`, `digamma`, `trigamma`), the working weights against finite
/// differences of the log-density, and bad input.
struct DispersionFamilyTests {
    @Test func logDensitiesMatchR() {
        let nb = Distribution.negativeBinomial
        #expect(abs(nb.logDensity(3, 1.5, weight: 1, dispersion: 2) - -2.2748307959125662) < 1e-13)
        #expect(abs(nb.logDensity(0, 4, weight: 1, dispersion: 0.5) - -1.0986122886681098) < 1e-13)
        // 3 successes of 10, μ = 0.3, φ = 4: lchoose(10, 3) + lbeta(3 + 1.2, 7 + 2.8) − lbeta(1.2, 2.8).
        let bb = Distribution.betaBinomial
        #expect(abs(bb.logDensity(0.3, 0.3, weight: 10, dispersion: 4) - -2.0020905274079288) < 1e-12)
    }

    @Test func polygammaMatchesR() {
        #expect(abs(Polygamma.digamma(0.37) - -2.7953014108905641) < 1e-13)
        #expect(abs(Polygamma.digamma(23.5) - 3.1355729548639459) < 1e-13)
        #expect(abs(Polygamma.trigamma(0.37) - 8.3604738277990975) < 1e-12)
        #expect(abs(Polygamma.trigamma(3.2) - 0.36632119073140079) < 1e-13)
    }

    /// The score and observed information are the first and second η-derivatives of log p.
    @Test(arguments: [Distribution.negativeBinomial, .betaBinomial])
    func scoreAndInformationAreDerivatives(of family: Distribution) {
        let link = family.canonicalLink
        let cases: [(y: Double, w: Double, eta: Double, phi: Double)] = family == .negativeBinomial
            ? [(0, 1, 0.3, 2), (7, 1, 1.1, 0.7), (30, 1, 2.0, 15)]
            : [(0.2, 10, -0.4, 3), (0.95, 20, 0.5, 40), (0, 30, -2, 8)]
        for c in cases {
            func f(_ eta: Double) -> Double { family.logDensity(c.y, link.inverse(eta), weight: c.w, dispersion: c.phi) }
            let h = 1e-4
            let d1 = (f(c.eta + h) - f(c.eta - h)) / (2 * h)
            let d2 = (f(c.eta + h) - 2 * f(c.eta) + f(c.eta - h)) / (h * h)
            let exact = family.dispersionWorkingWeight(c.y, link.inverse(c.eta), weight: c.w, dispersion: c.phi, observed: true)
            #expect(abs(exact.score - d1) < 1e-6 * (1 + abs(d1)), "score \(exact.score) vs \(d1)")
            if -d2 > 0 { #expect(abs(exact.weight + d2) < 1e-4 * (1 + abs(d2)), "information \(exact.weight) vs \(-d2)") }
        }
    }

    static func table(_ rows: [String]) throws -> DataTable {
        try DataTable.parseCSV(Array((["\"y\",\"n\",\"x\",\"g\""] + rows).joined(separator: "\n").utf8), source: "input.csv")
    }

    static func rows(_ count: (Int) -> (y: Double, n: Double)) -> [String] {
        (0..<40).map { i in let c = count(i); return "\(c.y),\(c.n),\(Double(i % 5)),\"g\(i % 4)\"" }
    }

    @Test func nonIntegerOrNegativeCountIsAnErrorNamingTheRow() throws {
        for bad in [2.5, -1.0] {
            let t = try Self.table(Self.rows { i in (i == 6 ? bad : Double(i % 3), 5) })
            #expect(throws: MixedModelError.invalidResponseValue(column: "y", row: 7, value: bad, reason: "is not a count (a whole number ≥ 0)")) {
                try GeneralizedLinearMixedModel(formula: "y ~ x + (1|g)", data: t, distribution: .negativeBinomial)
            }
        }
    }

    @Test func successesAboveTrialsOrNegativeAreErrorsNamingTheRow() throws {
        let above = try Self.table(Self.rows { i in (i == 9 ? 6 : Double(i % 3), 5) })
        #expect(throws: MixedModelError.invalidResponseValue(column: "y", row: 10, value: 6, reason: "exceeds the 5.0 trials of that row")) {
            try GeneralizedLinearMixedModel(formula: "y ~ x + (1|g)", data: above, distribution: .betaBinomial, trials: "n")
        }
        let failures = try Self.table(Self.rows { i in (i == 3 ? 6 : Double(i % 3), 5) })
        do {
            _ = try GeneralizedLinearMixedModel(formula: "cbind(y, n - y) ~ x + (1|g)", data: failures, distribution: .betaBinomial)
            Issue.record("expected an error")
        } catch {
            guard case .invalidResponseValue(_, let row, _, _) = error else { Issue.record("\(error)"); return }
            #expect(row == 4)
        }
        let negative = try Self.table(Self.rows { i in (i == 0 ? -1 : Double(i % 3), 5) })
        #expect(throws: MixedModelError.invalidResponseValue(column: "y", row: 1, value: -1, reason: "is not a whole number of successes ≥ 0")) {
            try GeneralizedLinearMixedModel(formula: "y ~ x + (1|g)", data: negative, distribution: .betaBinomial, trials: "n")
        }
        // Without trials the dispersion is not identified.
        let bernoulli = try Self.table(Self.rows { i in (Double(i % 2), 1) })
        #expect(throws: MixedModelError.self) {
            try GeneralizedLinearMixedModel(formula: "y ~ x + (1|g)", data: bernoulli, distribution: .betaBinomial)
        }
    }

    /// Data without overdispersion (binomial draws): φ runs to the boundary and the fit says so, suggesting the
    /// limiting family.
    @Test(arguments: [Distribution.negativeBinomial, .betaBinomial])
    func dispersionAtTheBoundaryIsAWarning(family: Distribution) throws {
        var rng = SplitMix(state: 20_261_202)
        let effects = (0..<20).map { _ in Double.random(in: -0.5...0.5, using: &rng) }
        var lines: [String] = []
        for i in 0..<600 {
            let g = i % 20, x = Double(i % 7) / 7
            let eta = (family == .negativeBinomial ? 1.0 : -0.5) + 0.4 * x + effects[g]
            let y: Double
            if family == .negativeBinomial {
                // Counts less variable than Poisson (binomial out of 30), so that the
                // maximum is at φ = ∞ whatever the sampling noise.
                let p = exp(eta) / 30
                y = Double((0..<30).filter { _ in Double.random(in: 0..<1, using: &rng) < p }.count)
            } else {
                let p = 1 / (1 + exp(-eta))
                y = Double((0..<12).filter { _ in Double.random(in: 0..<1, using: &rng) < p }.count)
            }
            lines.append("\(y),12,\(x),\"g\(g)\"")
        }
        let t = try Self.table(lines)
        let m = try GeneralizedLinearMixedModel.fit("y ~ x + (1|g)", t, distribution: family,
                                                    trials: family == .betaBinomial ? "n" : nil)
        let d = try #require(m.dispersionEstimate())
        #expect(d.atBoundary)
        let limit = family.limitingFamily.rawValue
        #expect(m.warnings.contains { $0.contains("boundary") && $0.contains("fit the \(limit) family instead") }, "\(m.warnings)")
        // The fit is then the limiting family's to the precision of the boundary.
        let reference = try GeneralizedLinearMixedModel.fit("y ~ x + (1|g)", t, distribution: family.limitingFamily,
                                                            trials: family == .betaBinomial ? "n" : nil)
        #expect(abs(m.logLikelihood - reference.logLikelihood) < 1e-2, "\(m.logLikelihood) vs \(reference.logLikelihood)")
    }
}
