import DataTable
import Foundation
import Testing
@testable import Education

/// The cross-classified (primary and secondary school) and multiple-membership (movers)
/// designs of the KS4 models.
@Suite struct EvaluationMembershipTests {
    /// 6,000 KS4 pupils in 30 secondaries and 300 feeder primaries (about 20 pupils each)
    /// whose true effects on the capped score have SD 8.
    static func feederSpec(seed: UInt64) -> NationalCohortSpecification {
        var spec = NationalCohortSpecification(pupils: 6_000, schools: 30, localAuthorities: 6, seed: seed)
        spec.feederPrimaries = FeederPrimarySpecification(primaries: 300, outsideFeederRate: 0.1, cappedSD: 8)
        return spec
    }

    /// Reads the cohort's files as a user's would be read, after `edit` of the pupil lines
    /// (header first).
    static func data(_ cohort: SyntheticCohort, edit: (inout [String]) -> Void = { _ in }) throws -> EvaluationData {
        var lines = String(decoding: cohort.pupilFileBytes(), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        edit(&lines)
        let dataSet = try NPDDataSet.read(
            pupils: DataTable.parseCSV(Array((lines.joined(separator: "\n") + "\n").utf8), source: "pupils.csv"),
            schools: DataTable.parseCSV(cohort.schoolFileBytes(), source: "schools.csv"),
            support: DataTable.parseCSV(try cohort.supportFileBytes(), source: "support.csv"))
        return try EvaluationData(dataSet: dataSet)
    }

    @Test("The designs change the random part of the KS4 formulas only")
    func formulas() {
        var design = EvaluationFixtures.cappedOnly
        design.movers = true
        design.primaryEffects = true
        func formula(_ outcome: EvaluationOutcome, _ design: EvaluationDesign) -> String {
            EvaluationFormula.specification(outcome: outcome, analysis: .categories, subgroup: .all, design: design,
                                            categories: ["receiving"], yearEffects: false).formula
        }
        let ks4 = formula(.ks4Capped, design)
        #expect(ks4.hasSuffix(" + support + (1 | mm(school, school2_urn, school3_urn, weights(school_fraction, school2_fraction, school3_fraction))) + (1 | ks2_urn)"))
        #expect(!ks4.contains("(1 | school)"))
        #expect(formula(.ks2Attainment, design).hasSuffix(" + support + (1 | school)"))
        design.levels = .three
        #expect(formula(.ks4Capped, design).contains(" + support + (1 | la) + (1 | mm(school, "))
        design.movers = false
        #expect(formula(.ks4Capped, design).hasSuffix(" + support + (1 | la) + (1 | school) + (1 | ks2_urn)"))
        // Without the designs the formula is as before.
        #expect(formula(.ks4Capped, EvaluationFixtures.cappedOnly).hasSuffix(" + support + (1 | school)"))
    }

    @Test("Asking for primary effects or movers without the columns is an error naming them")
    func designWithoutColumns() throws {
        let data = try Self.data(SyntheticCohort.generate(NationalCohortSpecification(
            pupils: 600, schools: 12, localAuthorities: 3, seed: 5)))
        var design = EvaluationFixtures.cappedOnly
        design.primaryEffects = true
        #expect { try Evaluation(design: design).run(data) } throws: { "\($0)".contains("ks2_urn") }
        design.primaryEffects = false
        design.movers = true
        #expect { try Evaluation(design: design).run(data) } throws: { "\($0)".contains("school2_urn") }
        // A KS2-only design does not need them.
        design.outcomes = [.ks2Attainment]
        #expect(throws: Never.self) { try EvaluationColumns.checkMembershipColumns(data.table, design) }
    }

    /// Tolerance: by the large-sample variance of a one-way variance component (Searle, Casella
    /// & McCulloch 1992, ch. 3), var(σ̂²_p) ≈ 2(σ²_p + σ²_e/n)²/J with σ_p = 8, σ_e = 38 (the
    /// capped score's residual SD), n = 6,000/300 = 20 pupils per primary and J = 300: SE(σ̂²_p)
    /// ≈ (64 + 72.2)·√(2/300) = 11.1 points², SE(σ̂_p) ≈ 11.1/(2·8) = 0.70 points. The
    /// estimate is compared with the SD of the 300 effects actually drawn, which takes out
    /// their own sampling spread, so 3 SEs (2.1 points) is conservative. Over seeds 1–10 the
    /// estimate minus the drawn SD (without the blanked ks2_urn) ranged from −0.57 to +0.91,
    /// with SD 0.47.
    @Test("On a cohort with known primary effects the cross-classified model recovers their SD, and pupils without ks2_urn are counted")
    func recoversPrimarySD() throws {
        let cohort = try SyntheticCohort.generate(Self.feederSpec(seed: 3))
        // Every 50th pupil loses ks2_urn (the last column of the file).
        let data = try Self.data(cohort) { lines in
            for index in lines.indices.dropFirst() where index % 50 == 0 {
                var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[fields.count - 1] = "NA"
                lines[index] = fields.joined(separator: ",")
            }
        }
        var design = EvaluationFixtures.cappedOnly
        design.primaryEffects = true
        let results = try Evaluation(design: design).run(data)
        let model = try #require(results.models.first)
        #expect(model.status == .fitted, "\(model.message ?? "")")
        let primarySD = try #require(model.components.first { $0.group == "ks2_urn" }?.standardDeviation)
        let used = Set(cohort.ks2School)
        let effects = cohort.feederPrimaries.filter { used.contains($0.urn) }.map(\.cappedEffect)
        let mean = effects.reduce(0, +) / Double(effects.count)
        let drawnSD = (effects.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(effects.count - 1)).squareRoot()
        #expect(abs(primarySD - drawnSD) < 2.1, "estimated \(primarySD), drawn \(drawnSD)")
        #expect(model.components.contains { $0.group == "school" })
        // Pupils 50, 100, ... (data line index = pupil number) without ks2_urn, counted under
        // ks2_urn unless already missing ks2_aps or idaci, which come first in the formula.
        let blanked = cohort.pupil.indices.filter { cohort.pupil[$0] % 50 == 0 }
        let expected = blanked.filter { cohort.ks2APS[$0] != nil && cohort.idaci[$0] != nil }.count
        let exclusions = try #require(model.exclusions)
        #expect(expected > 100)
        #expect(exclusions.missing.first { $0.variable == "ks2_urn" }?.pupils == expected)
        #expect(exclusions.isBalanced)
    }

    @Test("A movers model fits the mm() school term and keeps one school effect per school")
    func moversModel() throws {
        var spec = NationalCohortSpecification(pupils: 2_400, schools: 24, localAuthorities: 4, seed: 8)
        spec.movers = MoverSpecification(share: 0.2)
        let cohort = try SyntheticCohort.generate(spec)
        let movers = cohort.secondSchool.compactMap { $0 }
        #expect(movers.count > 300 && movers.count < 660)  // 20% of 2,400 = 480
        let data = try Self.data(cohort)
        var design = EvaluationFixtures.cappedOnly
        design.movers = true
        let results = try Evaluation(design: design).run(data)
        let model = try #require(results.models.first)
        #expect(model.status == .fitted, "\(model.message ?? "")")
        #expect(model.components.contains { $0.group.hasPrefix("mm(school, school2_urn") })
        #expect(model.schools == 24)
        #expect(results.schoolEffects.count == 24)
        #expect(model.warnings.contains(EvaluationFormula.membershipNote))
        #expect(model.specification.rCode.contains("scripts/reference-multimember.R"))
    }

    @Test("Movers are off by default and leave the pupils who did not move unchanged")
    func moversLeaveOthersUnchanged() throws {
        let base = NationalCohortSpecification(pupils: 1_200, schools: 12, localAuthorities: 3, seed: 4)
        var withMovers = base
        withMovers.movers = MoverSpecification(share: 0.3)
        let plain = try SyntheticCohort.generate(base)
        let moved = try SyntheticCohort.generate(withMovers)
        #expect(plain.secondSchool.isEmpty)
        #expect(!String(decoding: plain.pupilFileBytes(), as: UTF8.self).contains("school2_urn"))
        var stayed = 0
        for index in plain.pupil.indices where moved.secondSchool[index] == nil {
            stayed += 1
            #expect(plain.ks4Capped[index] == moved.ks4Capped[index])
            #expect(plain.sessionsAbsent[index] == moved.sessionsAbsent[index])
        }
        #expect(stayed > 600 && stayed < 1_200)
        // A mover's second school is another school of the same LA.
        let laOf = Dictionary(uniqueKeysWithValues: moved.schools.map { ($0.urn, $0.la) })
        for index in moved.pupil.indices {
            guard let move = moved.secondSchool[index] else { continue }
            #expect(move.urn != moved.school[index] && laOf[move.urn] == moved.la[index])
            #expect(move.fraction >= 0.1 && move.fraction <= 0.9)
        }
        #expect(throws: CohortSpecificationError.self) {
            var bad = base
            bad.movers = MoverSpecification(share: 1.5)
            try bad.validate()
        }
    }
}
