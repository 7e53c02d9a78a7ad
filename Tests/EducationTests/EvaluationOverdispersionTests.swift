import Testing
@testable import Education

/// The optional pupil-level random effect of the absence models.
struct EvaluationOverdispersionTests {
    @Test func absenceModelsGainAPupilEffectOnlyWhenAsked() {
        var design = EvaluationDesign()
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
}
