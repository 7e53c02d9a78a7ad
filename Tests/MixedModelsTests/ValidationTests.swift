import DataTable
import Foundation
import Testing
@testable import MixedModels

/// Models on which lme4 itself reports convergence problems (Data/validation/README.md): the
/// fit here must converge and reach a likelihood at least as high as lme4's.
struct ValidationTests {
    @Test func uncentredRandomSlopeDoesNotStallOnTheBoundary() throws {
        let bdf = try DataTable.readCSV(path: Repository.data("validation/bdf.csv"))
        let m = try LinearMixedModel.fit("langPOST ~ IQ.verb + sex + ses + (IQ.verb|schoolNR)", bdf)
        // lme4 1.1-31: REML logLik −7513.11617011988 (max|grad| 0.048 warning).
        #expect(m.logLikelihood > -7513.11617011988 - 1e-6)
        #expect(abs(m.logLikelihood - -7513.11617011988) < 1e-3)
        let lme4Beta = [7.839943817669188, 2.308688895810802, 2.657256048882311, 0.155707158078177]
        let lme4SE = [1.0736830198513823, 0.0802608827184525, 0.2639310646775566, 0.0143119384909595]
        for i in 0..<4 { #expect(abs(m.fixedEffects[i] - lme4Beta[i]) < 1e-2 * lme4SE[i]) }
        let sd = m.varianceComponents.map(\.sdcor)
        let lme4SD = [7.643660553169240, 0.430083125686980, -0.965385159538369, 6.134943108110812]
        for (a, b) in zip(sd, lme4SD) { #expect(abs(a - b) < 1e-3 * abs(b), "\(a) vs \(b)") }
        #expect(m.convergenceDiagnostics().converged)
        #expect(!m.isSingular)
    }

    @Test func threeLevelLogisticConvergesAboveLme4() throws {
        let data = try DataTable.readCSV(path: Repository.data("validation/guimmun.csv"))
        let m = try GeneralizedLinearMixedModel.fit(
            "immun ~ kid2p + mom25p + ord + ethn + momEd + husEd + momWork + rural + pcInd81 + (1|comm/mom)",
            data, distribution: .binomial)
        // lme4 1.1-31: logLik −1355.7460441557 with "Model failed to converge with max|grad| = 0.33".
        #expect(m.logLikelihood >= -1355.7460441557 - 1e-3)
        #expect(m.convergenceDiagnostics().converged)
        #expect(m.terms.map(\.groupingName) == ["mom:comm", "comm"])
    }

    @Test func logisticRandomSlopeConvergesAboveLme4() throws {
        let data = try DataTable.readCSV(path: Repository.data("Contraception.csv"))
        let m = try GeneralizedLinearMixedModel.fit("use ~ age + I(age^2) + urban + livch + (urban|district)", data,
                                                    distribution: .binomial)
        // lme4 1.1-31: logLik −1180.30537047362 with a max|grad| = 0.0031 warning.
        #expect(m.logLikelihood >= -1180.30537047362 - 1e-3)
        #expect(abs(m.logLikelihood - -1180.30537047362) < 2e-3)
        #expect(m.convergenceDiagnostics().converged)
        #expect(m.warnings.contains { $0.contains("categorical") })
    }

    @Test func uncorrelatedTermsAreLabelledAsLme4Labels() throws {
        let sleep = try DataTable.readCSV(path: Repository.data("sleepstudy.csv"))
        let m = try LinearMixedModel.fit("Reaction ~ Days + (Days||Subject)", sleep)
        // lme4 1.1-31: as.data.frame(VarCorr(m)) groups Subject, Subject.1, Residual with
        // variances 627.56905, 35.85838, 653.58350.
        let vc = m.varianceComponents
        #expect(vc.map(\.group) == ["Subject", "Subject.1", "Residual"])
        for (row, expected) in zip(vc, [627.56905, 35.85838, 653.58350]) {
            #expect(abs(row.variance - expected) < 1e-3 * expected, "\(row.group): \(row.variance) vs \(expected)")
        }
    }

    @Test func priorWeightsAsLmerWeights() throws {
        let data = try DataTable.readCSV(path: Repository.data("validation/sleepstudy-weighted.csv"))
        let options = ModelFrame.Options(weights: "w")
        var m = try LinearMixedModel(formula: "Reaction ~ Days + (Days|Subject)", data: data, options: options)
        try m.fit()
        // lme4 1.1-31, lmer(..., weights = w): REMLcrit 1733.54354646619, σ 31.8060474350754,
        // β (249.950701505943, 10.677368636633), SE (7.06841648238229, 1.67061607848800).
        #expect(abs(m.objective - 1733.54354646619) < 1e-3)
        #expect(abs(m.sigma - 31.8060474350754) < 1e-4 * 31.8060474350754)
        let beta = [249.950701505943, 10.677368636633], se = [7.06841648238229, 1.67061607848800]
        for i in 0..<2 {
            #expect(abs(m.fixedEffects[i] - beta[i]) < 1e-3 * se[i])
            #expect(abs(m.standardErrors[i] - se[i]) < 1e-3 * se[i])
        }
        // ML: deviance 1742.04097188364.
        var ml = try LinearMixedModel(formula: "Reaction ~ Days + (Days|Subject)", data: data, reml: false, options: options)
        try ml.fit()
        #expect(abs(ml.objective - 1742.04097188364) < 1e-3)
        // A non-positive weight is an error naming the column and the row.
        var bad = try DataTable.readCSV(path: Repository.data("validation/sleepstudy-weighted.csv"))
        var w = try #require(bad.column("w").numericValues)
        w[4] = 0
        try bad.setColumn(DataColumn(name: "w", numeric: w))
        #expect(throws: MixedModelError.invalidWeight(column: "w", row: 5, value: 0, reason: "is not a positive, finite weight")) {
            try LinearMixedModel(formula: "Reaction ~ Days + (Days|Subject)", data: bad, options: options)
        }
    }
}
