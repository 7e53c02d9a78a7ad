import Foundation

/// Green Book adjustments applied to gross benefits and costs.
///
/// - Net benefit = gross · (1 − deadweight) · (1 − displacement).
/// - Costs × (1 + optimism bias).
/// - Decay over cohorts: the k-th year's cohort after the first gets (1 − decay)ᵏ of the effect,
///   so n pupils a year for N years give n · Σₖ₌₀^{N−1} ((1 − decay) · D(k))·value.
///
/// Defaults are all zero: the evaluation's effect is estimated against comparison pupils, so
/// what would have happened anyway is already netted out. The documented ranges are for the
/// sensitivity table (`SensitivityRange.defaults`). Sources: deadweight range: NFER (Rudd et al.
/// 2011), a quarter to a third of interviewees would have done something similar without the
/// programme; displacement, optimism bias and decay ranges are library assumptions (HM Treasury
/// Green Book asks for each to be considered but gives no figure for this kind of programme).
public struct Adjustments: Sendable, Equatable, Codable {
    /// Share of the benefit that would have happened anyway (0 ≤ deadweight < 1).
    public var deadweight: Double
    /// Share of the benefit offset by losses elsewhere (0 ≤ displacement < 1).
    public var displacement: Double
    /// Proportional uplift of costs for optimism bias (≥ 0).
    public var optimismBias: Double
    /// Proportional loss of effect per later cohort (0 ≤ decay < 1).
    public var cohortDecay: Double

    public init(deadweight: Double = 0, displacement: Double = 0, optimismBias: Double = 0, cohortDecay: Double = 0) {
        self.deadweight = deadweight
        self.displacement = displacement
        self.optimismBias = optimismBias
        self.cohortDecay = cohortDecay
    }

    public func validate() throws {
        _ = try Check.fractionBelowOne(deadweight, "deadweight")
        _ = try Check.fractionBelowOne(displacement, "displacement")
        _ = try Check.nonNegative(optimismBias, "optimismBias")
        _ = try Check.fractionBelowOne(cohortDecay, "cohortDecay")
    }

    /// (1 − deadweight)(1 − displacement).
    public var benefitMultiplier: Double { (1 - deadweight) * (1 - displacement) }

    /// 1 + optimism bias.
    public var costMultiplier: Double { 1 + optimismBias }

    /// (1 − decay)ᵏ for the cohort k years after the first.
    public func cohortMultiplier(_ k: Int) -> Double { pow(1 - cohortDecay, Double(max(k, 0))) }
}
