/// The question a model answers. Every model carries the same pupil controls and random
/// effects; they differ in the support terms (NFER, Rudd et al. 2011, hypotheses H1–H6).
public enum EvaluationAnalysis: String, Sendable, CaseIterable, Codable, Hashable {
    /// One coefficient per support category against schools without support (the `support`
    /// factor, reference the classification's none label): H1, H3, H6, and H4 through the
    /// providing and receiving categories of the default classification.
    case categories
    /// H5: does support across LA boundaries differ from support within the LA? Adds the
    /// interactions `support_<category>:cross_la` to the category model; each coefficient is
    /// the cross-LA minus the within-LA difference for that category.
    case crossLA = "cross_la"
    /// Dose-response: adds `support_days` (days of support in the year) to the category model;
    /// the coefficient is the difference per extra day of support, beyond the category means.
    case dose
    /// Several cohorts: year effects and pre/post indicators. Adds `factor(year)` and
    /// `ever_<category>` (the school is in the category in any year of the data) to the
    /// category model, so each `support<category>` coefficient contrasts a supported school's
    /// years with support against its own years without (before support started, or after it
    /// ended), net of the year effects that the not-yet-supported and never-supported schools
    /// also estimate: a difference-in-differences contrast.
    case prePost = "pre_post"
    /// For whom: adds the interactions `fsm:support_<category>` to the category model.
    /// `support<category>` is then the effect for pupils not eligible for free school meals,
    /// `fsm:support_<category>` the change in the FSM gap (the effect for FSM pupils minus the
    /// effect for the others), and the contrast `support<category> + fsm:support_<category>`
    /// the effect for FSM pupils.
    case fsm = "fsm_interaction"
    /// The same with FSM Ever 6 (`fsm_ever6`, eligible at any time in the last six years), fitted
    /// when the pupil file has that column.
    case fsmEver6 = "fsm_ever6_interaction"
    /// Several cohorts: the event-time design (`EventStudy`). Replaces the support factor by
    /// `ever_supported` and indicators of the years before support started (leads), of each
    /// year of support (lags) and of the years after it ended, each against the supported
    /// schools' year before support started (event time −1), net of year effects.
    case eventStudy = "event_study"

    public var title: String {
        switch self {
        case .categories: "Support categories"
        case .crossLA: "Cross-LA minus within-LA (H5)"
        case .dose: "Dose-response (per day of support)"
        case .prePost: "Pre/post support start (difference in differences)"
        case .fsm: "Disadvantaged pupils (support x FSM)"
        case .fsmEver6: "Disadvantaged pupils (support x FSM Ever 6)"
        case .eventStudy: "Event study (years from support start)"
        }
    }

    /// The pupil flag whose interaction with support the analysis estimates, if any.
    public var disadvantageColumn: String? {
        switch self {
        case .fsm: "fsm"
        case .fsmEver6: "fsm_ever6"
        case .categories, .crossLA, .dose, .prePost, .eventStudy: nil
        }
    }
}
