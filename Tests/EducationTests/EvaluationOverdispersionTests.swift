import Foundation
import Testing
@testable import Education

/// The optional pupil-level random effect of the absence models.
struct EvaluationOverdispersionTests {
    @Test func absenceModelsHaveAPupilEffectUnlessTurnedOff() {
        var design = EvaluationDesign()
        #expect(design.absenceOverdispersion)
        design.absenceOverdispersion = false
        let plain = EvaluationFormula.specification(
            outcome: .totalAbsence, analysis: .categories, subgroup: .all, design: design,
            categories: ["receiving"], yearEffects: false)
        #expect(!plain.formula.contains("pupil"))
        design.absenceOverdispersion = true
        let withPupil = EvaluationFormula.specification(
            outcome: .totalAbsence, analysis: .categories, subgroup: .all, design: design,
            categories: ["receiving"], yearEffects: false)
        #expect(withPupil.formula.hasSuffix("(1 | school) + (1 | pupil)"))
        #expect(withPupil.variables.contains("pupil"))
        let capped = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .categories, subgroup: .all, design: design,
            categories: ["receiving"], yearEffects: false)
        #expect(!capped.formula.contains("pupil"))
    }

    @Test("The implied unauthorised effect: r = (1 − p)/(1 − p s), weighted by n q (1 − q)")
    func impliedUnauthorisedEffect() throws {
        var implied = ImpliedUnauthorisedEffect()
        #expect(implied.scale == nil)
        implied.add(sessions: 100, absenceProbability: 0.1, unauthorisedShare: 0.2)
        // q = 0.02, r = 0.9 / 0.98.
        #expect(abs(try #require(implied.scale) - 0.9 / 0.98) < 1e-15)
        implied.add(sessions: 300, absenceProbability: 0.05, unauthorisedShare: 0.5)
        // q = 0.025, r = 0.95 / 0.975; weights 100·0.02·0.98 and 300·0.025·0.975.
        let (w1, w2) = (100 * 0.02 * 0.98, 300 * 0.025 * 0.975)
        let expected = (w1 * 0.9 / 0.98 + w2 * 0.95 / 0.975) / (w1 + w2)
        #expect(abs(try #require(implied.scale) - expected) < 1e-15)
        // Degenerate pupils carry no information and are left out.
        implied.add(sessions: 0, absenceProbability: 0.1, unauthorisedShare: 0.2)
        implied.add(sessions: 10, absenceProbability: 0.1, unauthorisedShare: 0)
        #expect(abs(try #require(implied.scale) - expected) < 1e-15)

        // First order: a shift β in logit p moves logit(p s) by about r β.
        func logit(_ x: Double) -> Double { log(x / (1 - x)) }
        func invLogit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        let (p, s, beta) = (0.07, 0.2, -0.05)
        let moved = logit(invLogit(logit(p) + beta) * s) - logit(p * s)
        #expect(abs(moved - beta * (1 - p) / (1 - p * s)) < 2e-4)
    }

    @Test("Generated cohorts record the implied unauthorised effect, a little under 1")
    func generatedCohortImpliedScale() throws {
        let cohort = try SyntheticCohort.generate(NationalCohortSpecification(pupils: 2_000, schools: 40, localAuthorities: 8, seed: 5))
        let scale = try #require(cohort.impliedUnauthorisedEffect.scale)
        #expect(scale > 0.85 && scale < 1)
    }
}
