import DataTable
import Foundation
import MixedModels
import Testing
@testable import Education

/// The disadvantage models: support × FSM, the effect for FSM and other pupils and the change
/// in the gap.
struct EvaluationDisadvantageTests {
    static var design: EvaluationDesign {
        var design = EvaluationFixtures.cappedOnly
        design.fsmInteraction = true
        design.schoolEffectsOutcome = nil
        return design
    }

    @Test("The formula adds fsm:support_<c>, named as R names it, and three terms per category")
    func formulaAndTerms() {
        let spec = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .fsm, subgroup: .all, design: EvaluationDesign(),
            categories: ["receiving", "providing"], yearEffects: false)
        #expect(spec.formula == "ks4_capped ~ ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support"
                + " + fsm:support_receiving + fsm:support_providing + (1 | school)")
        #expect(spec.terms.map(\.coefficient) == [
            "supportreceiving", "supportreceiving + fsm:support_receiving", "fsm:support_receiving",
            "supportproviding", "supportproviding + fsm:support_providing", "fsm:support_providing"])
        #expect(spec.terms[1].contrast == ["supportreceiving": 1, "fsm:support_receiving": 1])
        #expect(spec.terms[0].contrast == nil && spec.terms[2].contrast == nil)
        // FSM Ever 6 is not a standard control, so it enters as a main effect too.
        let ever6 = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .fsmEver6, subgroup: .all, design: EvaluationDesign(),
            categories: ["receiving"], yearEffects: false)
        #expect(ever6.formula.contains("+ fsm_ever6 + support + fsm_ever6:support_receiving + (1 | school)"))
        #expect(ever6.variables.contains("fsm_ever6"))
    }

    @Test("The effect for FSM pupils is the sum of the two coefficients, with SE from their covariance")
    func contrastMatchesTheModel() throws {
        var spec = NationalCohortSpecification(pupils: 3_000, schools: 120, localAuthorities: 12, seed: 41)
        spec = spec.withDisadvantageEffects()
        let data = try EvaluationFixtures.data(spec)
        let results = try Evaluation(design: Self.design).run(data)
        let model = try #require(results.models.first { $0.specification.analysis == .fsm })
        #expect(model.status == .fitted, "\(model.message ?? "")")
        func estimate(_ term: String) throws -> EvaluationEstimate {
            try #require(results.estimates.first { $0.analysis == .fsm && $0.term == term }, "no estimate of \(term)")
        }
        let main = try estimate("supportreceiving")
        let interaction = try estimate("fsm:support_receiving")
        let fsmPupils = try estimate("supportreceiving + fsm:support_receiving")
        #expect(abs(fsmPupils.estimate - (main.estimate + interaction.estimate)) < 1e-9)

        // Refit the printed formula on the same pupils and form the SE by hand from vcov.
        let run = ModelRun(outcome: .ks4Capped, analysis: .fsm, subgroup: .all, keyStage: .ks4, design: Self.design,
                           data: data, columns: try EvaluationColumns(table: data.table, design: Self.design),
                           wantSchoolEffects: false)
        let selection = try run.selectPupils()
        var lmm = try LinearMixedModel(formula: model.specification.formula, data: data.table.selectingRows(selection.candidates), reml: true,
                                       options: .init(referenceLevels: ["support": "none"]))
        try lmm.fit()
        let names = lmm.fixedEffectNames
        let i = try #require(names.firstIndex(of: "supportreceiving"))
        let j = try #require(names.firstIndex(of: "fsm:support_receiving"))
        let v = lmm.vcov
        let se = (v[i][i] + v[j][j] + 2 * v[i][j]).squareRoot()
        #expect(abs(fsmPupils.standardError - se) < 1e-9 * se)
        #expect(abs(main.estimate - lmm.fixedEffects[i]) < 1e-9 * max(1, abs(main.estimate)))
        #expect(fsmPupils.lower < fsmPupils.estimate && fsmPupils.estimate < fsmPupils.upper)
    }

    @Test("A cohort with no FSM pupils skips the disadvantage model and says why")
    func noFSMPupils() throws {
        let spec = NationalCohortSpecification(pupils: 1_500, schools: 60, localAuthorities: 6, seed: 42)
        let cohort = try SyntheticCohort.generate(spec)
        let text = String(decoding: cohort.pupilFileBytes(), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines[0].split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        let fsm = try #require(header.firstIndex(of: "fsm"))
        for k in 1..<lines.count {
            var fields = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[fsm] = "0"
            lines[k] = fields.joined(separator: ",")
        }
        let dataSet = try NPDDataSet.read(
            pupils: DataTable.parseCSV(Array((lines.joined(separator: "\n") + "\n").utf8), source: "pupils.csv"),
            schools: DataTable.parseCSV(cohort.schoolFileBytes(), source: "schools.csv"),
            support: DataTable.parseCSV(try cohort.supportFileBytes(), source: "support.csv"))
        let results = try Evaluation(design: Self.design).run(try EvaluationData(dataSet: dataSet))
        let model = try #require(results.models.first { $0.specification.analysis == .fsm })
        #expect(model.status == .skipped)
        #expect(model.message?.contains("no pupil here is eligible ('fsm' is 0 for all") == true, "\(model.message ?? "")")
        // The category model still runs, without the constant fsm control.
        let categories = try #require(results.models.first { $0.specification.analysis == .categories })
        #expect(categories.status == .fitted)
        // No fsm_ever6 in generated files: no FSM Ever 6 model at all.
        #expect(!results.models.contains { $0.specification.analysis == .fsmEver6 })
    }

    @Test("The generator's FSM-specific effect: eta gains gamma for FSM pupils in supported schools only")
    func generatorInteraction() throws {
        var c = LinearOutcomeModel.ks4CappedDefault.coefficients
        c.supportReceivingFSM = 3
        func eta(fsm: Bool, support: SupportCategory) -> Double {
            c.linearPredictor(ks2APS: 27, fsm: fsm, eal: false, sen: SENProvision.none, gender: Gender.female, ethnic: EthnicGroup.whiteBritish,
                              idaci: 0, support: support)
        }
        // FSM pupil in a receiving school: fsm + receiving + 3; the others have no extra term.
        #expect(abs(eta(fsm: true, support: .receiving) - eta(fsm: false, support: .receiving) - (c.fsm + 3)) < 1e-12)
        #expect(abs(eta(fsm: true, support: .none) - eta(fsm: false, support: .none) - c.fsm) < 1e-12)
        #expect(abs(eta(fsm: true, support: .providing) - eta(fsm: false, support: .providing) - c.fsm) < 1e-12)
        // Specifications written before the interactions existed still decode, with zeros.
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any])
        #expect(object["supportReceivingFSM"] as? Double == 3)
        for key in ["supportReceivingFSM", "supportProvidingFSM", "supportTSProgrammeFSM"] { object.removeValue(forKey: key) }
        let decoded = try JSONDecoder().decode(OutcomeCoefficients.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.supportReceivingFSM == 0 && decoded.supportTSProgrammeFSM == 0)
        #expect(decoded.fsm == c.fsm && decoded.supportReceiving == c.supportReceiving)
        let spec = NationalCohortSpecification().withDisadvantageEffects()
        #expect(spec.capped.coefficients.supportReceivingFSM == 3 && spec.absence.coefficients.supportProvidingFSM == -0.03)
    }

    @Test("Over seeded cohorts the FSM interactions are recovered near their truth")
    func recovery() throws {
        let replications = 12
        var sums: [String: Double] = [:], squares: [String: Double] = [:], counts: [String: Int] = [:]
        var covered = 0, intervals = 0
        var truth: [String: Double] = [:]
        for replication in 0..<replications {
            let spec = NationalCohortSpecification(pupils: 4_000, schools: 120, localAuthorities: 12,
                                                   seed: 7_000 + UInt64(replication)).withDisadvantageEffects()
            let c = spec.capped.coefficients
            truth = ["fsm:support_receiving": c.supportReceivingFSM, "fsm:support_providing": c.supportProvidingFSM,
                     "supportreceiving + fsm:support_receiving": c.supportReceiving + c.supportReceivingFSM]
            let results = try Evaluation(design: Self.design).run(try EvaluationFixtures.data(spec))
            for (term, value) in truth {
                guard let e = results.estimates.first(where: { $0.analysis == .fsm && $0.term == term }) else { continue }
                sums[term, default: 0] += e.estimate
                squares[term, default: 0] += e.estimate * e.estimate
                counts[term, default: 0] += 1
                intervals += 1
                if e.lower <= value && value <= e.upper { covered += 1 }
            }
        }
        for (term, value) in truth {
            let n = Double(counts[term] ?? 0)
            try #require(n >= Double(replications) - 1, "\(term) estimated in \(Int(n)) of \(replications)")
            let mean = (sums[term] ?? 0) / n
            let sd = (max((squares[term] ?? 0) / n - mean * mean, 0) * n / (n - 1)).squareRoot()
            #expect(abs(mean - value) < 3.5 * sd / n.squareRoot() + 0.5, "\(term): mean \(mean) vs \(value), SD \(sd)")
        }
        // 36 intervals at a true 95%: fewer than 30 covering has probability under 0.5%.
        #expect(covered >= 30, "\(covered) of \(intervals) intervals cover the truth")
    }
}
