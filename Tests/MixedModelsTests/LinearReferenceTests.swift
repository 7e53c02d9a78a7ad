import DataTable
import Foundation
import Testing
@testable import MixedModels

/// Agreement with lme4 and lmerTest on every Gaussian reference fit, at the tolerances of the
/// issue: criterion 1e-3 absolute; β within 1e-3 SE; SDs 1e-3 relative (1e-4 absolute near
/// zero); σ 1e-4 relative; SEs 1e-3 relative; Satterthwaite df 1e-2 relative.
struct LinearReferenceTests {
    static func fitted(_ ref: ReferenceFit) throws -> LinearMixedModel {
        let table = try DataTable.readCSV(path: Repository.data("\(ref.dataset).csv"))
        return try LinearMixedModel.fit(ref.formula, table, reml: ref.reml)
    }

    @Test(arguments: ReferenceIDs.gaussian)
    func agreesWithLme4(id: String) throws {
        let ref = try #require(ReferenceFit.named(id))
        let m = try Self.fitted(ref)
        #expect(m.observationCount == ref.nobs)
        for t in m.terms { #expect(ref.ngroups[t.groupingName] == t.levelCount, "levels of \(t.groupingName)") }
        let criterion = try #require(ref.reml ? ref.remlCriterion : ref.deviance)
        #expect(abs(m.objective - criterion) < 1e-3, "criterion \(m.objective) vs \(criterion)")
        #expect(abs(m.logLikelihood - ref.logLik) < 1e-3)
        #expect(abs(m.aic - ref.aic) < 1e-3)
        #expect(abs(m.bic - ref.bic) < 1e-3)
        #expect(abs(m.sigma - ref.sigma) < 1e-4 * ref.sigma, "sigma \(m.sigma) vs \(ref.sigma)")

        #expect(m.fixedEffectNames == ref.fixefNames)
        let beta = m.fixedEffects, se = m.standardErrors
        try #require(beta.count == ref.fixefNames.count && se.count == ref.fixefNames.count)
        for i in ref.fixefNames.indices {
            #expect(abs(beta[i] - ref.fixefEstimate[i]) < 1e-3 * ref.fixefSE[i], "β \(ref.fixefNames[i]): \(beta[i]) vs \(ref.fixefEstimate[i])")
            #expect(abs(se[i] - ref.fixefSE[i]) < 1e-3 * ref.fixefSE[i], "SE \(ref.fixefNames[i]): \(se[i]) vs \(ref.fixefSE[i])")
        }

        let vc = m.varianceComponents
        #expect(vc.map(\.group) == ref.varcorrGroup)
        #expect(vc.map(\.var1) == ref.varcorrVar1)
        #expect(vc.map(\.var2) == ref.varcorrVar2)
        for (row, expected) in zip(vc, zip(ref.varcorrSDCor, ref.varcorrVar2)) {
            if expected.1 == nil {
                let tolerance = max(1e-3 * expected.0, 1e-4)
                #expect(abs(row.sdcor - expected.0) < tolerance, "SD \(row.group) \(row.var1 ?? ""): \(row.sdcor) vs \(expected.0)")
            } else {
                #expect(abs(row.sdcor - expected.0) < 2e-3, "correlation \(row.group): \(row.sdcor) vs \(expected.0)")
            }
        }

        let tests = m.coefficientTests()
        for (t, df) in zip(tests, ref.satterthwaiteDF) {
            #expect(abs(t.degreesOfFreedom - df) < 1e-2 * df, "df \(t.name): \(t.degreesOfFreedom) vs \(df)")
        }
        for (t, p) in zip(tests, ref.satterthwaiteP) {
            #expect(abs(t.pValue - p) < 1e-3 * max(p, 1e-3), "p \(t.name): \(t.pValue) vs \(p)")
        }
    }

    @Test(arguments: ReferenceIDs.gaussian)
    func conditionalModesAgree(id: String) throws {
        let ref = try #require(ReferenceFit.named(id))
        let m = try Self.fitted(ref)
        let re = try m.randomEffects(conditionalVariances: true)
        for head in ref.ranefHead {
            let term = try #require(re.first { $0.groupingName == head.factor })
            let scale = m.varianceComponents.filter { $0.group == head.factor && $0.var2 == nil }.map(\.sdcor).max() ?? 1
            for (k, label) in head.levels.enumerated() {
                let level = try #require(term.levels.firstIndex(of: label), "level \(label) of \(head.factor)")
                for (c, expected) in head.modes[k].enumerated() {
                    #expect(abs(term.modes[level][c] - expected) < 2e-3 * scale,
                            "mode \(head.factor)[\(label)]: \(term.modes[level][c]) vs \(expected)")
                }
                if k < head.condVar.count, let cov = term.conditionalCovariances?[level] {
                    let expected = head.condVar[k]
                    let q = term.columnNames.count
                    #expect(expected.count == q * q)
                    let scaleVar = (0..<q).map { expected[$0 * q + $0] }.max() ?? 1
                    for (i, e) in expected.enumerated() where i < q * q {
                        #expect(abs(cov[(i % q) * q + i / q] - e) < 1e-2 * scaleVar,
                                "condVar \(head.factor)[\(label)] element \(i): \(cov[(i % q) * q + i / q]) vs \(e)")
                    }
                }
            }
        }
    }
}
