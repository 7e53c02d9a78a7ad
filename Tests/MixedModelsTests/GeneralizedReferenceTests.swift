import DataTable
import Foundation
import Testing
@testable import MixedModels

/// Agreement with lme4's `glmer` on the binomial and Poisson reference fits, at the issue's
/// tolerances: logLik within 2e-3 and never more than 1e-3 below lme4's (both maximise the
/// same approximation); β within 1e-2 SE; random-effect SDs within 1e-2 relative.
struct GeneralizedReferenceTests {
    static let ids = ["cbpp_binomial_laplace", "cbpp_binomial_agq25", "contraception_logit_laplace", "grouseticks_poisson_laplace",
                      "grouseticks_poisson_olre", "cbpp_binomial_olre"]

    static func fitted(_ ref: ReferenceFit) throws -> GeneralizedLinearMixedModel {
        let table = try DataTable.readCSV(path: Repository.data("\(ref.dataset).csv"))
        let distribution = Distribution(rawValue: ref.family) ?? .binomial
        return try GeneralizedLinearMixedModel.fit(ref.formula, table, distribution: distribution,
                                                   quadraturePoints: ref.nAGQ ?? 1)
    }

    @Test(arguments: ids)
    func agreesWithGlmer(id: String) throws {
        let ref = try #require(ReferenceFit.named(id))
        let m = try Self.fitted(ref)
        #expect(m.observationCount == ref.nobs)
        #expect(m.fixedEffectNames == ref.fixefNames)
        let logLik = m.logLikelihood
        #expect(abs(logLik - ref.logLik) < 2e-3, "logLik \(logLik) vs \(ref.logLik)")
        #expect(logLik > ref.logLik - 1e-3)
        try #require(m.fixedEffects.count == ref.fixefNames.count)
        for (i, name) in ref.fixefNames.enumerated() {
            #expect(abs(m.fixedEffects[i] - ref.fixefEstimate[i]) < 1e-2 * ref.fixefSE[i], "β \(name): \(m.fixedEffects[i]) vs \(ref.fixefEstimate[i])")
        }
        let sds = m.varianceComponents.filter { $0.var2 == nil }.map(\.sdcor)
        let refSDs = zip(ref.varcorrSDCor, ref.varcorrVar2).filter { $0.1 == nil }.map(\.0)
        #expect(sds.count == refSDs.count)
        for (a, b) in zip(sds, refSDs) { #expect(abs(a - b) < 1e-2 * b, "SD \(a) vs \(b)") }
        if let dev = ref.deviance { #expect(abs(m.deviance - dev) < 1e-2, "deviance \(m.deviance) vs \(dev)") }
        // Standard errors come from a finite-difference Hessian in (θ, β) in both programs.
        // lme4's uses plain central differences with step 1e-4 on an objective whose PIRLS
        // stops at a relative change of 1e-7, which leaves about 1% noise in the SEs (on
        // cbpp our Hessian gives the same SEs at relative steps 1e-3 and 1e-2, 1.1% above
        // lme4's); the issue sets no SE tolerance for GLMMs, so 2% is asked.
        let se = m.standardErrors
        for (i, name) in ref.fixefNames.enumerated() where i < se.count {
            #expect(abs(se[i] - ref.fixefSE[i]) < 2e-2 * ref.fixefSE[i], "SE \(name): \(se[i]) vs \(ref.fixefSE[i])")
        }
        #expect(abs(m.aic - ref.aic) < 4e-3)
    }
}

/// The fit stores the objective and μ̂ at the estimates; they must be what PIRLS gives there.
struct StoredFitStateTests {
    @Test(arguments: GeneralizedReferenceTests.ids)
    func storedObjectiveAndMeansMatchARecomputation(id: String) throws {
        let ref = try #require(ReferenceFit.named(id))
        let m = try GeneralizedReferenceTests.fitted(ref)
        let stored = try #require(m.fittedModes)
        let recomputed = m.objective(theta: m.theta, beta: m.fixedEffects)
        #expect(abs(stored.objective - recomputed) <= 1e-8 * abs(recomputed), "\(stored.objective) vs \(recomputed)")
        var s = m.system
        let mu = m.conditionalModes(beta: m.fixedEffects, start: m.u, system: &s).mu
        #expect(mu.count == m.fittedValues.count)
        let worst = zip(mu, m.fittedValues).map { abs($0 - $1) / max(abs($0), 1e-12) }.max() ?? .infinity
        #expect(worst <= 1e-6, "largest relative difference in μ̂ \(worst)")
        // An unfitted model has nothing stored and computes on demand.
        var unfitted = m
        unfitted.fittedModes = nil
        #expect(unfitted.objective == recomputed)
    }
}
