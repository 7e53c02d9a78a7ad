import DataTable
import Foundation
import Testing
@testable import Education

/// The evaluation's matched comparison on a constructed analysis table whose numbers can be
/// checked by hand, on a single cohort, and on generated panels with selection into support.
@Suite("Matched comparison in the evaluation")
struct MatchedComparisonTests {
    /// Two KS4 pupils per school-year, 2009–2011. School means (capped points):
    ///
    ///     school  area           2009  2010  2011  support          % FSM 2010
    ///     100001  london          300   280   310  from 2011        50
    ///     100002  london          305   285   295  never            50
    ///     100003  london          340   350   352  never             0
    ///     100004  london          320   320   320  from 2009 (first year of the data)
    ///     100005  black_country   290   270   290  from 2011        50
    ///
    /// 100001 and 100005 have baseline 2010; the candidates are 100002 and 100003 (100004 was
    /// supported). 100005 is alone in its area: no candidate. 100004 has no pre-period.
    static func table(years: [Int] = [2009, 2010, 2011]) throws -> EvaluationData {
        let schools: [(urn: Int, area: String, means: [Int: Double], start: Int?, fsm: Int)] = [
            (100_001, "london", [2009: 300, 2010: 280, 2011: 310], 2011, 1),
            (100_002, "london", [2009: 305, 2010: 285, 2011: 295], nil, 1),
            (100_003, "london", [2009: 340, 2010: 350, 2011: 352], nil, 0),
            (100_004, "london", [2009: 320, 2010: 320, 2011: 320], 2009, 1),
            (100_005, "black_country", [2009: 290, 2010: 270, 2011: 290], 2011, 1),
        ]
        var csv = "year,key_stage,school,la,area,support,ks4_capped,ks2_aps,fsm\n"
        for s in schools {
            for year in years {
                guard let mean = s.means[year] else { continue }
                let support = s.start.map { year >= $0 } == true ? "receiving" : "none"
                // Two pupils, mean ± 4; in 2010 `fsm` of them eligible (the other year, none).
                for (k, score) in [mean - 4, mean + 4].enumerated() {
                    let fsm = year == 2010 && k < s.fsm ? 1 : 0
                    csv += "\(year),4,\(s.urn),201,\(s.area),\(support),\(score),27,\(fsm)\n"
                }
            }
        }
        return try EvaluationData(table: DataTable.parseCSV(Array(csv.utf8), source: "constructed.csv"))
    }

    static var design: EvaluationDesign {
        var design = EvaluationDesign()
        design.outcomes = [.ks4Capped]
        design.controls = []
        design.areas = []
        design.minimumSchools = 2
        return design
    }

    @Test("the bias correction moves the match's change by the slope of change on the covariate, checked by hand")
    func biasCorrection() throws {
        // Candidates x = 0, 10, 20 with changes 2, 0, −2: slope −0.2. The supported school
        // (x = 8, change 3) matches x = 10: plain 3 − 0 = 3; corrected 3 − (0 − 0.2 · (8 − 10)) = 2.6.
        let urn = { (n: Int) in try URN(100_000 + n) }
        let pool = try [(0.0, 2.0), (10, 0), (20, -2), (30, -4)].enumerated().map { i, p in
            ComparisonMatching.Profile(school: try urn(i + 1), x: [p.0], change: p.1, stratum: nil)
        }
        let treated = [ComparisonMatching.Profile(school: try urn(9), x: [8], change: 3, stratum: nil)]
        let m = ComparisonMatching.match(group: "g", covariates: ["x"], treated: treated, pool: pool, unmatched: [],
                                         exactStratum: false, stratumDescription: "", options: MatchingOptions(caliper: nil), level: 0.95)
        #expect(m.pairs.first?.comparisons == [try urn(2)])
        #expect(abs((m.matchedDifference?.estimate ?? 0) - 3) < 1e-12)
        #expect(abs((m.biasCorrectedDifference?.estimate ?? 0) - 2.6) < 1e-12)
    }

    @Test("balance, naive change and matched difference on the constructed table, checked by hand")
    func handChecked() throws {
        let result = try MatchedComparison.run(Self.table(), design: Self.design, options: MatchingOptions(caliper: nil))
        #expect(!result.singleCohort)
        let entry = try #require(result.outcomes.first)
        let m = entry.matching
        #expect(entry.supportedSchools == 3)
        #expect(entry.schoolsWithoutPrePeriod == 1)
        #expect(m.covariates == ["baseline mean (capped points)", "trend (capped points, year before to baseline)", "cohort size", "% FSM"])
        #expect(m.candidates == 2)
        // 100001 (280, trend −20, 2 pupils, 50%) is nearest 100002 (285, −20, 2, 50%).
        #expect(m.pairs.map(\.school.value) == [100_001])
        #expect(m.pairs.first?.comparisons.map(\.value) == [100_002])
        let reasons = Dictionary(uniqueKeysWithValues: m.unmatched.map { ($0.school.value, $0.reason) })
        #expect(reasons == [100_004: .noPrePeriod, 100_005: .noCandidate])
        // Naive: changes 310 − 280 = 30 and 290 − 270 = 20, mean 25, SD √50, SE √50/√2 = 5.
        let naive = try #require(m.naiveChange)
        #expect(abs(naive.estimate - 25) < 1e-9)
        #expect(abs((naive.standardError ?? 0) - 5) < 1e-9)
        // Matched: 30 − (295 − 285) = 20, one school, no SE.
        let matched = try #require(m.matchedDifference)
        #expect(abs(matched.estimate - 20) < 1e-9)
        #expect(matched.standardError == nil)
        // Baseline balance: supported 280, 270 (mean 275, var 50); candidates 285, 350 (mean
        // 317.5, var 2112.5); pooled SD √1081.25 = 32.8823. Before (275 − 317.5)/32.8823 =
        // −1.29249; after (280 − 285)/32.8823 = −0.152058.
        let level = try #require(m.balance.first)
        #expect(abs(level.standardisedDifferenceBefore - (-1.29249)) < 1e-4)
        #expect(abs((level.standardisedDifferenceAfter ?? 0) - (-0.152058)) < 1e-5)
        // % FSM: 50, 50 against 50, 0.
        let fsm = try #require(m.balance.last)
        #expect(abs(fsm.supportedMean - 50) < 1e-9 && abs(fsm.comparisonMeanBefore - 25) < 1e-9)
        // The matched sample is the pair's two schools, 3 years × 2 pupils each.
        #expect(entry.matchedSampleSchools == 2)
        #expect(entry.matchedSamplePupils == 12)
        #expect(result.models.map(\.specification.analysis) == [.prePost])
    }

    @Test("a caliper that no candidate meets leaves every school unmatched, with its reason, and the models skipped")
    func noPossibleMatch() throws {
        let result = try MatchedComparison.run(Self.table(), design: Self.design, options: MatchingOptions(caliper: 0.01))
        let m = try #require(result.outcomes.first?.matching)
        #expect(m.pairs.isEmpty)
        #expect(m.unmatched.count == 3)
        #expect(m.unmatched.first { $0.school.value == 100_001 }?.message.contains("within the caliper 0.01") == true)
        #expect(m.matchedDifference == nil)
        #expect(result.models.allSatisfy { $0.status == .skipped && ($0.message ?? "").contains("no supported school could be matched") })
    }

    @Test("without replacement a comparison school serves one supported school")
    func withoutReplacement() throws {
        // Make 100005 a London school: both supported schools now want 100002.
        var data = try Self.table()
        let csv = try DataTable.parseCSV(Array(String(decoding: Self.csvReplacingArea(), as: UTF8.self).utf8), source: "c.csv")
        data = try EvaluationData(table: csv)
        let result = try MatchedComparison.run(data, design: Self.design,
                                               options: MatchingOptions(withReplacement: false, caliper: nil))
        let m = try #require(result.outcomes.first?.matching)
        let used = m.pairs.flatMap(\.comparisons)
        #expect(m.pairs.count == 2)
        #expect(Set(used).count == used.count)
    }

    static func csvReplacingArea() throws -> [UInt8] {
        let table = try Self.table().table
        var text = "year,key_stage,school,la,area,support,ks4_capped,ks2_aps,fsm\n"
        let year = try table.column("year").numericValues ?? []
        let school = try table.column("school").numericValues ?? []
        let support = try table.column("support").factor()
        let capped = try table.column("ks4_capped").numericValues ?? []
        let fsm = try table.column("fsm").numericValues ?? []
        for row in 0..<table.rowCount {
            text += "\(Int(year[row])),4,\(Int(school[row])),201,london,\(support.levels[Int(support.codes[row])]),\(capped[row]),27,\(Int(fsm[row]))\n"
        }
        return Array(text.utf8)
    }

    @Test("a single cohort: every supported school counted without a pre-period, said in the note, models skipped")
    func singleCohort() throws {
        let result = try MatchedComparison.run(Self.table(years: [2011]), design: Self.design, options: MatchingOptions())
        #expect(result.singleCohort)
        #expect(result.note?.contains("single cohort (2011)") == true)
        let entry = try #require(result.outcomes.first)
        #expect(entry.schoolsWithoutPrePeriod == 3)
        #expect(entry.matching.pairs.isEmpty)
        #expect(result.models.map(\.specification.analysis) == [.categories])
        #expect(result.models.first?.status == .skipped)
        #expect(result.models.first?.message?.contains("single cohort") == true)
    }

    @Test("the matched results sit under their own key beside the all-schools results")
    func evaluationRun() throws {
        var design = Self.design
        design.matching = MatchingOptions(caliper: nil)
        design.crossLA = false
        design.dose = false
        design.schoolEffectsOutcome = nil
        let results = try Evaluation(design: design).run(Self.table())
        #expect(results.matched?.outcomes.first?.matching.pairs.count == 1)
        var off = design
        off.matching = nil
        #expect(try Evaluation(design: off).run(Self.table()).matched == nil)
    }

    @Test("the design file: matching round-trips, old files without the key still load, bad values name the key")
    func designFile() throws {
        var design = EvaluationDesign()
        design.matching = MatchingOptions(neighbours: 2, withReplacement: false, caliper: nil)
        let data = try JSONEncoder().encode(design)
        #expect(try JSONDecoder().decode(EvaluationDesign.self, from: data).matching == design.matching)
        let old = try JSONDecoder().decode(EvaluationDesign.self, from: Data(#"{"eventStudy": true}"#.utf8))
        #expect(old.matching == nil)
        let partial = try JSONDecoder().decode(EvaluationDesign.self, from: Data(#"{"matching": {"neighbours": 3}}"#.utf8))
        #expect(partial.matching == MatchingOptions(neighbours: 3))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EvaluationDesign.self, from: Data(#"{"matching": {"caliper": -1}}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EvaluationDesign.self, from: Data(#"{"matching": {"neighbors": 2}}"#.utf8))
        }
    }

    @Test("the generator's selection: supported schools start after a low year; off by default")
    func generatorSelection() throws {
        var spec = SyntheticPanelSpecification(cohort: NationalCohortSpecification(pupils: 3_000, schools: 150, localAuthorities: 10, seed: 4))
        let plain = try SyntheticPanel.generate(spec)
        #expect(plain.categories.count == plain.spells.count)
        spec.selection = SupportSelection()
        let panel = try SyntheticPanel.generate(spec)
        #expect(!panel.spells.isEmpty)
        #expect(panel.categories.values.allSatisfy { $0 == .receiving })
        // Mean capped score of each school in each year.
        var sum: [Int: [Int: (Double, Int)]] = [:]
        for (k, cohort) in panel.cohorts.enumerated() {
            for (school, score) in zip(cohort.school, cohort.ks4Capped) {
                let old = sum[school, default: [:]][k] ?? (0, 0)
                sum[school, default: [:]][k] = (old.0 + score, old.1 + 1)
            }
        }
        func mean(_ school: Int, _ k: Int) -> Double? { sum[school]?[k].map { $0.0 / Double($0.1) } }
        // In the year before support the selected schools are below the average of all schools.
        var gaps: [Double] = []
        for (school, spell) in panel.spells {
            let k = spell.start - spec.firstYear - 1
            let all = panel.cohorts[k].school.indices.map { panel.cohorts[k].ks4Capped[$0] }
            let average = all.reduce(0, +) / Double(all.count)
            if let m = mean(school, k) { gaps.append(m - average) }
        }
        #expect(gaps.reduce(0, +) / Double(gaps.count) < -10, "\(gaps)")
        spec.selection?.transientSD = -1
        #expect(throws: CohortSpecificationError.self) { try SyntheticPanel.generate(spec) }
    }

    @Test("the regression-to-the-mean study: the naive change is biased upwards, the matched difference is not")
    func study() throws {
        var panel = SyntheticPanelSpecification(cohort: NationalCohortSpecification(pupils: 8_000, schools: 400, localAuthorities: 40))
        panel.selection = SupportSelection()
        var study = RegressionToMeanStudy(panel: panel, replications: 10)
        study.effects = [0]
        let rows = try study.run()
        #expect(rows.map(\.estimator) == ["naive before/after", "matched difference-in-differences", "matched, bias-corrected"])
        let naive = try #require(rows.first)
        let corrected = try #require(rows.last)
        #expect(naive.truth == 0)
        // With no effect the naive change is regression to the mean alone: several points.
        #expect(naive.meanEstimate > 4 * naive.monteCarloSE, "naive \(naive.meanEstimate) MC SE \(naive.monteCarloSE)")
        #expect(abs(corrected.meanEstimate) < naive.meanEstimate / 2, "corrected \(corrected.meanEstimate), naive \(naive.meanEstimate)")
    }
}
