import DataTable
import Foundation
import Testing
@testable import MixedModels

/// glmmTMB 1.1.5's REML = TRUE fits of binomial–logit and Poisson–log GLMMs, written by
/// scripts/reference-glmmtmb-reml.R into Fixtures/glmmtmb_reml_reference.json.
enum RestrictedReferenceFit {
    /// The fits, read with the dispersion fixtures' reader (the same fields, without φ).
    static let all: [DispersionReferenceFit] = {
        guard let data = FileManager.default.contents(atPath: Repository.fixture("glmmtmb_reml_reference.json")),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return list.map(DispersionReferenceFit.init)
    }()
}

extension DispersionReferenceFit {
    /// The model fitted by REML.
    func fittedByREML() throws -> GeneralizedLinearMixedModel {
        let table = try DataTable.readCSV(path: Repository.data("\(dataset).csv"))
        let distribution = try #require(Distribution(rawValue: family))
        var m = try GeneralizedLinearMixedModel(formula: formula, data: table, distribution: distribution)
        m.reml = true
        try m.fit()
        return m
    }
}

/// REML agrees with glmmTMB's: the restricted log-likelihood within 1e-4, β within 1e-3 SE,
/// the SEs (which include the uncertainty of θ̂, as TMB's sdreport) and the random-effect SDs
/// within 1e-3 relative.
struct RestrictedReferenceTests {
    @Test(arguments: ["cbpp_binomial_reml", "grouseticks_poisson_reml", "pupils_absence_reml"])
    func agreesWithGlmmTMB(id: String) throws {
        let ref = try #require(RestrictedReferenceFit.all.first { $0.id == id })
        let m = try ref.fittedByREML()
        #expect(m.observationCount == ref.nobs)
        #expect(m.fixedEffectNames == ref.fixefNames)
        #expect(abs(m.logLikelihood - ref.logLik) < 1e-4, "logLik \(m.logLikelihood) vs \(ref.logLik)")
        let se = m.standardErrors
        try #require(m.fixedEffects.count == ref.fixefNames.count)
        for (i, name) in ref.fixefNames.enumerated() {
            #expect(abs(m.fixedEffects[i] - ref.fixefEstimate[i]) < 1e-3 * ref.fixefSE[i], "β \(name): \(m.fixedEffects[i]) vs \(ref.fixefEstimate[i])")
            #expect(abs(se[i] / ref.fixefSE[i] - 1) < 1e-3, "SE \(name): \(se[i]) vs \(ref.fixefSE[i])")
        }
        // glmmTMB lists the terms as written; this library in lme4's order (larger first).
        let sds = m.varianceComponents.filter { $0.var2 == nil }
        #expect(sds.count == ref.sds.count)
        let refByGroup = Dictionary(uniqueKeysWithValues: zip(
            ref.formula.split(separator: "|").dropFirst().map { $0.prefix { $0 != ")" }.trimmingCharacters(in: .whitespaces) }, ref.sds))
        for c in sds {
            let expected = try #require(refByGroup[c.group], "group \(c.group)")
            #expect(abs(c.sdcor / expected - 1) < 1e-3, "SD \(c.group): \(c.sdcor) vs \(expected)")
        }
        #expect(ModelSummary(m, fitSeconds: 0, messages: []).criterion.0 == "REMLcrit")
    }

    /// The REML variance components are larger than ML's (whose bias with few groups REML
    /// removes).
    @Test func variancesExceedMaximumLikelihood() throws {
        let ref = try #require(RestrictedReferenceFit.all.first { $0.id == "grouseticks_poisson_reml" })
        let reml = try ref.fittedByREML()
        let ml = try GeneralizedLinearMixedModel.fit(ref.formula, DataTable.readCSV(path: Repository.data("grouseticks.csv")),
                                                     distribution: .poisson)
        for (a, b) in zip(reml.varianceComponents.map(\.sdcor), ml.varianceComponents.map(\.sdcor)) { #expect(a > b) }
    }

    @Test func refusedWhereTheLaplaceHessianIsNotTheInformation() throws {
        let table = try DataTable.readCSV(path: Repository.data("grouseticks.csv"))
        var nb = try GeneralizedLinearMixedModel(formula: "TICKS ~ cHEIGHT + (1|BROOD)", data: table, distribution: .negativeBinomial)
        nb.reml = true
        #expect(throws: MixedModelError.self) { try nb.fit() }
        var agq = try GeneralizedLinearMixedModel(formula: "TICKS ~ cHEIGHT + (1|BROOD)", data: table, distribution: .poisson,
                                                  quadraturePoints: 5)
        agq.reml = true
        #expect(throws: MixedModelError.self) { try agq.fit() }
    }
}
