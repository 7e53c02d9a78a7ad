import Foundation
import Testing
@testable import ValueForMoney

@Suite("Components: distribution, discounting, EEF months, costs")
struct ComponentTests {
    @Test("Φ and Φ⁻¹")
    func normal() {
        #expect(close(StandardNormal.cdf(0), 0.5))
        #expect(close(StandardNormal.cdf(1.959963984540054), 0.975, 1e-12))
        #expect(close(StandardNormal.quantile(0.975), 1.959963984540054, 1e-12))
        for p in [1e-12, 1e-6, 0.01, 0.02425, 0.3, 0.5, 0.8, 0.99, 1 - 1e-9] {
            let x = StandardNormal.quantile(p)
            #expect(abs(StandardNormal.cdf(x) - p) <= 1e-12 * max(p, 1e-3), "p = \(p)")
        }
        #expect(StandardNormal.quantile(0) == -.infinity)
        #expect(StandardNormal.quantile(1.5).isNaN)
    }

    @Test("Green Book schedule: 3.5% to year 30, 3.0% after")
    func greenBook() throws {
        let g = DiscountSchedule.greenBook
        #expect(try g.factor(year: 0) == 1)
        #expect(close(try g.factor(year: 10), 1 / pow(1.035, 10)))
        #expect(close(try g.factor(year: 30), 1 / pow(1.035, 30)))
        #expect(close(try g.factor(year: 40), 1 / (pow(1.035, 30) * pow(1.03, 10))))
        #expect(close(try g.factor(year: 80), 1 / (pow(1.035, 30) * pow(1.03, 45) * pow(1.025, 5))))
        #expect(close(try DiscountSchedule.constant(rate: 0.05).factor(year: 3), 1 / pow(1.05, 3)))
        #expect(try DiscountSchedule.none.factor(year: 50) == 1)
        #expect(try DiscountSchedule(parsing: "3.5%") == .constant(rate: 0.035))
        #expect(try DiscountSchedule(parsing: "green-book") == .greenBook)
    }

    @Test("EEF months table, with boundaries and mirrored negatives")
    func eefMonths() {
        let cases: [(Double, Int)] = [(0, 0), (0.01, 0), (0.02, 1), (0.09, 1), (0.10, 2), (0.18, 2), (0.19, 3),
                                      (0.26, 3), (0.27, 4), (0.35, 4), (0.36, 5), (0.44, 5), (0.45, 6), (0.52, 6),
                                      (0.53, 7), (0.61, 7), (0.62, 8), (0.69, 8), (0.70, 9), (0.78, 9), (0.79, 10),
                                      (0.87, 10), (0.88, 11), (0.95, 11), (0.96, 12), (2.5, 12), (1e300, 12)]
        for (size, months) in cases {
            #expect(EffectSize.eefMonths(size) == months, "\(size)")
            #expect(EffectSize.eefMonths(-size) == -months, "\(-size)")
        }
        #expect(EffectSize.eefMonths(.nan) == 0)
    }

    @Test("Typed cost lines, per kind and per year, in real terms")
    func costs() throws {
        let deflator = PriceDeflator(index: [2008: 90, 2009: 95, 2010: 100])
        let model = CostModel(items: [
            .leaderDays(.nle, days: 6, dayRate: 2_000.0 / 6, schools: 3, year: 0, priceYear: 2008),
            .leaderDays(.sle, days: 10, dayRate: ReferenceCosts.sleDayRate, year: 1, priceYear: 2009),
            .bursary(10_000, year: 0),
            .backfill(days: 20, dayRate: 400, year: 1),
            .coursePlaces(12, fee: 500, year: 1),
            .grant(ReferenceCosts.localProjectGrant, schools: 4, year: 2),
            .brokerage(5_000, year: 2),
        ], cohorts: [PupilCohort(pupils: 300, year: 1), PupilCohort(pupils: 300, year: 2)],
           priceBaseYear: 2010, deflator: deflator, supportedSchools: 4)
        let byKind = Dictionary(uniqueKeysWithValues: try model.realCostByKind().map { ($0.kind, $0.cost) })
        let leader: Double = 6_000.0 * 100 / 90 + 3_000.0 * 100 / 95
        #expect(close(byKind[.leaderDays] ?? 0, leader))
        #expect(close(byKind[.bursary] ?? 0, 10_000))
        #expect(close(byKind[.backfill] ?? 0, 8_000))
        #expect(close(byKind[.coursePlaces] ?? 0, 6_000))
        #expect(close(byKind[.grant] ?? 0, 12_000))
        #expect(close(byKind[.brokerage] ?? 0, 5_000))
        let byYear = try model.realCostByYear()
        #expect(byYear.map(\.year) == [0, 1, 2])
        let pv = try model.presentValue(discount: .constant(rate: 0.1))
        let year0: Double = 6_000.0 * 100 / 90 + 10_000
        let year1: Double = 3_000.0 * 100 / 95 + 8_000 + 6_000
        let expected: Double = year0 + year1 / 1.1 + 17_000 / 1.21
        #expect(close(pv, expected))
        #expect(close(try model.presentValue(discount: .constant(rate: 0.1), optimismBias: 0.1), expected * 1.1))
        #expect(model.totalPupils == 600)
        let a = try EffectEstimate(outcome: .ks4CappedPoints, estimate: 3).breakEven(costs: model)
        #expect(a.costPerSchool.map { close($0, a.presentValueCosts / 4) } == true)
    }

    @Test("A cost priced in another year needs a deflator and a price base")
    func deflatorRequired() {
        let item = CostItem.bursary(5_000, priceYear: 2008)
        let noBase = CostModel(items: [item], cohorts: [PupilCohort(pupils: 10)])
        #expect(thrownError { _ = try noBase.presentValue(discount: .none) } ==
                .missing(parameter: "priceBaseYear", reason: "cost line 'Bursaries' is priced in 2008"))
        let noSeries = CostModel(items: [item], cohorts: [PupilCohort(pupils: 10)], priceBaseYear: 2010)
        #expect(thrownError { _ = try noSeries.presentValue(discount: .none) }.map { "\($0)".contains("deflator") } == true)
        let gap = CostModel(items: [item], cohorts: [PupilCohort(pupils: 10)], priceBaseYear: 2010,
                            deflator: PriceDeflator(index: [2010: 100]))
        #expect(thrownError { _ = try gap.presentValue(discount: .none) }.map { "\($0)".contains("deflator[2008]") } == true)
    }
}
