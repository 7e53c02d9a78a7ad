import Foundation

/// One evaluation result: the estimated effect of one support category on one outcome, as the
/// model layer reports it. This is the input the evaluation module builds for value for money.
/// Effects from the evaluation's multilevel models are associations, not causal effects.
public struct EffectEstimate: Sendable, Equatable, Codable {
    public var outcome: OutcomeMeasure
    /// Point estimate in outcome units (e.g. capped points; percentage points; sessions).
    public var estimate: Double
    /// Standard error in outcome units; nil when none is available (no probability reported).
    public var standardError: Double?
    /// Pupil-level SD of the outcome from the data, for SD units; nil uses the documented default.
    public var outcomeSD: Double?
    /// Degrees of freedom of the estimate, reported but not used: probabilities use the normal
    /// approximation.
    public var degreesOfFreedom: Double?
    /// What the effect is of, e.g. "Receiving NLE/LLE support".
    public var label: String?

    public init(outcome: OutcomeMeasure, estimate: Double, standardError: Double? = nil,
                outcomeSD: Double? = nil, degreesOfFreedom: Double? = nil, label: String? = nil) {
        self.outcome = outcome
        self.estimate = estimate
        self.standardError = standardError
        self.outcomeSD = outcomeSD
        self.degreesOfFreedom = degreesOfFreedom
        self.label = label
    }

    public func validate() throws {
        _ = try Check.finite(estimate, "effect")
        if let standardError { _ = try Check.positive(standardError, "standardError") }
        if let outcomeSD { _ = try Check.positive(outcomeSD, "outcomeSD") }
        if let degreesOfFreedom { _ = try Check.positive(degreesOfFreedom, "degreesOfFreedom") }
    }

    /// The break-even analysis of this effect against `costs`, valued with `benefits` (whose
    /// outcome must match; the default values a grade-based outcome at the DfE 2021 figures with
    /// Green Book discounting). `bootstrapDraws` are parametric-bootstrap draws of the effect from
    /// the fitted model, when it offers them.
    public func breakEven(costs: CostModel, benefits: BenefitAssumptions? = nil,
                          bootstrapDraws: [Double]? = nil,
                          sensitivityRanges: [SensitivityRange] = []) throws -> BreakEvenAnalysis {
        try BreakEvenAnalysis(effect: self, costs: costs,
                              benefits: benefits ?? BenefitAssumptions(outcome: outcome),
                              bootstrapDraws: bootstrapDraws, sensitivityRanges: sensitivityRanges)
    }
}
