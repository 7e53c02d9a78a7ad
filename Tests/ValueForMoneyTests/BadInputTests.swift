import Foundation
import Testing
@testable import ValueForMoney

@Suite("Bad input gives a clear error naming the parameter")
struct BadInputTests {
    let effect = EffectEstimate(outcome: .ks4CappedPoints, estimate: 0.5, standardError: 0.2)

    @Test("Negative cost")
    func negativeCost() {
        let e = thrownError { _ = try effect.breakEven(costs: .simple(totalCost: -100, pupils: 1_000)) }
        #expect(e == .negative(parameter: "costs[0] (Total cost).unitCost", value: -100))
        #expect(e?.description == "costs[0] (Total cost).unitCost must not be negative, got -100")
    }

    @Test("Zero total cost")
    func zeroCost() {
        #expect(thrownError { _ = try effect.breakEven(costs: .simple(totalCost: 0, pupils: 1_000)) } ==
                .notPositive(parameter: "total cost", value: 0))
    }

    @Test("Zero pupils")
    func zeroPupils() {
        #expect(thrownError { _ = try effect.breakEven(costs: .simple(totalCost: 100, pupils: 0)) } ==
                .notPositive(parameter: "cohorts[0].pupils", value: 0))
    }

    @Test("Discount rate of −100% or less")
    func discountRate() {
        for rate in [-1.0, -1.5] {
            let b = BenefitAssumptions(outcome: .ks4CappedPoints, discount: .constant(rate: rate))
            let e = thrownError { _ = try effect.breakEven(costs: .simple(totalCost: 100, pupils: 10), benefits: b) }
            #expect(e == .outOfRange(parameter: "discountRate", value: rate, allowed: "greater than -1 (-100%)"))
        }
        #expect(thrownError { _ = try DiscountSchedule(parsing: "-100%") } != nil)
        #expect(thrownError { _ = try DiscountSchedule(parsing: "lots") }.map { "\($0)".contains("'lots'") } == true)
    }

    @Test("Unknown outcome")
    func unknownOutcome() throws {
        let e = thrownError { _ = try OutcomeMeasure(parsing: "happiness") }
        #expect(e == .unknownOutcome("happiness"))
        #expect(e?.description.contains("ks4-capped") == true)
        #expect(try OutcomeMeasure(parsing: "KS4_Capped") == .ks4CappedPoints)
    }

    @Test("NaN and infinity anywhere")
    func notFinite() {
        let nanEffect = EffectEstimate(outcome: .ks4CappedPoints, estimate: .nan, standardError: 0.2)
        #expect(thrownError { _ = try nanEffect.breakEven(costs: .simple(totalCost: 100, pupils: 10)) }
                .map { if case .notFinite(let p, _) = $0 { return p == "effect" } else { return false } } == true)
        let nanSE = EffectEstimate(outcome: .ks4CappedPoints, estimate: 1, standardError: .nan)
        #expect(thrownError { _ = try nanSE.breakEven(costs: .simple(totalCost: 100, pupils: 10)) } != nil)
        #expect(thrownError { _ = try effect.breakEven(costs: .simple(totalCost: .infinity, pupils: 10)) } != nil)
        #expect(thrownError { _ = try effect.breakEven(costs: .simple(totalCost: 100, pupils: .nan)) } != nil)
        let b = BenefitAssumptions(outcome: .ks4CappedPoints, earnings: EarningsValue(valuePerGrade: .nan))
        #expect(thrownError { _ = try effect.breakEven(costs: .simple(totalCost: 100, pupils: 10), benefits: b) }
                .map { if case .notFinite(let p, let v) = $0 { return p == "valuePerGrade" && v.isNaN } else { return false } } == true)
        #expect(thrownError { _ = try effect.breakEven(costs: .simple(totalCost: 100, pupils: 10), bootstrapDraws: [0.1, .nan]) }
                .map { "\($0)".contains("bootstrapDraws[1]") } == true)
        #expect(thrownError { _ = try DiscountSchedule.constant(rate: .nan).validate() } != nil)
    }

    @Test("Other out-of-range assumptions")
    func ranges() {
        let costs = CostModel.simple(totalCost: 100, pupils: 10)
        func err(_ b: BenefitAssumptions) -> ValueForMoneyError? {
            thrownError { _ = try BreakEvenAnalysis(effect: EffectEstimate(outcome: b.outcome, estimate: 1, standardError: 1),
                                                    costs: costs, benefits: b) }
        }
        #expect(err(BenefitAssumptions(outcome: .ks4CappedPoints, adjustments: Adjustments(deadweight: 1))) ==
                .outOfRange(parameter: "deadweight", value: 1, allowed: "at least 0 and below 1"))
        #expect(err(BenefitAssumptions(outcome: .ks4CappedPoints, adjustments: Adjustments(optimismBias: -0.1))) ==
                .negative(parameter: "optimismBias", value: -0.1))
        #expect(err(BenefitAssumptions(outcome: .ks4CappedPoints, earnings: EarningsValue(valuePerGrade: 0))) ==
                .notPositive(parameter: "valuePerGrade", value: 0))
        #expect(err(BenefitAssumptions(outcome: .ks2ScaledScore, ks2Persistence: 0)) != nil)
        #expect(err(BenefitAssumptions(outcome: .ks4CappedPoints, earnings: EarningsValue(maleShare: 1.2))) ==
                .outOfRange(parameter: "maleShare", value: 1.2, allowed: "between 0 and 1"))
        #expect(err(BenefitAssumptions(outcome: .absenceRate)).map {
            if case .missing(let p, _) = $0 { return p == "valuePerUnit" } else { return false }
        } == true)
        #expect(thrownError { _ = try EffectEstimate(outcome: .ks4CappedPoints, estimate: 1, standardError: 0)
            .breakEven(costs: costs) } == .notPositive(parameter: "standardError", value: 0))
        #expect(thrownError { _ = try EffectEstimate(outcome: .attainment8, estimate: 1)
            .breakEven(costs: costs, benefits: BenefitAssumptions(outcome: .ks4CappedPoints)) } != nil)
        #expect(thrownError { _ = try EffectEstimate(outcome: .attainment8, estimate: 1)
            .breakEven(costs: costs, bootstrapDraws: []) } != nil)
    }
}
