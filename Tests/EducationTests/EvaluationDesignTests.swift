import DataTable
import Testing
@testable import Education

@Suite("Evaluation design: formulas, outcomes, scales")
struct EvaluationDesignTests {
    private let categories = SupportClassification.nferDefault.categories

    @Test("The category model of the capped score is the lme4 formula an analyst would write")
    func cappedFormula() {
        let spec = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .categories, subgroup: .all, design: EvaluationDesign(),
            categories: categories, yearEffects: false)
        #expect(spec.formula == "ks4_capped ~ ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support + (1 | school)")
        #expect(spec.terms.map(\.coefficient) == ["supportreceiving", "supportproviding", "supportts_programme"])
        #expect(spec.id == "ks4_capped/categories/all")
        #expect(spec.phase == "secondary")
        #expect(spec.rCode.contains("lme4::lmer(ks4_capped ~"))
        #expect(spec.rCode.contains("relevel(factor(d$support), ref = \"none\")"))
    }

    @Test("Three levels, KS2 prior attainment, binomial absence, H5, dose and pre/post terms")
    func otherFormulas() {
        var design = EvaluationDesign()
        design.levels = .three
        let ks2 = EvaluationFormula.specification(outcome: .ks2Attainment, analysis: .categories, subgroup: .area(.london),
                                                  design: design, categories: categories, yearEffects: false)
        #expect(ks2.formula == "ks2_aps ~ ks1_aps + fsm + eal + sen + gender + ethnic + idaci + support + (1 | la) + (1 | school)")
        #expect(ks2.phase == "primary" && ks2.id == "ks2/categories/london")
        #expect(ks2.rCode.contains("subset(d, area == \"london\")"))

        let absence = EvaluationFormula.specification(outcome: .totalAbsence, analysis: .categories, subgroup: .all,
                                                      design: EvaluationDesign(), categories: categories, yearEffects: false)
        #expect(absence.formula.hasPrefix("cbind(sessions_absent, sessions_possible - sessions_absent) ~ ks2_aps + "))
        #expect(absence.attendanceWindow == 0.10)
        // REML by default: the R code is glmmTMB's; by maximum likelihood, glmer's.
        #expect(absence.reml && absence.rCode.contains("glmmTMB::glmmTMB(") && absence.rCode.contains("family = binomial, REML = TRUE"))
        var ml = EvaluationDesign()
        ml.generalisedREML = false
        let absenceML = EvaluationFormula.specification(outcome: .totalAbsence, analysis: .categories, subgroup: .all,
                                                        design: ml, categories: categories, yearEffects: false)
        #expect(!absenceML.reml && absenceML.rCode.contains("glmer(") && absenceML.rCode.contains("family = binomial, nAGQ = 1"))
        var fast = EvaluationDesign.fast
        fast.absenceOverdispersion = true
        #expect(!EvaluationFormula.specification(outcome: .totalAbsence, analysis: .categories, subgroup: .all,
                                                 design: fast, categories: categories, yearEffects: false).reml)

        let h5 = EvaluationFormula.specification(outcome: .ks4Capped, analysis: .crossLA, subgroup: .all,
                                                 design: EvaluationDesign(), categories: categories, yearEffects: false)
        #expect(h5.formula.contains("support + support_receiving:cross_la + support_providing:cross_la + support_ts_programme:cross_la + (1 | school)"))
        #expect(h5.terms.map(\.coefficient).first == "support_receiving:cross_la")

        let dose = EvaluationFormula.specification(outcome: .ks4Capped, analysis: .dose, subgroup: .all,
                                                   design: EvaluationDesign(), categories: categories, yearEffects: false)
        #expect(dose.formula.contains("support + support_days + (1 | school)") && dose.terms.map(\.coefficient) == ["support_days"])

        let prePost = EvaluationFormula.specification(outcome: .ks4Capped, analysis: .prePost, subgroup: .all,
                                                      design: EvaluationDesign(), categories: categories, yearEffects: true)
        #expect(prePost.formula.contains("idaci + factor(year) + support + ever_receiving + ever_providing + ever_ts_programme + (1 | school)"))
        #expect(prePost.terms.count == 6)

        let dropped = EvaluationFormula.specification(outcome: .ks4Capped, analysis: .categories, subgroup: .all,
                                                      design: EvaluationDesign(), categories: categories, yearEffects: false,
                                                      constantColumns: ["eal"])
        #expect(!dropped.formula.contains("eal") && dropped.droppedControls == ["eal"])
    }

    @Test("Outcome names parse, and the design rejects bad settings")
    func parsingAndValidation() {
        #expect(EvaluationOutcome(parsing: "capped") == .ks4Capped)
        #expect(EvaluationOutcome(parsing: "5AC") == .ks4FiveACEM)
        #expect(EvaluationOutcome(parsing: "unauthorised_absence") == .unauthorisedAbsence)
        #expect(EvaluationOutcome(parsing: "nonsense") == nil)
        var design = EvaluationDesign()
        design.quadraturePoints = 30
        #expect(throws: EvaluationError.self) { try design.validate() }
        design = EvaluationDesign()
        design.controls = ["fsm + eal"]
        #expect(throws: EvaluationError.self) { try design.validate() }
        design = EvaluationDesign()
        design.outcomes = []
        #expect(throws: EvaluationError.self) { try design.validate() }
    }

    @Test("EEF months follow the Toolkit's table, negative sizes mirrored")
    func eefMonths() {
        let cases: [(Double, Int)] = [(0, 0), (0.01, 0), (0.02, 1), (0.09, 1), (0.10, 2), (0.18, 2), (0.19, 3), (0.27, 4),
                                      (0.44, 5), (0.45, 6), (0.61, 7), (0.62, 8), (0.78, 9), (0.87, 10), (0.95, 11), (0.96, 12),
                                      (2.5, 12), (-0.3, -4)]
        for (size, months) in cases { #expect(EEFMonths.months(effectSize: size) == months, "\(size)") }
        #expect(EEFMonths.months(effectSize: .nan) == nil)
    }

    @Test("A table without the needed columns is a clear error")
    func missingColumns() throws {
        let table = try DataTable(source: "t", columns: [DataColumn(name: "year", numeric: [2010])])
        #expect(throws: EvaluationError.self) { _ = try EvaluationData(table: table) }
    }
}
