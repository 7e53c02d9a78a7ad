import DataTable
import Foundation
import Testing
@testable import MixedModels

/// The profiled second stage (β̂(θ) by Newton steps on the analytic Laplace gradient, θ alone
/// in BOBYQA) against the joint one, and its gradient against finite differences of the
/// objective it differentiates.
struct ProfiledStageTests {
    static let cases: [(data: String, formula: String, family: Distribution)] = [
        ("cbpp.csv", "cbind(incidence, healthy) ~ factor(period) + (1|herd)", .binomial),
        ("Contraception.csv", "use01 ~ age + I(age^2) + urban + livch + (1|district)", .binomial),
        ("Contraception.csv", "use01 ~ age + urban + livch + (1 + urban|district)", .binomial),
        // BROOD is nested in LOCATION: two nested terms, the L₂₁ path of hᵢ.
        ("grouseticks.csv", "TICKS ~ factor(YEAR) + cHEIGHT + (1|BROOD) + (1|LOCATION)", .poisson),
        // An observation-level term (one herd:period a row) nested in herd: the factor with
        // that term integrated out in closed form.
        ("cbpp.csv", "cbind(incidence, healthy) ~ factor(period) + (1|herd) + (1|herd:period)", .binomial),
        // The families with dispersion at a fixed φ: the score and the η-derivative of the
        // observed information (the beta-binomial's through the tetragamma function).
        ("grouseticks.csv", "TICKS ~ factor(YEAR) + cHEIGHT + (1|BROOD) + (1|LOCATION)", .negativeBinomial),
        ("cbpp.csv", "cbind(incidence, size - incidence) ~ factor(period) + (1|herd)", .betaBinomial),
        ("synthetic/pupils.csv", "cbind(sessions_authorised, sessions_possible - sessions_authorised) ~ fsm + (1 + fsm|urn)",
         .betaBinomial),
    ]

    static func model(_ index: Int, stage: ProfiledStage) throws -> GeneralizedLinearMixedModel {
        let c = cases[index]
        let table = try DataTable.readCSV(path: Repository.data(c.data))
        var m = try GeneralizedLinearMixedModel(formula: c.formula, data: table, distribution: c.family)
        m.profiledStage = stage
        return m
    }

    /// ∂f/∂βⱼ from the code against a central difference of the Laplace objective (PIRLS run
    /// to convergence at each point) with a step of 1e-4 standard errors, away from the
    /// optimum (β̂ moved by half an SE in every coordinate) so that the gradient is not zero.
    @Test(arguments: 0..<8)
    func gradientMatchesFiniteDifferences(index: Int) throws {
        var m = try Self.model(index, stage: .never)
        try m.fit()
        #expect(m.profiledStageApplies(m.system))
        let se = m.standardErrors
        let beta = zip(m.fixedEffects, se).map { $0 + 0.5 * $1 }
        var s = m.system
        let (value, state) = m.evaluate(theta: m.theta, beta: beta, start: m.u, system: &s)
        #expect(value.isFinite)
        let g = try #require(m.laplaceFixedEffectsGradient(state: state, system: s))
        for j in beta.indices {
            let h = 1e-4 * se[j]
            var plus = beta, minus = beta
            plus[j] += h
            minus[j] -= h
            let fd = (m.objective(theta: m.theta, beta: plus) - m.objective(theta: m.theta, beta: minus)) / (2 * h)
            // The gradient is O(1/SE) here; central differences err by O(h²) and by the
            // objective's rounding (≈1e-10 relative) over 2h.
            let scale = max(abs(fd), 1 / se[j])
            #expect(abs(g[j] - fd) <= 1e-4 * scale, "\(m.fixedEffectNames[j]): analytic \(g[j]), finite difference \(fd)")
        }
    }

    /// The profiled stage reaches the joint stage's optimum: log-likelihood at least the
    /// joint one's minus 1e-6, β within 1e-3 SE, θ within 1e-3 relative.
    @Test(arguments: 0..<8)
    func reachesTheJointOptimum(index: Int) throws {
        var joint = try Self.model(index, stage: .never)
        try joint.fit()
        var profiled = try Self.model(index, stage: .always)
        try profiled.fit()
        let message = profiled.optimization?.message ?? ""
        #expect(message.contains("profiled"), "\(message)")
        #expect(profiled.logLikelihood >= joint.logLikelihood - 1e-6,
                "profiled \(profiled.logLikelihood), joint \(joint.logLikelihood)")
        let se = joint.standardErrors
        for j in joint.fixedEffects.indices {
            #expect(abs(profiled.fixedEffects[j] - joint.fixedEffects[j]) <= 1e-3 * se[j],
                    "\(joint.fixedEffectNames[j]): \(profiled.fixedEffects[j]) vs \(joint.fixedEffects[j])")
        }
        for (a, b) in zip(profiled.theta, joint.theta) {
            #expect(abs(a - b) <= 1e-3 * max(abs(b), 1e-2), "θ \(a) vs \(b)")
        }
    }
}
