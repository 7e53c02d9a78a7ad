import DataTable
import Testing
@testable import MixedModels

struct ContrastTestTests {
    /// lmerTest 3.1 `contest1D(m, c(0, 0, 1, 1), ddf = "Satterthwaite")` on
    /// `lmer(normexam ~ standLRT * sex + (1 | school), Exam)`: the sex difference at
    /// standLRT = 1.
    @Test func linearContrastAgreesWithLmerTest() throws {
        let exam = try DataTable.readCSV(path: Repository.data("Exam.csv"))
        let m = try LinearMixedModel.fit("normexam ~ standLRT * sex + (1 | school)", exam)
        #expect(m.fixedEffectNames == ["(Intercept)", "standLRT", "sexM", "standLRT:sexM"])
        let t = try m.contrastTest(["sexM": 1, "standLRT:sexM": 1], name: "sexM at standLRT = 1")
        #expect(abs(t.estimate - -0.16569883923) < 1e-6)
        #expect(abs(t.standardError - 0.0412069885695) < 1e-6 * 0.0412)
        #expect(abs(t.degreesOfFreedom - 3665.95649062) < 1e-4 * 3665.96, "df \(t.degreesOfFreedom)")
        #expect(abs(t.tValue - -4.02113439934) < 1e-4)
        #expect(abs(t.pValue - 5.90846185387e-05) < 1e-3 * 5.9e-5)
        // One coefficient alone is the coefficient's own test.
        let single = try m.contrastTest(["sexM": 1], name: "sexM")
        let own = try #require(m.coefficientTests().first { $0.name == "sexM" })
        #expect(abs(single.estimate - own.estimate) < 1e-14 && abs(single.standardError - own.standardError) < 1e-12)
        #expect(abs(single.degreesOfFreedom - own.degreesOfFreedom) < 1e-6 * own.degreesOfFreedom)
        #expect(throws: MixedModelError.self) { try m.contrastTest(["nosuch": 1], name: "x") }
        #expect(throws: MixedModelError.self) { try m.contrastTest(["sexM": .nan], name: "x") }
    }

    /// glmer on cbpp, period2 − period3: estimate and SE from lme4's vcov (R 4, lme4 1.1-31).
    @Test func generalizedContrastIsAWaldTest() throws {
        let cbpp = try DataTable.readCSV(path: Repository.data("cbpp.csv"))
        let m = try GeneralizedLinearMixedModel.fit("cbind(incidence, healthy) ~ factor(period) + (1 | herd)", cbpp,
                                                    distribution: .binomial)
        let t = try m.contrastTest(["factor(period)2": 1, "factor(period)3": -1], name: "period 2 - 3")
        #expect(abs(t.estimate - 0.136291240968) < 1e-3 * 0.376)
        // lme4's SEs carry about 1% finite-difference noise (see GeneralizedReferenceTests).
        #expect(abs(t.standardError - 0.375903463567) < 2e-2 * 0.376)
        #expect(t.degreesOfFreedom == .infinity)
    }
}
