/// Everything that decides which models the evaluation fits: the classification of support,
/// the outcomes, the pupil controls, the random-effects levels, the subgroups and the
/// hypothesis models. The default (`EvaluationDesign()`) follows NFER's quantitative strand of
/// the City Challenge evaluation (Rudd et al. 2011): multilevel models of each outcome on the
/// support categories, controlling for prior attainment and pupil characteristics, by area and
/// by phase, for schools providing and receiving support, extended with the cross-LA
/// interaction (H5), a dose-response model and, when the data hold several cohorts, year
/// effects and pre/post indicators, as the report recommends.
///
/// Every formula is an lme4 formula, shown in the report so that it can be rerun in R.
public struct EvaluationDesign: Sendable, Equatable, Codable {
    /// How support records become categories (default NFER-style: receiving, providing,
    /// Teaching School programmes).
    public var classification: SupportClassification = .nferDefault
    /// Outcomes to model, in report order.
    public var outcomes: [EvaluationOutcome] = EvaluationOutcome.allCases
    /// Pupil controls besides prior attainment (which depends on the outcome: KS1 APS for KS2,
    /// KS2 APS for KS4), as analysis-table column names. The default is the commonly used set:
    /// free school meals, English as an additional language, SEN provision, gender, ethnic
    /// group and the IDACI deprivation score of the home postcode.
    public var controls: [String] = EvaluationDesign.standardControls
    /// Pupils in schools, or pupils in schools in LAs.
    public var levels: EvaluationLevels = .two
    /// Areas fitted separately besides all areas together (default the three City Challenge
    /// areas). Areas with fewer than `minimumSchools` schools in the data are skipped, and said
    /// to be skipped.
    public var areas: [Area] = [.london, .blackCountry, .greaterManchester]
    /// Outcomes fitted by area (nil: every outcome).
    public var areaOutcomes: Set<EvaluationOutcome>? = nil
    /// The fewest schools a model may have.
    public var minimumSchools = 10
    /// Add the H5 cross-LA interaction model.
    public var crossLA = true
    /// Add the dose-response (days of support) model.
    public var dose = true
    /// Add year effects and the pre/post model when the cohort holds several years.
    public var prePost = true
    /// Add the disadvantage models: support × FSM (and × FSM Ever 6 when the pupil file has
    /// `fsm_ever6`) for every outcome, all pupils, with the effect for FSM and other pupils and
    /// the change in the gap (`EvaluationAnalysis.fsm`). Off by default: one more model per
    /// outcome, and the generalised ones cost as much as the category models.
    public var fsmInteraction = false
    /// Add the event-study model (`EvaluationAnalysis.eventStudy`, `EventStudy`) for every
    /// outcome, all pupils, when the data hold several cohort years: the difference of
    /// supported schools by year relative to the start of their support, with leads, lags and
    /// years after support ended. Off by default.
    public var eventStudy = false
    /// Add the school-context controls (`SchoolContext`) to every model: the school-year's % FSM,
    /// mean and SD of prior attainment and cohort size, each standardised across school-years,
    /// as fixed effects beside the pupil controls. Off by default.
    public var schoolContext = false
    /// Cross-classify the KS4 models by primary and secondary school: `(1 | ks2_urn)` beside
    /// the secondary-school term, for every model of the KS4 cohort (Docs/evaluation.md,
    /// "Primary schools and movers"). Needs the pupil file's `ks2_urn`; KS4 pupils without it
    /// leave those models and are counted under `ks2_urn` in their exclusions. Off by default.
    public var primaryEffects = false
    /// Replace `(1 | school)` in the KS4 models by the multiple-membership term
    /// `(1 | mm(school, school2_urn, school3_urn, weights(school_fraction, school2_fraction, school3_fraction)))`,
    /// so that a pupil who moved school in the year takes each school's effect in proportion
    /// to the time spent there. Needs the pupil file's `school2_urn` and `school2_fraction`.
    /// Off by default.
    public var movers = false
    /// Outcomes for which the cross-LA, dose and pre/post models are fitted (all pupils only).
    /// Default the linear outcomes, whose fits take well under a second at national size.
    public var hypothesisOutcomes: Set<EvaluationOutcome> = [.ks2Attainment, .ks4Capped]
    /// The cohort whose absence is modelled (default KS4, secondary schools).
    public var absenceKeyStage: KeyStage = .ks4
    /// Keep only pupils whose possible sessions lie within this share of the year's modal
    /// value in absence models (DfE's absence and attainment analyses use 10%); nil keeps all.
    public var attendanceWindow: Double? = 0.10
    /// Gauss–Hermite points for the generalised models: 1 is the Laplace approximation
    /// (lme4's default), 0 lme4's faster nAGQ = 0 fit.
    public var quadraturePoints = 1
    /// Fit the generalised models (5A*–C, absence) by REML, as glmmTMB's `REML = TRUE`: the
    /// fixed effects integrated out with the random effects by the Laplace approximation, so
    /// that the school variance, and with it the interval of a school-level category effect,
    /// is not biased down as maximum likelihood's is with few schools (Docs/evaluation.md,
    /// "Absence coverage study"). On by default, for the Laplace approximation only
    /// (`quadraturePoints` 1); false fits them by maximum likelihood as `glmer` does.
    public var generalisedREML = true

    /// Whether the generalised models are in fact fitted by REML: `generalisedREML` with the
    /// Laplace approximation (REML has no quadrature form).
    public var fitsGeneralisedREML: Bool { generalisedREML && quadraturePoints == 1 }
    /// Add a pupil-level random effect `(1 | pupil)` to the binomial absence models, so that
    /// sessions missed vary between pupils more than a binomial allows (observation-level
    /// overdispersion; Harrison 2014, PeerJ 2:e616). On by default: without it the pupil-level
    /// coefficients' SEs are several times too small and their estimates attenuated
    /// (Docs/evaluation.md, "Absence models").
    public var absenceOverdispersion = true
    /// Level of the confidence intervals.
    public var confidenceLevel = 0.95
    /// The outcome whose school conditional modes and variances make the caterpillar plot
    /// (all pupils, category model).
    public var schoolEffectsOutcome: EvaluationOutcome? = .ks4Capped
    /// Also match each supported school to comparison schools on its pre-support results and
    /// refit the hypothesis models on the matched sample (`MatchedComparison`, Docs/evaluation.md,
    /// "Matched comparison"); nil (the default) does not match.
    public var matching: MatchingOptions? = nil

    public init() {}

    /// FSM, EAL, SEN, gender, ethnic group and IDACI.
    public static let standardControls = ["fsm", "eal", "sen", "gender", "ethnic", "idaci"]

    /// The fast variant for national runs: nAGQ = 0 for the generalised models, area fits of
    /// the linear outcomes only, and plain binomial absence models: a national absence model
    /// with `(1 | pupil)` (575,990 pupil effects) takes about ten minutes (Docs/evaluation.md,
    /// "Absence models"), against seconds without it.
    public static var fast: EvaluationDesign {
        var design = EvaluationDesign()
        design.quadraturePoints = 0
        design.generalisedREML = false
        design.areaOutcomes = [.ks2Attainment, .ks4Capped]
        design.absenceOverdispersion = false
        return design
    }

    /// Checks the design, naming the first problem.
    public func validate() throws(EvaluationError) {
        if let problem = firstProblem() { throw .invalidDesign(problem.message) }
    }

    /// The first impossible setting: the name of its property (the design file's key) and
    /// what is wrong with it; nil when the design can be run.
    public func firstProblem() -> (key: String, message: String)? {
        guard !outcomes.isEmpty else { return ("outcomes", "no outcomes to model") }
        guard (0...25).contains(quadraturePoints) else {
            return ("quadraturePoints", "quadrature points must be 0 to 25, not \(quadraturePoints)")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            return ("confidenceLevel", "confidence level must lie strictly between 0 and 1, not \(confidenceLevel)")
        }
        if let window = attendanceWindow, !(window > 0 && window < 1) {
            return ("attendanceWindow", "attendance window must lie strictly between 0 and 1, not \(window)")
        }
        guard minimumSchools >= 2 else { return ("minimumSchools", "minimum schools must be at least 2") }
        for control in controls where control.isEmpty || control.contains(where: { " ()|~+*:".contains($0) }) {
            return ("controls", "control '\(control)' is not a plain column name")
        }
        if let matching {
            do { try matching.validate() } catch { return ("matching", error.description) }
        }
        return nil
    }
}
