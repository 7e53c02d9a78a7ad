import DataTable
import Testing
@testable import MixedModels

struct ModelSummaryTests {
    @Test func linearModelPrintsTheLme4Summary() throws {
        let exam = try DataTable.readCSV(path: Repository.data("Exam.csv"))
        let m = try LinearMixedModel.fit("normexam ~ standLRT + (1 | school)", exam)
        let text = "\(m)"
        #expect(text.hasPrefix("Linear mixed model fit by REML\n t-tests use Satterthwaite's method\nFormula: normexam ~ standLRT + (1 | school)\n"))
        #expect(text.contains(String(format: "REML criterion at convergence: %.4f", m.objective)))
        #expect(text.contains("Number of obs: 4059, groups:  school, 65"))
        let slope = try #require(text.split(separator: "\n").first { $0.hasPrefix("standLRT") })
        #expect(slope.contains(String(format: "%.5g", m.fixedEffects[1])))
        #expect(text == ModelSummary(m, fitSeconds: m.optimization?.seconds ?? 0, messages: []).description)
    }

    @Test func generalizedModelPrintsItsFamilyAndZTests() throws {
        let cbpp = try DataTable.readCSV(path: Repository.data("cbpp.csv"))
        let m = try GeneralizedLinearMixedModel.fit("cbind(incidence, healthy) ~ factor(period) + (1 | herd)", cbpp,
                                                    distribution: .binomial)
        let text = "\(m)"
        #expect(text.contains("Family: binomial  ( logit )"))
        #expect(text.contains("z value") && text.contains("Pr(>|z|)") && !text.contains("t value"))
        #expect(text.contains("Odds ratios with 95% Wald intervals:"))
    }
}
