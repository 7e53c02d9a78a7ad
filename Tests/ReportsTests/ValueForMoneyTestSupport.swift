import Foundation
import ValueForMoney

/// |a − b| ≤ tol · max(1, |b|).
func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool {
    abs(a - b) <= tol * max(1, abs(b))
}

/// The hand-checkable break-even case: £100,000, 1,000 pupils, 0.5 capped points (SE 0.2),
/// £8,500 a grade, no further discounting.
func handCheckAnalysis() throws -> BreakEvenAnalysis {
    let effect = EffectEstimate(outcome: .ks4CappedPoints, estimate: 0.5, standardError: 0.2)
    let benefits = BenefitAssumptions(outcome: .ks4CappedPoints, earnings: EarningsValue(valuePerGrade: 8_500),
                                      discount: .none, adjustments: Adjustments())
    return try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000), benefits: benefits)
}

/// The error thrown by `body`, or nil.
func thrownError(_ body: () throws -> Void) -> ValueForMoneyError? {
    do { try body() } catch let e as ValueForMoneyError { return e } catch { return nil }
    return nil
}
