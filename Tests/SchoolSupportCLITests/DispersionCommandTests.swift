import Foundation
import Testing

private let grouseFormula = "TICKS ~ factor(YEAR) + cHEIGHT + (1 | BROOD) + (1 | LOCATION)"

/// `fit --family nbinom2|betabinomial`: glmmTMB's logLik and sigma() in the JSON (reference
/// numbers from scripts/reference-glmmtmb.R, glmmTMB 1.1.5), the dispersion line in the text.
@Suite("fit with the negative binomial and beta-binomial families")
struct DispersionCommandTests {
    @Test("fit --family nbinom2 --json: glmmTMB's logLik and sigma(), the dispersion with SE and interval")
    func negativeBinomialJSON() throws {
        let result = try CLI.run("fit", "--data", "Data/grouseticks.csv", "--family", "nbinom2",
                                 "--formula", grouseFormula, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        #expect(json["family"] as? String == "nbinom2")
        #expect(json["link"] as? String == "log")
        let logLik = try #require(json["logLik"] as? Double)
        #expect(abs(logLik - -888.908425891365) < 2e-3)
        let sigma = try #require(json["sigma"] as? Double)
        #expect(abs(sigma - 3.29300742512438) < 1e-2 * 3.29300742512438)
        let d = try #require(json["dispersion"] as? [String: Any])
        #expect(d["estimate"] as? Double == sigma)
        let lower = try #require(d["lower"] as? Double), upper = try #require(d["upper"] as? Double)
        #expect(lower < sigma && sigma < upper)
        #expect((d["se"] as? Double ?? 0) > 0)
        #expect(d["at_boundary"] as? Bool == false)
    }

    @Test("fit --family nbinom2 prints the dispersion as glmmTMB does")
    func negativeBinomialText() throws {
        let result = try CLI.run("fit", "--data", "Data/grouseticks.csv", "--family", "nbinom2", "--formula", grouseFormula)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Dispersion parameter for nbinom2 family (): 3.29"), "\(result.stdout)")
    }

    @Test("fit --family betabinomial: cbind(s, n - s) and --trials give the same fit")
    func betaBinomial() throws {
        let cbind = try CLI.run("fit", "--data", "Data/cbpp.csv", "--family", "betabinomial",
                                "--formula", "cbind(incidence, size - incidence) ~ factor(period) + (1 | herd)", "--json")
        let trials = try CLI.run("fit", "--data", "Data/cbpp.csv", "--family", "betabinomial", "--trials", "size",
                                 "--formula", "incidence ~ factor(period) + (1 | herd)", "--json")
        #expect(cbind.status == 0 && trials.status == 0, "\(cbind.stderr) \(trials.stderr)")
        let a = try cbind.object(), b = try trials.object()
        let logLik = try #require(a["logLik"] as? Double)
        #expect(abs(logLik - -88.0416468266859) < 2e-3)
        #expect(b["logLik"] as? Double == logLik)
        #expect(abs((a["sigma"] as? Double ?? .nan) - 10.8426588077627) < 1e-2 * 10.8426588077627)
    }

    @Test("fit --family betabinomial with more successes than trials fails naming the row")
    func successesAboveTrials() throws {
        let result = try CLI.run("fit", "--data", "Data/cbpp.csv", "--family", "betabinomial", "--trials", "healthy",
                                 "--formula", "incidence ~ factor(period) + (1 | herd)")
        #expect(result.status != 0)
        #expect(result.stderr.contains("row"), "\(result.stderr)")
    }
}
