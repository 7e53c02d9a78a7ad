/// One row of the tidy results table: the association of one support category with one
/// outcome, in one subgroup, from one model, on the model's scale and on readable scales.
///
/// Readable scales (NFER, Rudd et al. 2011, reported attainment in points; the rest follow
/// common practice):
/// - attainment: GCSE grades for capped points (6 QCA points = one grade in one GCSE; DfE),
///   effect size in pupil-level SD units of the outcome among the modelled pupils, and EEF
///   months' additional progress (Education Endowment Foundation Teaching and Learning Toolkit);
/// - 5A*–C incl. E&M: odds ratio with its interval, and percentage points at the rate of
///   pupils in schools without support;
/// - absence: odds ratio of a session being missed (the logit model gives odds ratios, not
///   rate ratios; with absence rates near 5–7% the two nearly agree), the implied rate ratio
///   and sessions per pupil per year at the mean possible sessions and the rate of pupils in
///   schools without support.
///
/// These are associations after controlling for prior attainment and pupil characteristics,
/// not causal effects (`caveat`).
public struct EvaluationEstimate: Sendable, Equatable, Codable {
    public var modelID: String
    public var outcome: EvaluationOutcome
    public var analysis: EvaluationAnalysis
    /// `all` or an area code.
    public var subgroup: String
    /// `primary` (KS2) or `secondary` (KS4).
    public var phase: String
    /// The support category (or `support_days`).
    public var category: String
    /// lme4's coefficient name.
    public var term: String
    /// What the coefficient measures.
    public var meaning: String
    /// The coefficient, in `unit`.
    public var estimate: Double
    public var standardError: Double
    /// Satterthwaite degrees of freedom (linear models); nil for the z tests of generalised models.
    public var degreesOfFreedom: Double?
    public var lower: Double
    public var upper: Double
    public var confidenceLevel: Double
    public var pValue: Double
    /// Pupils and schools in the model.
    public var pupils: Int
    public var schools: Int
    /// Schools in the model with this category (for the category terms).
    public var schoolsInCategory: Int?
    /// The unit of `estimate`: capped points, KS2 fine points, or log-odds.
    public var unit: String

    /// Capped points divided by 6 (one grade in one GCSE).
    public var gcseGrades: Double?
    /// Estimate over the pupil-level SD of the outcome.
    public var effectSize: Double?
    /// EEF months' additional progress from `effectSize` (attainment only).
    public var eefMonths: Int?
    /// exp(estimate) and its interval, for logit models.
    public var oddsRatio: Double?
    public var oddsRatioLower: Double?
    public var oddsRatioUpper: Double?
    /// The comparison rate (pupils in schools without support) on which the next two are based.
    public var baselineRate: Double?
    /// Change in percentage points at `baselineRate` (5A*–C; absence rate).
    public var percentagePoints: Double?
    /// Implied ratio of absence rates at `baselineRate`.
    public var rateRatio: Double?
    /// Change in sessions missed per pupil per year at the mean possible sessions.
    public var sessionsPerPupil: Double?

    /// Whether the interval excludes zero.
    public var isSignificant: Bool { lower > 0 || upper < 0 }

    /// The caveat every output carries.
    public static let caveat = "These are associations between support and pupil outcomes after controlling for prior attainment and pupil characteristics, not causal effects: schools were not assigned to support at random (NFER, Rudd et al. 2011)."
}
