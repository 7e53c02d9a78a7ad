import DataTable
import Testing
@testable import MixedModels

/// `anova(m0, m1)` in lme4 on the Exam data: both REML fits are refitted by ML.
/// R: χ² = 31.8158955241306 on 3 df, p = 5.72250668322906e-07, AIC of m1 9339.42730507.
struct LikelihoodRatioTests {
    @Test func examNestedModels() throws {
        let exam = try DataTable.readCSV(path: Repository.data("Exam.csv"))
        let m0 = try LinearMixedModel.fit("normexam ~ standLRT + (1|school)", exam)
        let m1 = try LinearMixedModel.fit("normexam ~ standLRT + sex + schgend + (1|school)", exam)
        let test = try LikelihoodRatioTest.compare(m1, m0)
        #expect(test.degreesOfFreedom == 3)
        #expect(abs(test.chiSquared - 31.8158955241306) < 1e-3)
        #expect(abs(test.pValue - 5.72250668322906e-07) < 1e-9)
        #expect(abs(test.larger.aic - 9339.42730507) < 1e-3)
        #expect(test.smaller.parameters == 4 && test.larger.parameters == 7)
    }

    @Test func modelsOnDifferentRowsAreNotComparable() throws {
        let exam = try DataTable.readCSV(path: Repository.data("Exam.csv"))
        let sleep = try DataTable.readCSV(path: Repository.data("sleepstudy.csv"))
        let a = try LinearMixedModel.fit("normexam ~ standLRT + (1|school)", exam)
        let b = try LinearMixedModel.fit("Reaction ~ Days + (1|Subject)", sleep)
        #expect(throws: MixedModelError.self) { try LikelihoodRatioTest.compare(a, b) }
    }
}
