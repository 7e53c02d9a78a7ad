import Foundation
import Testing
@testable import Education

@Suite("Evaluation runs: exclusions, subgroups, generalised models, several years")
struct EvaluationRunTests {
    @Test("Every exclusion is counted and the counts add up, for linear and generalised models")
    func exclusionsAddUp() throws {
        var spec = NationalCohortSpecification(pupils: 1_500, schools: 60, localAuthorities: 12, seed: 21)
        spec.missingKS2Rate = 0.05
        spec.missingIDACIRate = 0.02
        let data = try EvaluationFixtures.data(spec)
        var design = EvaluationDesign()
        design.outcomes = [.ks2Attainment, .ks4Capped, .ks4FiveACEM, .totalAbsence]
        design.quadraturePoints = 0
        design.areas = [.london, .greaterManchester]
        let results = try Evaluation(design: design).run(data)
        #expect(results.exclusionsBalance)
        #expect(results.readSummary?.pupils.isBalanced == true)

        // No KS2 cohort: one skipped entry for the outcome, with the reason.
        let ks2 = results.models.filter { $0.specification.outcome == .ks2Attainment }
        #expect(ks2.count == 1 && ks2[0].status == .skipped && ks2[0].message?.contains("no KS2 pupils") == true)

        let capped = try #require(results.models.first { $0.id == "ks4_capped/categories/all" })
        let x = try #require(capped.exclusions)
        #expect(capped.status == .fitted)
        #expect(x.tableRows == 1_500 && x.otherKeyStage == 0 && x.otherSubgroup == 0 && x.attendanceRule == 0)
        #expect(x.missing.map(\.variable) == ["ks2_aps", "idaci"])
        #expect(x.missingTotal == x.modelRowsDropped && x.used == capped.pupils)
        #expect(x.used + x.missingTotal == 1_500)

        let absence = try #require(results.models.first { $0.id == "absence/categories/all" })
        #expect(absence.status == .fitted, "\(absence.message ?? "")")
        let ax = try #require(absence.exclusions)
        #expect(ax.attendanceRule > 0 && ax.attendanceRule < 150, "DfE rule excluded \(ax.attendanceRule)")
        #expect(ax.isBalanced)

        let london = try #require(results.models.first { $0.id == "ks4_capped/categories/london" })
        let lx = try #require(london.exclusions)
        #expect(lx.otherSubgroup > 0 && lx.isBalanced)

        // Readable scales.
        for e in results.estimates(of: .categories) {
            switch e.outcome {
            case .ks4Capped:
                #expect(e.gcseGrades == e.estimate / 6 && e.effectSize != nil && e.eefMonths != nil)
                #expect(e.degreesOfFreedom != nil && e.lower < e.estimate && e.estimate < e.upper)
            case .ks4FiveACEM:
                #expect(e.oddsRatio != nil && e.percentagePoints != nil && e.degreesOfFreedom == nil)
            case .totalAbsence:
                #expect(e.oddsRatio != nil && e.sessionsPerPupil != nil && e.rateRatio != nil)
            default: break
            }
        }
        #expect(!results.schoolEffects.isEmpty)
        #expect(results.schoolEffects.allSatisfy { $0.lower <= $0.estimate && $0.estimate <= $0.upper })
    }

    @Test("Several cohorts: year effects in every model and the pre/post contrast")
    func multiYear() throws {
        let spec = NationalCohortSpecification(pupils: 1_200, schools: 60, localAuthorities: 12, seed: 3)
        let data = try EvaluationFixtures.data(spec, years: [2008, 2009, 2010])
        #expect(data.years == [2008, 2009, 2010])
        var design = EvaluationFixtures.cappedOnly
        design.prePost = true
        design.schoolEffectsOutcome = nil
        let results = try Evaluation(design: design).run(data)
        let model = try #require(results.models.first { $0.id == "ks4_capped/pre_post/all" })
        #expect(model.status == .fitted, "\(model.message ?? "")")
        #expect(model.specification.formula.contains("factor(year)"))
        #expect(results.models.first { $0.id == "ks4_capped/categories/all" }?.specification.formula.contains("factor(year)") == true)
        #expect(results.estimates(of: .prePost).contains { $0.term.hasPrefix("ever_") })
        #expect(results.exclusionsBalance)
        // Support records start from September 2008: fewer supported pupils in 2008 than 2010.
        let support = try data.table.column("support").factor()
        let year = try #require(try data.table.column("year").numericValues)
        let none = try #require(support.levels.firstIndex(of: "none"))
        func supported(_ y: Double) -> Int { zip(support.codes, year).filter { $0.1 == y && Int($0.0) != none }.count }
        #expect(supported(2008) < supported(2010))
    }

    @Test("The shipped synthetic data set reads without rejections")
    func shippedData() throws {
        let directory = EvaluationFixtures.shippedDirectory
        let data = try EvaluationData.read(
            pupilsPath: directory.appendingPathComponent("pupils.csv").path,
            schoolsPath: directory.appendingPathComponent("schools.csv").path,
            supportPath: directory.appendingPathComponent("support.csv").path)
        #expect(data.readSummary?.allRejections.isEmpty == true)
        #expect(data.table.rowCount == 7_500)  // 5,000 KS4 and 2,500 KS2 pupils
        let results = try Evaluation(design: EvaluationFixtures.cappedOnly).run(data)
        #expect(results.models.first?.status == .fitted)
        #expect(results.estimates.count == 3)
    }

    @Test("Unreadable files are typed errors naming the file")
    func unreadable() {
        #expect {
            _ = try Evaluation.run(pupilsPath: "/nonexistent/pupils.csv", schoolsPath: "/nonexistent/schools.csv", supportPath: nil)
        } throws: { error in
            (error as? EvaluationError)?.description.contains("/nonexistent/") == true
        }
    }
}
