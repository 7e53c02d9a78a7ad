import Foundation
import Testing
@testable import ValueForMoney

@Suite("Break-even: hand-checkable cases")
struct BreakEvenTests {
    @Test("£100,000, 1,000 pupils, 0.5 capped points, £8,500 a grade, no discounting")
    func issueHandCheck() throws {
        let a = try handCheckAnalysis()
        #expect(close(a.presentValueBenefits, 1_000 * 0.5 / 6 * 8_500))
        #expect(Int(a.presentValueBenefits.rounded()) == 708_333)
        #expect(close(a.presentValueCosts, 100_000))
        #expect(close(a.npv, 708_333.333333 - 100_000, 1e-6))
        #expect(String(format: "%.2f", a.bcr) == "7.08")
        #expect(close(a.costPerPupil, 100))
        let breakEven = 100_000 / (1_000 * 8_500 / 6.0)
        #expect(close(a.breakEvenEffect, breakEven))
        #expect(String(format: "%.4f", a.breakEvenEffect) == "0.0706")
        let p = 0.5 * erfc(-((0.5 - breakEven) / 0.2) / 2.0.squareRoot())
        #expect(close(a.probabilityEffectExceedsBreakEven ?? -1, p))
        #expect(String(format: "%.3f", a.probabilityEffectExceedsBreakEven ?? -1) == "0.984")
        // SD units with the documented default SD (95 capped points) and EEF months.
        #expect(close(a.breakEvenEffectSD, breakEven / 95))
        #expect(a.breakEvenMonths == 0)
    }

    @Test("Green Book discounting leaves a single year-0 KS4 cohort unchanged")
    func yearZeroNotDiscounted() throws {
        let a = try handCheckAnalysis(discount: .greenBook)
        #expect(close(a.presentValueBenefits, 1_000 * 0.5 / 6 * 8_500))
    }

    @Test("NPV at the break-even effect is zero")
    func npvZeroAtBreakEven() throws {
        let a = try handCheckAnalysis()
        let effect = EffectEstimate(outcome: .ks4CappedPoints, estimate: a.breakEvenEffect, standardError: 0.2)
        let b = try effect.breakEven(costs: a.costs, benefits: a.benefits)
        #expect(abs(b.npv) < 1e-6)
        #expect(close(b.bcr, 1))
        #expect(close(b.probabilityEffectExceedsBreakEven ?? -1, 0.5))
    }

    @Test("Costs and pupils spread over years, Green Book rate: closed form")
    func discountedCostsAndCohorts() throws {
        let costs = CostModel(items: [.brokerage(50_000, year: 0), .brokerage(50_000, year: 2)],
                              cohorts: [PupilCohort(pupils: 500, year: 1), PupilCohort(pupils: 500, year: 3)])
        let effect = EffectEstimate(outcome: .ks4CappedPoints, estimate: 0.5, standardError: 0.2)
        let benefits = BenefitAssumptions(outcome: .ks4CappedPoints, earnings: EarningsValue(valuePerGrade: 8_500))
        let a = try effect.breakEven(costs: costs, benefits: benefits)
        let c: Double = 50_000 + 50_000 / pow(1.035, 2.0)
        let v: Double = 500.0 * 8_500.0 / 6.0 * (1 / 1.035 + 1 / pow(1.035, 3.0))
        #expect(close(a.presentValueCosts, c))
        #expect(close(a.valuePerUnitEffect, v))
        #expect(close(a.breakEvenEffect, c / v))
        #expect(close(a.costPerPupil, c / 1_000))
    }

    @Test("Decay over cohorts: geometric series")
    func cohortDecay() throws {
        let cohorts = (0..<3).map { PupilCohort(pupils: 1_000, year: $0) }
        let effect = EffectEstimate(outcome: .ks4CappedPoints, estimate: 0.5)
        let benefits = BenefitAssumptions(outcome: .ks4CappedPoints, earnings: EarningsValue(valuePerGrade: 8_500),
                                          discount: .none, adjustments: Adjustments(cohortDecay: 0.2))
        let a = try effect.breakEven(costs: CostModel(items: [.brokerage(100_000)], cohorts: cohorts), benefits: benefits)
        let series = (1 - pow(0.8, 3)) / (1 - 0.8)  // 1 + 0.8 + 0.64
        #expect(close(a.valuePerUnitEffect, 1_000 * 8_500 / 6 * series))
        #expect(close(a.presentValueBenefits, 0.5 * 1_000 * 8_500 / 6 * 2.44))
        #expect(a.probabilityEffectExceedsBreakEven == nil)
    }

    @Test("Decay and discounting together: Σ ((1 − d)/(1 + r))^k")
    func decayWithDiscount() throws {
        let cohorts = (0..<4).map { PupilCohort(pupils: 200, year: $0) }
        let effect = EffectEstimate(outcome: .attainment8, estimate: 1)
        let benefits = BenefitAssumptions(outcome: .attainment8, earnings: EarningsValue(valuePerGrade: 1_000),
                                          discount: .constant(rate: 0.05), adjustments: Adjustments(cohortDecay: 0.1))
        let a = try effect.breakEven(costs: CostModel(items: [.grant(3_000)], cohorts: cohorts), benefits: benefits)
        let q = 0.9 / 1.05
        #expect(close(a.valuePerUnitEffect, 200 * 1_000 * (1 - pow(q, 4)) / (1 - q)))
    }

    @Test("Deadweight and displacement scale benefits; optimism bias scales costs")
    func additionality() throws {
        let base = try handCheckAnalysis()
        let adj = Adjustments(deadweight: 0.25, displacement: 0.1, optimismBias: 0.2)
        let a = try handCheckAnalysis(adjustments: adj)
        #expect(close(a.presentValueBenefits, base.presentValueBenefits * 0.75 * 0.9))
        #expect(close(a.presentValueCosts, 120_000))
        #expect(close(a.breakEvenEffect, 120_000 / (1_000 * 8_500 / 6 * 0.675)))
        #expect(close(a.bcr, 708_333.333333333 * 0.675 / 120_000))
    }

    @Test("KS2 effect through persistence into KS4, five years later")
    func keyStage2() throws {
        let effect = EffectEstimate(outcome: .ks2FinePoints, estimate: 0.4, standardError: 0.15, outcomeSD: 4)
        let benefits = BenefitAssumptions(outcome: .ks2FinePoints, earnings: EarningsValue(valuePerGrade: 8_500),
                                          ks2Persistence: 0.5, ks4CappedSD: 95)
        let a = try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000), benefits: benefits)
        let perPoint = 8_500 * 0.5 * 95 / (6 * 4) / pow(1.035, 5)
        #expect(close(a.valuePerUnitEffect, 1_000 * perPoint))
        #expect(close(a.breakEvenEffect, 100_000 / (1_000 * perPoint)))
        #expect(close(a.breakEvenEffectSD, a.breakEvenEffect / 4))
    }

    @Test("Binary threshold: value per additional pupil over the threshold")
    func binaryThreshold() throws {
        let effect = EffectEstimate(outcome: .binaryThreshold, estimate: 2, standardError: 1)
        let benefits = BenefitAssumptions(outcome: .binaryThreshold, valuePerUnit: 10_000, discount: .none)
        let a = try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000), benefits: benefits)
        #expect(close(a.presentValueBenefits, 1_000 * 2 / 100 * 10_000))
        #expect(close(a.breakEvenEffect, 1))
        #expect(close(a.probabilityEffectExceedsBreakEven ?? -1, StandardNormal.cdf(1)))
    }

    @Test("Absence: a reduction is a benefit and break-even is negative")
    func absence() throws {
        let effect = EffectEstimate(outcome: .absenceSessions, estimate: -3, standardError: 1)
        let benefits = BenefitAssumptions(outcome: .absenceSessions, valuePerUnit: 50, discount: .none)
        let a = try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000), benefits: benefits)
        #expect(close(a.presentValueBenefits, 150_000))
        #expect(close(a.breakEvenEffect, -2))
        #expect(close(a.probabilityEffectExceedsBreakEven ?? -1, StandardNormal.cdf(1)))
        let draws = [-4.0, -3.0, -2.5, -1.0, 0.5]
        let b = try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000), benefits: benefits, bootstrapDraws: draws)
        #expect(b.bootstrapProbability == 0.6)
    }

    @Test("Parametric bootstrap: share of draws above break-even")
    func bootstrap() throws {
        let draws = [0.0, 0.05, 0.08, 0.2, 0.5, 0.6, -0.1, 0.9]
        let a = try handCheckAnalysis(draws: draws)
        #expect(a.bootstrapProbability == 5.0 / 8.0)
        #expect(a.bootstrapDrawCount == 8)
    }

    @Test("Gender and FSM mix adjust the value per grade")
    func earningsMix() throws {
        #expect(close(try EarningsValue(maleShare: 0.5, fsmShare: 0.14).adjustedValuePerGrade(), 8_500))
        let boys = try EarningsValue(maleShare: 1).adjustedValuePerGrade()
        let girls = try EarningsValue(maleShare: 0).adjustedValuePerGrade()
        #expect(close(boys / girls, 1.18))
        let fsm = try EarningsValue(fsmShare: 1).adjustedValuePerGrade()
        let nonFSM = try EarningsValue(fsmShare: 0).adjustedValuePerGrade()
        #expect(close(nonFSM / fsm, 1.09))
        #expect(close(try EarningsValue(subject: .maths).adjustedValuePerGrade(), 14_579))
        #expect(close(try EarningsValue(subject: .english).adjustedValuePerGrade(), 7_266))
    }
}
