import Foundation
import Testing
@testable import Education

@Suite("Evaluation recovers known effects from generated cohorts")
struct EvaluationRecoveryTests {
    /// Over seeded small cohorts with known support effects (Docs/synthetic-cohort.md), the
    /// category model's mean estimates lie near the truth and its 95% intervals cover it at a
    /// plausible rate. The 1,000-replication study is scripts/coverage-study.sh.
    @Test("Capped-score category effects: mean near the truth, coverage plausible")
    func recovery() throws {
        let replications = 24
        var design = EvaluationFixtures.cappedOnly
        design.levels = .three
        design.schoolEffectsOutcome = nil
        var sums: [String: Double] = [:], squares: [String: Double] = [:], covered: [String: Int] = [:]
        var truth: [String: Double] = [:]
        var counts: [String: Int] = [:]
        for replication in 0..<replications {
            var spec = NationalCohortSpecification(pupils: 3_000, schools: 300, localAuthorities: 30, seed: 5_000 + UInt64(replication))
            spec.missingKS2Rate = 0.03
            let coefficients = spec.capped.coefficients
            truth = ["receiving": coefficients.supportReceiving, "providing": coefficients.supportProviding,
                     "ts_programme": coefficients.supportTSProgramme]
            let data = try EvaluationFixtures.data(spec)
            let results = try Evaluation(design: design).run(data)
            #expect(results.exclusionsBalance)
            for (category, value) in truth {
                guard let e = results.estimate(outcome: .ks4Capped, category: category) else { continue }
                sums[category, default: 0] += e.estimate
                squares[category, default: 0] += e.estimate * e.estimate
                counts[category, default: 0] += 1
                if e.lower <= value && value <= e.upper { covered[category, default: 0] += 1 }
            }
        }
        var allCovered = 0, allIntervals = 0
        for (category, value) in truth {
            let n = Double(counts[category] ?? 0)
            try #require(n >= Double(replications) - 2, "\(category) estimated in \(Int(n)) of \(replications) replications")
            let mean = (sums[category] ?? 0) / n
            let variance = max((squares[category] ?? 0) / n - mean * mean, 0) * n / (n - 1)
            let monteCarloSE = (variance / n).squareRoot()
            #expect(abs(mean - value) < 3.5 * monteCarloSE + 0.5,
                    "\(category): mean \(mean) vs truth \(value), Monte Carlo SE \(monteCarloSE)")
            allCovered += covered[category] ?? 0
            allIntervals += Int(n)
        }
        let coverage = Double(allCovered) / Double(allIntervals)
        // 72 intervals at a true 95%: below 0.85 has probability well under 0.1%.
        #expect(coverage >= 0.85 && coverage <= 1, "coverage \(coverage) over \(allIntervals) intervals")
    }
}
