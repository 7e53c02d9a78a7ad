/// The whole evaluation: what was read, every model (fitted, skipped or failed) with its
/// formula and exclusions, the tidy table of estimates and the school effects.
public struct EvaluationResults: Sendable, Codable {
    /// What was read and rejected from the files, when the evaluation read files.
    public var readSummary: NPDReadSummary?
    /// Pupils in the analysis table.
    public var pupils: Int
    /// Summers present in the data.
    public var years: [Int]
    /// The categories of the classification, in order, and the none label.
    public var categories: [String]
    public var noneLabel: String
    /// Random-effects levels used.
    public var levels: EvaluationLevels
    public var quadraturePoints: Int
    /// Whether the generalised models were fitted by REML (`EvaluationDesign.generalisedREML`
    /// with the Laplace approximation); nil in results written before the option existed.
    public var generalisedREML: Bool? = nil
    public var confidenceLevel: Double
    public var models: [FittedModelSummary]
    public var estimates: [EvaluationEstimate]
    /// School effects on `schoolEffectsOutcome` (all pupils, category model).
    public var schoolEffectsOutcome: EvaluationOutcome?
    public var schoolEffects: [SchoolEffect]
    public var seconds: Double
    /// Input files, library versions, seeds and timing (nil for results made by hand).
    public var provenance: EvaluationProvenance? = nil
    /// The school-context columns' scaling and degenerate cases, when the design added them.
    public var schoolContext: SchoolContext.Summary? = nil
    /// The models refitted on matched comparison schools, with the balance and the naive and
    /// matched estimates (nil unless the design asked for matching).
    public var matched: MatchedComparison? = nil
    /// The caveat every output carries.
    public var caveat: String = EvaluationEstimate.caveat

    /// The estimates of one analysis, e.g. the category effects.
    public func estimates(of analysis: EvaluationAnalysis) -> [EvaluationEstimate] {
        estimates.filter { $0.analysis == analysis }
    }

    /// The estimate of `category` on `outcome` for all pupils in the category model.
    public func estimate(outcome: EvaluationOutcome, category: String, subgroup: String = "all") -> EvaluationEstimate? {
        estimates.first {
            $0.outcome == outcome && $0.analysis == .categories && $0.category == category && $0.subgroup == subgroup
                && $0.term == "support" + category
        }
    }

    /// Whether every fitted model's exclusions add up.
    public var exclusionsBalance: Bool {
        models.allSatisfy { $0.exclusions?.isBalanced ?? true }
    }
}
