import DataTable
import Testing
@testable import MixedModels

struct FittedValuesTests {
    /// The penalised residual sum of squares read off the factor equals ‖y − Xβ̂ − Zb̂‖² + ‖û‖²
    /// computed from the fitted values and the spherical modes: the fitted values use the
    /// estimates the factor holds, not a default.
    @Test func residualsReproduceThePenalisedResidualSumOfSquares() throws {
        let exam = try DataTable.readCSV(path: Repository.data("Exam.csv"))
        let m = try LinearMixedModel.fit("normexam ~ standLRT + (standLRT | school)", exam)
        let r = try m.residuals
        let fitted = try m.fittedValues
        #expect(r.count == m.observationCount && fitted.count == m.observationCount)
        for (y, (f, e)) in zip(m.response, zip(fitted, r)) { #expect(abs(y - f - e) <= 1e-12 * max(abs(y), 1)) }
        let u = try m.system.sphericalModes(beta: m.fixedEffects).flatMap { $0 }
        let pwrss = r.reduce(0) { $0 + $1 * $1 } + u.reduce(0) { $0 + $1 * $1 }
        #expect(abs(pwrss - m.system.penalizedResidualSumOfSquares) < 1e-9 * pwrss)
    }
}
