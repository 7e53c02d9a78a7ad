import DataTable
import Foundation
import Testing
@testable import Education

/// The event-time design: indicator construction, the leads test, the formula, bad input and
/// recovery of the generator's event-time effects.
@Suite("Event study")
struct EventStudyTests {
    /// A small table of school-years, 2007–2012: school 100001 supported from 2009 to 2010
    /// (ended), school 100002 supported from 2010, ongoing, school 100003 never supported.
    static func handTable() throws -> DataTable {
        var year: [Double] = [], school: [Double] = [], start: [Double] = [], end: [Double] = []
        for urn in [100_001.0, 100_002, 100_003] {
            for y in 2007...2012 {
                year.append(Double(y))
                school.append(urn)
                start.append(urn == 100_001 ? 2009 : urn == 100_002 ? 2010 : .nan)
                end.append(urn == 100_001 ? 2010 : .nan)
            }
        }
        let n = year.count
        return try DataTable(source: "hand", columns: [
            DataColumn(name: "year", numeric: year, isInteger: true),
            DataColumn(name: "key_stage", numeric: [Double](repeating: 4, count: n), isInteger: true),
            DataColumn(name: "school", numeric: school, isInteger: true),
            DataColumn(name: "la", numeric: [Double](repeating: 201, count: n), isInteger: true),
            DataColumn(name: "area", strings: [String?](repeating: "london", count: n)),
            DataColumn(name: "support", strings: [String?](repeating: "none", count: n)),
            DataColumn(name: EventStudy.startColumn, numeric: start, isInteger: true),
            DataColumn(name: EventStudy.endColumn, numeric: end, isInteger: true),
        ])
    }

    @Test("event times, ended flags and indicators of a hand-made school-year table")
    func indicatorsByHand() throws {
        let data = try EvaluationData(table: Self.handTable()).addingEventStudyColumns()
        func column(_ name: String) throws -> [Double] { try #require(data.table.column(name).numericValues) }
        // School 100001, supported 2009–2010, years 2007..2012: event times −2, −1, 0, 1, 2, 3;
        // ended 2010, so years since the end are 1 (2011) and 2 (2012).
        // School 100002, from 2010, ongoing: event times −3, −2, −1, 0, 1, 2, never ended.
        // NaN compares unequal, so missing values are written as −99 here.
        let eventTime = try column(EventStudy.eventTimeColumn).map { $0.isNaN ? -99 : $0 }
        #expect(eventTime == [-2, -1, 0, 1, 2, 3, -3, -2, -1, 0, 1, 2] + [Double](repeating: -99, count: 6))
        let sinceEnd = try column(EventStudy.sinceEndColumn).map { $0.isNaN ? -99 : $0 }
        #expect(sinceEnd == [-99, -99, -99, -99, 1, 2] + [Double](repeating: -99, count: 12))
        #expect(try column(EventStudy.everColumn) == [Double](repeating: 1, count: 12) + [Double](repeating: 0, count: 6))
        // By hand, one row per year 2007..2012 of each school:
        let expected: [String: [Double]] = [
            // 100001: 2007 is e = −2; 100002: 2007 is e = −3 (binned lead), 2008 is e = −2.
            "event_lead3": [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
            "event_lead2": [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
            // 2008 (100001) and 2009 (100002) are the reference year e = −1: no indicator.
            "event_lag0": [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0],
            "event_lag1": [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
            // 100001's e = 2 and 3 fall after its end, so they are ended years, not lags.
            "event_lag2": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            "event_ended1": [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
            "event_ended2": [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
        ]
        for indicator in EventStudy.indicators {
            let values = try column(indicator.name)
            #expect(Array(values.prefix(12)) == expected[indicator.name], "\(indicator.name)")
            #expect(values.suffix(6).allSatisfy { $0 == 0 }, "\(indicator.name): never-supported school")
        }
        // Each supported row has at most one indicator; the reference rows have none.
        for row in 0..<12 {
            let on = try EventStudy.indicators.map { try column($0.name)[row] }.reduce(0, +)
            #expect(on == ([1, 8].contains(row) ? 0 : 1), "row \(row)")
        }
    }

    @Test("spells from support records: earliest start, latest end, ongoing without an end date, unclassified ignored")
    func spellsFromRecords() throws {
        let school = try URN(100_001)
        func date(_ y: Int, _ m: Int, _ d: Int) throws -> CalendarDate { try CalendarDate(year: y, month: m, day: d) }
        let first = try SupportRecord(school: school, kind: .nle, role: .receiving,
                                      start: date(2008, 10, 1), end: date(2010, 6, 30))
        let local = try SupportRecord(school: school, kind: .localProject, role: .receiving,
                                      start: date(2005, 10, 1), end: date(2006, 6, 30))
        // 1 October 2008 lies in 2008/09 (summer 2009); 30 June 2010 in 2009/10 (summer 2010).
        #expect(EventStudy.spell(records: [first, local], classification: .nferDefault) == .init(start: 2009, end: 2010))
        let later = try SupportRecord(school: school, kind: .lle, role: .receiving,
                                      start: date(2010, 9, 1), end: date(2011, 9, 1))
        // 1 September 2011 starts 2011/12: the latest end is summer 2012.
        #expect(EventStudy.spell(records: [later, first], classification: .nferDefault) == .init(start: 2009, end: 2012))
        let ongoing = try SupportRecord(school: school, kind: .nle, role: .receiving, start: date(2009, 1, 15))
        #expect(EventStudy.spell(records: [first, ongoing], classification: .nferDefault) == .init(start: 2009, end: nil))
        #expect(EventStudy.spell(records: [local], classification: .nferDefault) == nil)
        // Missing end date: support ongoing, so year 2013 (e = 4) is a lag (binned 2+), not an ended year.
        let position = EventStudy.position(year: 2013, spell: .init(start: 2009, end: nil))
        #expect(position == .init(eventTime: 4, yearsSinceEnd: nil))
        #expect(EventStudy.indicatorValues(position) == [0, 0, 0, 0, 1, 0, 0])
    }

    @Test("support ending before it starts is rejected by the reader, naming the column")
    func endBeforeStart() throws {
        let schools = try DataTable.parseCSV(Array("urn,la,area,phase\n100001,201,london,secondary\n".utf8), source: "schools.csv")
        let pupils = try DataTable.parseCSV(Array(
            "pupil,year,key_stage,urn,la,gender,ethnic,fsm,eal,sen,idaci,ks2_aps,ks4_capped\n1,2010,4,100001,201,female,white_british,0,0,none,0.1,27,300\n".utf8),
            source: "pupils.csv")
        let support = try DataTable.parseCSV(Array(
            "record,urn,kind,role,start_date,end_date\nS1,100001,nle,receiving,2010-09-01,2009-06-30\n".utf8), source: "support.csv")
        let dataSet = try NPDDataSet.read(pupils: pupils, schools: schools, support: support)
        let rejection = try #require(dataSet.summary.support?.rejections.first)
        #expect(rejection.row == 1)
        #expect("\(rejection)".contains("end_date"))
        #expect(dataSet.supportRecords.isEmpty)
    }

    @Test("a table whose support ends before it starts is an error naming the row")
    func tableEndBeforeStart() throws {
        var table = try Self.handTable()
        var end = try #require(table.column(EventStudy.endColumn).numericValues)
        end[3] = 2008   // school 100001 (start 2009), year 2010: the fourth row
        try table.setColumn(DataColumn(name: EventStudy.endColumn, numeric: end, isInteger: true))
        #expect(throws: EvaluationError.table("row 4: support_end_year 2008 is before support_start_year 2009")) {
            _ = try EvaluationData(table: table)
        }
    }

    @Test("the joint Wald test of the leads by hand on a 2 x 2 covariance")
    func leadsTestByHand() throws {
        // b = (1, 2), V = [[4, 1], [1, 2]]: V⁻¹ = (1/7)[[2, −1], [−1, 4]], so
        // W = (1/7)(2·1 − 2·1·2 + 4·2²) = 14/7 = 2; with 2 df, p = exp(−W/2) = exp(−1) = 0.367879.
        let names = ["(Intercept)", "event_lead3", "x", "event_lead2"]
        let vcov: [[Double]] = [[9, 0.5, 0.3, 0.2], [0.5, 4, 0.7, 1], [0.3, 0.7, 5, 0.1], [0.2, 1, 0.1, 2]]
        let test = try #require(EventStudy.leadsTest(names: names, estimates: [10, 1, 5, 2], vcov: vcov))
        #expect(test.leads == ["event_lead3", "event_lead2"])
        #expect(abs(test.statistic - 2) < 1e-12)
        #expect(test.degreesOfFreedom == 2)
        #expect(abs(test.pValue - 0.367879441) < 1e-8)
        // One lead estimated (lead3 dropped): b = 2, V = 2, W = 2; 1 df, p = 2(1 − Φ(√2)) = 0.157299.
        let one = try #require(EventStudy.leadsTest(names: ["(Intercept)", "event_lead2"], estimates: [0, 2], vcov: [[1, 0], [0, 2]]))
        #expect(abs(one.statistic - 2) < 1e-12 && one.degreesOfFreedom == 1)
        #expect(abs(one.pValue - 0.157299207) < 1e-7)
        // No lead, or a covariance that is not positive definite: no test.
        #expect(EventStudy.leadsTest(names: ["(Intercept)"], estimates: [1], vcov: [[1]]) == nil)
        #expect(EventStudy.leadsTest(names: ["event_lead3", "event_lead2"], estimates: [1, 1], vcov: [[1, 2], [2, 1]]) == nil)
    }

    @Test("event-study formulas: ever_supported and the indicators replace the support factor")
    func formula() {
        var design = EvaluationDesign()
        design.eventStudy = true
        let capped = EvaluationFormula.specification(
            outcome: .ks4Capped, analysis: .eventStudy, subgroup: .all, design: design,
            categories: SupportClassification.nferDefault.categories, yearEffects: true)
        #expect(capped.formula == "ks4_capped ~ ks2_aps + fsm + eal + sen + gender + ethnic + idaci + factor(year) + ever_supported"
            + " + event_lead3 + event_lead2 + event_lag0 + event_lag1 + event_lag2 + event_ended1 + event_ended2 + (1 | school)")
        #expect(capped.terms.map(\.coefficient) == EventStudy.indicators.map(\.name))
        let absence = EvaluationFormula.specification(
            outcome: .totalAbsence, analysis: .eventStudy, subgroup: .all, design: design,
            categories: SupportClassification.nferDefault.categories, yearEffects: true)
        #expect(absence.formula.hasSuffix("event_ended2 + (1 | school) + (1 | pupil)"))
        #expect(!absence.formula.contains("+ support +"))
    }

    @Test("the design file key eventStudy round-trips and defaults to off")
    func designKey() throws {
        #expect(EvaluationDesign().eventStudy == false)
        var design = EvaluationDesign()
        design.eventStudy = true
        let data = try JSONEncoder().encode(design)
        #expect(try JSONDecoder().decode(EvaluationDesign.self, from: data).eventStudy)
        #expect(try JSONDecoder().decode(EvaluationDesign.self, from: Data("{\"eventStudy\": true}".utf8)).eventStudy)
    }

    /// Evaluation data of a generated panel, through the documented files.
    static func panelData(_ panel: SyntheticPanel) throws -> EvaluationData {
        let dataSet = try NPDDataSet.read(
            pupils: DataTable.parseCSV(panel.pupilFileBytes(), source: "pupils.csv"),
            schools: DataTable.parseCSV(panel.schoolFileBytes(), source: "schools.csv"),
            support: DataTable.parseCSV(try panel.supportFileBytes(), source: "support.csv"))
        return try EvaluationData(dataSet: dataSet)
    }

    static var eventDesign: EvaluationDesign {
        var design = EvaluationFixtures.cappedOnly
        design.eventStudy = true
        return design
    }

    @Test("the panel's support records reproduce its spells, and its pupils are new each year")
    func panelRecords() throws {
        var spec = SyntheticPanelSpecification(cohort: NationalCohortSpecification(pupils: 600, schools: 30, localAuthorities: 5, seed: 3))
        spec.startedBeforeShare = 0.2
        let panel = try SyntheticPanel.generate(spec)
        #expect(panel.cohorts.map { $0.specification.academicYear.endYear } == Array(2007...2012))
        #expect(!panel.spells.isEmpty)
        let records = try panel.supportRecords()
        for record in records {
            let spell = EventStudy.spell(records: [record], classification: .nferDefault)
            #expect(spell == panel.spells[record.school.value], "\(record.school)")
        }
        #expect(records.count == panel.spells.count)
        let ids = panel.cohorts.flatMap(\.pupil)
        #expect(Set(ids).count == ids.count)
        // The same schools each year, with the same true school effects.
        #expect(panel.cohorts.allSatisfy { $0.schools == panel.cohorts[0].schools })
    }

    @Test("supported schools without a pre-period are counted and listed in the model notes")
    func noPrePeriod() throws {
        var spec = SyntheticPanelSpecification(cohort: NationalCohortSpecification(pupils: 1_500, schools: 60, localAuthorities: 6, seed: 11))
        spec.startedBeforeShare = 0.3
        let panel = try SyntheticPanel.generate(spec)
        let data = try Self.panelData(panel)
        let results = try Evaluation(design: Self.eventDesign).run(data)
        let model = try #require(results.models.first { $0.specification.analysis == .eventStudy })
        #expect(model.status == .fitted)
        let summary = try #require(model.eventStudy)
        // Schools whose spell started before 2007, the first year: by the generator's spells.
        let expected = panel.spells.filter { $0.value.start < 2007 }.keys.sorted().map(String.init)
        #expect(!expected.isEmpty)
        #expect(summary.schoolsWithoutPrePeriod == expected)
        #expect(summary.supportedSchools == panel.spells.count)
        #expect(model.warnings.contains { $0.hasPrefix("\(expected.count) of \(panel.spells.count) supported schools have no year before") })
        #expect(results.estimates(of: .eventStudy).count == EventStudy.indicators.count)
    }

    @Test("the event study is skipped, saying why, on one cohort year and without support records")
    func notFitted() throws {
        let single = try EvaluationFixtures.data(NationalCohortSpecification(pupils: 600, schools: 30, localAuthorities: 5, seed: 2))
        let results = try Evaluation(design: Self.eventDesign).run(single)
        let skipped = try #require(results.models.first { $0.specification.analysis == .eventStudy })
        #expect(skipped.status == .skipped)
        #expect(skipped.message == "the data hold one cohort year (2010); the event study needs several cohort years of the same schools")
        #expect(results.estimates(of: .eventStudy).isEmpty)

        let panel = try SyntheticPanel.generate(SyntheticPanelSpecification(
            cohort: NationalCohortSpecification(pupils: 600, schools: 30, localAuthorities: 5, seed: 2)))
        let dataSet = try NPDDataSet.read(
            pupils: DataTable.parseCSV(panel.pupilFileBytes(), source: "pupils.csv"),
            schools: DataTable.parseCSV(panel.schoolFileBytes(), source: "schools.csv"), support: nil)
        let none = try Evaluation(design: Self.eventDesign).run(EvaluationData(dataSet: dataSet))
        let model = try #require(none.models.first { $0.specification.analysis == .eventStudy })
        #expect(model.status == .skipped)
        #expect(model.message?.contains("no school among these pupils has classified support records") == true)
    }

    @Test("recovery over 10 seeded panels: lags near the truth, leads near zero, leads test at its size")
    func recovery() throws {
        var estimates: [String: [Double]] = [:]
        var pValues: [Double] = []
        var truth: [String: Double] = [:]
        for seed in 0..<10 {
            var spec = SyntheticPanelSpecification(cohort: NationalCohortSpecification(
                pupils: 2_400, schools: 120, localAuthorities: 12, seed: UInt64(7_000 + seed)))
            spec.cappedEffect = 10
            spec.years = 7
            let panel = try SyntheticPanel.generate(spec)
            for indicator in EventStudy.indicators { truth[indicator.name] = panel.trueCappedEffect(indicator) }
            let results = try Evaluation(design: Self.eventDesign).run(Self.panelData(panel))
            let model = try #require(results.models.first { $0.specification.analysis == .eventStudy })
            #expect(model.status == .fitted, "\(model.message ?? "")")
            if let p = model.eventStudy?.leadsTest?.pValue { pValues.append(p) }
            for e in results.estimates(of: .eventStudy) { estimates[e.term, default: []].append(e.estimate) }
        }
        // Truth with a full effect of 10 points: leads 0; lags 4, 7, 10; after the end 6, 3.
        #expect(truth == ["event_lead3": 0, "event_lead2": 0, "event_lag0": 4, "event_lag1": 7, "event_lag2": 10,
                          "event_ended1": 6, "event_ended2": 3])
        for indicator in EventStudy.indicators {
            let values = try #require(estimates[indicator.name])
            #expect(values.count == 10)
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
            let mcSE = sd / Double(values.count).squareRoot()
            let target = truth[indicator.name] ?? .nan
            #expect(abs(mean - target) < 3.5 * mcSE + 0.5, "\(indicator.name): mean \(mean), MC SE \(mcSE), truth \(target)")
        }
        // The leads are truly zero: the test should rarely reject (at most 3 of 10 at 5%).
        #expect(pValues.count == 10)
        #expect(pValues.filter { $0 < 0.05 }.count <= 3)
    }
}
