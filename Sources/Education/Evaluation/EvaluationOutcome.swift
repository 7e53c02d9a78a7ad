/// The five pupil outcomes of NFER's quantitative evaluation of the City Challenge Leadership
/// Strategies (Rudd et al. 2011): KS2 attainment, KS4 capped point score, five or more A*–C
/// grades including English and mathematics, total absence and unauthorised absence.
///
/// Each outcome knows its cohort (key stage), the phase of school it describes (primary schools
/// for KS2, secondary for KS4), the model family and the lme4 response. Absence is a count of
/// sessions (half-days) out of possible sessions, modelled as binomial as DfE's absence
/// statistics define the rate (sessions missed / sessions possible), not as a plain rate.
/// The raw values are the names used on the command line and in the results files.
public enum EvaluationOutcome: String, Sendable, CaseIterable, Codable, Hashable {
    /// KS2 average point score (fine points: level 4 = 27, one level = 6 points; DfE).
    case ks2Attainment = "ks2"
    /// KS4 capped point score (best 8 GCSE-equivalents, QCA points: one grade = 6 points).
    case ks4Capped = "ks4_capped"
    /// Five or more A*–C grades including English and mathematics (0/1).
    case ks4FiveACEM = "ks4_5ac_em"
    /// Overall (authorised + unauthorised) absence: sessions missed out of sessions possible.
    case totalAbsence = "absence"
    /// Unauthorised absence: unauthorised sessions out of sessions possible.
    case unauthorisedAbsence = "unauthorised"

    /// The kind of model fitted.
    public enum ModelKind: String, Sendable, Codable {
        /// Linear mixed model (lme4 `lmer`, REML).
        case linear
        /// Bernoulli generalised linear mixed model, logit link (lme4 `glmer`, `binomial`).
        case bernoulliLogit = "bernoulli_logit"
        /// Binomial counts out of trials, logit link (lme4 `glmer`, `binomial`, `cbind`).
        case binomialLogit = "binomial_logit"
    }

    /// A readable name.
    public var title: String {
        switch self {
        case .ks2Attainment: "KS2 average point score"
        case .ks4Capped: "KS4 capped point score"
        case .ks4FiveACEM: "5+ A*-C incl. English and maths"
        case .totalAbsence: "Total absence"
        case .unauthorisedAbsence: "Unauthorised absence"
        }
    }

    public var modelKind: ModelKind {
        switch self {
        case .ks2Attainment, .ks4Capped: .linear
        case .ks4FiveACEM: .bernoulliLogit
        case .totalAbsence, .unauthorisedAbsence: .binomialLogit
        }
    }

    /// Whether the outcome is a count of absent sessions.
    public var isAbsence: Bool { self == .totalAbsence || self == .unauthorisedAbsence }

    /// Whether the outcome is attainment (for which EEF months' progress are defined).
    public var isAttainment: Bool { self == .ks2Attainment || self == .ks4Capped }

    /// The key stage of the cohort the outcome is measured on. Absence is modelled for the
    /// KS4 cohort by default (`EvaluationDesign.absenceKeyStage` changes it).
    public func keyStage(absenceKeyStage: KeyStage) -> KeyStage {
        switch self {
        case .ks2Attainment: .ks2
        case .ks4Capped, .ks4FiveACEM: .ks4
        case .totalAbsence, .unauthorisedAbsence: absenceKeyStage
        }
    }

    /// The analysis-table column holding the outcome (the successes for binomial counts).
    public var responseColumn: String {
        switch self {
        case .ks2Attainment: "ks2_aps"
        case .ks4Capped: "ks4_capped"
        case .ks4FiveACEM: "ks4_5ac_em"
        case .totalAbsence: "sessions_absent"
        case .unauthorisedAbsence: "sessions_unauthorised"
        }
    }

    /// The left-hand side of the lme4 formula.
    public var response: String {
        switch self {
        case .totalAbsence, .unauthorisedAbsence:
            "cbind(\(responseColumn), sessions_possible - \(responseColumn))"
        default:
            responseColumn
        }
    }

    /// Columns the response needs (a row missing any of them is dropped by the model).
    public var responseColumns: [String] {
        switch self {
        case .totalAbsence, .unauthorisedAbsence: [responseColumn, "sessions_possible"]
        default: [responseColumn]
        }
    }

    /// The prior-attainment control: KS1 APS for KS2 outcomes, KS2 APS for KS4 cohorts.
    public func priorAttainmentColumn(absenceKeyStage: KeyStage) -> String {
        keyStage(absenceKeyStage: absenceKeyStage) == .ks2 ? "ks1_aps" : "ks2_aps"
    }

    /// The unit of a coefficient.
    public var coefficientUnit: String {
        switch self {
        case .ks2Attainment: "KS2 fine points"
        case .ks4Capped: "capped points"
        case .ks4FiveACEM, .totalAbsence, .unauthorisedAbsence: "log-odds"
        }
    }

    /// Parses a raw value or a common alias (`capped`, `5ac`, `ks2_aps`, `total_absence`,
    /// `unauthorised_absence`), case-insensitively; nil when unknown.
    public init?(parsing text: String) {
        let key = text.lowercased().replacingOccurrences(of: "-", with: "_")
        if let exact = EvaluationOutcome(rawValue: key) { self = exact; return }
        switch key {
        case "ks2_aps", "ks2_attainment": self = .ks2Attainment
        case "capped", "ks4": self = .ks4Capped
        case "5ac", "5ac_em", "fiveac", "ks4_5ac": self = .ks4FiveACEM
        case "total_absence", "overall_absence": self = .totalAbsence
        case "unauthorised_absence", "unauthorized", "unauthorized_absence": self = .unauthorisedAbsence
        default: return nil
        }
    }
}
