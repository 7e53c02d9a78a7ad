import DataTable
import Foundation
import Testing
@testable import Education

/// The school-context controls: hand-computed values, unit invariance, the formula, the
/// design-file key and the degenerate cases (a one-pupil school, a cohort with no FSM pupil).
@Suite("School context")
struct SchoolContextTests {
    /// Three KS4 school-years of 2010 and one KS2 school-year:
    ///
    /// - school 1: fsm 1, 0, 0, 1; ks2_aps 20, 24, 28, NA. % FSM 50, mean 24, SD 4 (deviations
    ///   −4, 0, 4: 32 / 2 = 16), 4 pupils.
    /// - school 2: fsm 0, 0; ks2_aps 30, 26. % FSM 0, mean 28, SD √8 = 2.828427, 2 pupils.
    /// - school 3: one pupil, fsm 1, ks2_aps 22. % FSM 100, mean 22, no SD, 1 pupil.
    /// - school 4 (KS2): fsm 0, 0; ks1_aps 15, 17: the only KS2 school-year.
    static let file = """
        key_stage,school,year,fsm,ks1_aps,ks2_aps
        4,1,2010,1,NA,20
        4,1,2010,0,NA,24
        4,1,2010,0,NA,28
        4,1,2010,1,NA,NA
        4,2,2010,0,NA,30
        4,2,2010,0,NA,26
        4,3,2010,1,NA,22
        2,4,2010,0,15,NA
        2,4,2010,0,17,NA

        """

    static func table(_ text: String = file) throws -> DataTable {
        try DataTable.parseCSV(Array(text.utf8), source: "context.csv")
    }

    static func column(_ columns: [DataColumn], _ name: String) throws -> [Double] {
        try #require(columns.first { $0.name == name }?.numericValues)
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-5) -> Bool {
        abs(a - b) <= tolerance
    }

    @Test("hand-computed context values, standardised across the KS4 school-years")
    func handValues() throws {
        let (columns, summary) = try SchoolContext.columns(of: Self.table())
        // % FSM 50, 0, 100: mean 50, SD √((0 + 2500 + 2500) / 2) = 50, so z = 0, −1, 1.
        let fsm = try Self.column(columns, SchoolContext.pctFSMColumn)
        #expect(fsm[0...3].allSatisfy { Self.close($0, 0) })
        #expect(Self.close(fsm[4], -1) && Self.close(fsm[6], 1))
        // Means 24, 28, 22: mean 24.6667, SD √(18.6667 / 2) = 3.055050;
        // z = −0.218218, 1.091089, −0.872872.
        let mean = try Self.column(columns, SchoolContext.priorMeanColumn)
        #expect(Self.close(mean[0], -0.218218) && Self.close(mean[3], -0.218218))
        #expect(Self.close(mean[5], 1.091089) && Self.close(mean[6], -0.872872))
        // SDs 4 and 2.828427 (school 3 has none): mean 3.414214, SD 1.171573 / √2 = 0.828427;
        // z = ±0.707107, and NA for school 3's pupil.
        let sd = try Self.column(columns, SchoolContext.priorSDColumn)
        #expect(Self.close(sd[0], 0.707107) && Self.close(sd[4], -0.707107))
        #expect(sd[6].isNaN)
        // Sizes 4, 2, 1: mean 2.3333, SD √(4.6667 / 2) = 1.527525; z = 1.091089, −0.218218, −0.872872.
        let size = try Self.column(columns, SchoolContext.cohortSizeColumn)
        #expect(Self.close(size[0], 1.091089) && Self.close(size[4], -0.218218) && Self.close(size[6], -0.872872))
        // The scaling is recorded (KS4 % FSM: mean 50, SD 50 over 3 school-years).
        let ks4FSM = try #require(summary.scalings.first { $0.keyStage == 4 && $0.column == SchoolContext.pctFSMColumn })
        #expect(ks4FSM.schoolYears == 3 && Self.close(ks4FSM.mean, 50) && Self.close(ks4FSM.standardDeviation, 50))
        #expect(summary.schoolYears == 4)
        // School 3's one pupil has no SD: counted and said.
        #expect(summary.schoolYearsWithoutPriorSD == 1 && summary.pupilsWithoutPriorSD == 1)
        #expect(summary.notes.contains { $0.hasPrefix("1 school-year has fewer than two pupils with prior attainment") })
        // KS2 has one school-year, so every KS2 variable is constant: 0, left out, with a note
        // that names the missing FSM pupils.
        #expect(fsm[7] == 0 && mean[8] == 0)
        #expect(summary.scalings.filter { $0.keyStage == 2 }.allSatisfy { $0.isConstant })
        #expect(summary.notes.contains("ctx_pct_fsm: no KS2 pupil is eligible for FSM, so % FSM is 0 in every school-year; the column is left out of the KS2 models"))
    }

    @Test("the context does not depend on the units of prior attainment")
    func unitInvariance() throws {
        var lines = Self.file.split(separator: "\n").map(String.init)
        for k in 1..<lines.count {
            var fields = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let value = Double(fields[5]) { fields[5] = String(value * 10 + 0) }
            lines[k] = fields.joined(separator: ",")
        }
        let scaled = try SchoolContext.columns(of: Self.table(lines.joined(separator: "\n") + "\n")).columns
        let original = try SchoolContext.columns(of: Self.table()).columns
        for (a, b) in zip(original, scaled) {
            let x = try #require(a.numericValues), y = try #require(b.numericValues)
            #expect(zip(x, y).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) < 1e-12 }, "\(a.name)")
        }
    }

    @Test("the formula names the four context columns after the pupil controls, and leaves out a constant one")
    func formula() {
        var design = EvaluationFixtures.cappedOnly
        design.schoolContext = true
        let spec = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .categories, subgroup: .all, design: design,
            categories: ["receiving", "providing", "ts_programme"], yearEffects: false)
        #expect(spec.formula == "ks4_capped ~ ks2_aps + fsm + eal + sen + gender + ethnic + idaci + ctx_pct_fsm + ctx_prior_mean + ctx_prior_sd + ctx_cohort_size + support + (1 | school)")
        #expect(spec.rCode.contains("d$ctx_prior_sd <- z(ave(d$ks2_aps, g,"))
        let dropped = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .categories, subgroup: .all, design: design,
            categories: ["receiving"], yearEffects: true, constantColumns: ["fsm", SchoolContext.pctFSMColumn])
        #expect(dropped.formula == "ks4_capped ~ ks2_aps + eal + sen + gender + ethnic + idaci + ctx_prior_mean + ctx_prior_sd + ctx_cohort_size + factor(year) + support + (1 | school)")
        #expect(dropped.droppedControls == ["fsm", SchoolContext.pctFSMColumn])
        #expect(dropped.usesSchoolContext)
        // Without the design setting nothing changes.
        let plain = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .categories, subgroup: .all, design: EvaluationFixtures.cappedOnly,
            categories: ["receiving"], yearEffects: false)
        #expect(!plain.formula.contains("ctx_") && !plain.rCode.contains("ctx_"))
    }

    @Test("the design file key schoolContext round-trips, defaults to off and must be true or false")
    func designKey() throws {
        #expect(EvaluationDesign().schoolContext == false)
        var design = EvaluationDesign()
        design.schoolContext = true
        #expect(try JSONDecoder().decode(EvaluationDesign.self, from: JSONEncoder().encode(design)).schoolContext)
        #expect(try JSONDecoder().decode(EvaluationDesign.self, from: Data("{\"schoolContext\": true}".utf8)).schoolContext)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EvaluationDesign.self, from: Data("{\"schoolContext\": \"yes\"}".utf8))
        }
    }

    @Test("the models carry the context; the one-pupil school-year's pupil is counted as missing ctx_prior_sd")
    func fittedModel() throws {
        var design = EvaluationFixtures.cappedOnly
        design.schoolContext = true
        let spec = NationalCohortSpecification(pupils: 1_500, schools: 60, localAuthorities: 6, seed: 42)
        let data = try EvaluationFixtures.data(spec)
        let results = try Evaluation(design: design).run(data)
        let model = try #require(results.models.first)
        #expect(model.status == .fitted, "\(model.message ?? "")")
        #expect(model.specification.formula.contains("ctx_pct_fsm + ctx_prior_mean + ctx_prior_sd + ctx_cohort_size + support"))
        #expect(results.exclusionsBalance)
        let summary = try #require(results.schoolContext)
        #expect(summary.schoolYears == 60)
        // The four coefficients are kept, in formula order, with finite SEs.
        let coefficients = try #require(model.schoolContext)
        #expect(coefficients.map(\.column) == SchoolContext.columnNames)
        #expect(coefficients.allSatisfy { $0.standardError.isFinite && $0.standardError > 0 })
        let missingSD = model.exclusions?.missing.first { $0.variable == SchoolContext.priorSDColumn }?.pupils ?? 0
        // Pupils of school-years without an SD are the only ones missing it (prior attainment
        // is missing for 3% of pupils, so some may have been counted under ks2_aps first).
        #expect(missingSD <= summary.pupilsWithoutPriorSD)
        #expect(!results.estimates.isEmpty)
    }

    @Test("a cohort with no FSM pupil: % FSM is constant, left out with a note, and the model still runs")
    func noFSMCohort() throws {
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
        var design = EvaluationFixtures.cappedOnly
        design.schoolContext = true
        design.fsmInteraction = true
        let results = try Evaluation(design: design).run(try EvaluationData(dataSet: dataSet))
        let summary = try #require(results.schoolContext)
        #expect(summary.notes.contains { $0.hasPrefix("ctx_pct_fsm: no KS4 pupil is eligible for FSM") })
        let categories = try #require(results.models.first { $0.specification.analysis == .categories })
        #expect(categories.status == .fitted)
        #expect(!categories.specification.formula.contains("ctx_pct_fsm"))
        #expect(categories.specification.formula.contains("ctx_prior_mean"))
        #expect(categories.specification.droppedControls.contains(SchoolContext.pctFSMColumn))
        #expect(categories.warnings.contains { $0.hasPrefix("ctx_pct_fsm: % FSM is the same in every school-year here") })
        #expect(categories.schoolContext?.map(\.column) == [SchoolContext.priorMeanColumn, SchoolContext.priorSDColumn, SchoolContext.cohortSizeColumn])
        // The disadvantage model is skipped, saying why, and the run goes on.
        let disadvantage = try #require(results.models.first { $0.specification.analysis == .fsm })
        #expect(disadvantage.status == .skipped)
        #expect(disadvantage.message?.contains("no pupil here is eligible") == true)
    }
}
