/// One model of the evaluation: the outcome, the question, the pupils, and the lme4 formula
/// built from the design (`EvaluationDesign`), with the coefficients it reports.
public struct ModelSpecification: Sendable, Equatable, Codable {
    /// A coefficient the evaluation reports, with the support category it belongs to.
    public struct Term: Sendable, Equatable, Codable {
        /// lme4's coefficient name, e.g. `supportreceiving` or `support_receiving:cross_la`.
        public var coefficient: String
        /// The support category (or `support_days` for the dose model).
        public var category: String
        /// What the coefficient measures.
        public var meaning: String
        /// For a linear combination of coefficients (e.g. the effect for FSM pupils,
        /// `supportreceiving + fsm:support_receiving`): the weight of each coefficient; nil for
        /// a single coefficient.
        public var contrast: [String: Double]?

        public init(coefficient: String, category: String, meaning: String, contrast: [String: Double]? = nil) {
            self.coefficient = coefficient
            self.category = category
            self.meaning = meaning
            self.contrast = contrast
        }
    }

    /// `outcome/analysis/subgroup`, e.g. `ks4_capped/categories/london`.
    public var id: String { "\(outcome.rawValue)/\(analysis.rawValue)/\(subgroup.label)" }
    public var outcome: EvaluationOutcome
    public var analysis: EvaluationAnalysis
    public var subgroup: EvaluationSubgroup
    /// The cohort modelled.
    public var keyStage: KeyStage
    /// The lme4 formula.
    public var formula: String
    /// Reference levels that differ from R's alphabetical default (`relevel` in R).
    public var referenceLevels: [String: String]
    /// Columns the formula uses, in formula order (a row missing any is dropped).
    public var variables: [String]
    /// The coefficients reported.
    public var terms: [Term]
    /// Controls left out because they do not vary among these pupils.
    public var droppedControls: [String]
    /// DfE's attendance rule for absence models: keep pupils whose possible sessions lie
    /// within this share of the year's modal value; nil keeps every pupil.
    public var attendanceWindow: Double?
    /// Gauss–Hermite points for generalised models (1 = Laplace).
    public var quadraturePoints: Int
    /// Whether a generalised model is fitted by REML (glmmTMB's `REML = TRUE`,
    /// `EvaluationDesign.generalisedREML`); linear models are always REML.
    public var reml = false

    /// Whether the model has the school-context columns (`SchoolContext`), kept or left out.
    public var usesSchoolContext: Bool {
        SchoolContext.columnNames.contains { variables.contains($0) || droppedControls.contains($0) }
    }

    /// The phase the outcome describes: primary schools for KS2, secondary for KS4.
    public var phase: String { keyStage == .ks2 ? "primary" : "secondary" }

    /// R code that refits the model with lme4 from the analysis table written as CSV
    /// (`analysis.csv`), subgroup and attendance selection included.
    public var rCode: String {
        var lines = ["d <- read.csv(\"analysis.csv\", stringsAsFactors = TRUE)",
                     "d <- subset(d, key_stage == \(keyStage.rawValue))"]
        if usesSchoolContext { lines += SchoolContext.rCode(keyStage: keyStage) }
        if case let .area(area) = subgroup { lines.append("d <- subset(d, area == \"\(area.rawValue)\")") }
        if let window = attendanceWindow {
            lines.append("# keep pupils whose possible sessions lie within \(window * 100)% of the year's modal value (DfE)")
            lines.append("d <- do.call(rbind, lapply(split(d, d$year), function(y) { m <- as.numeric(names(which.max(table(y$sessions_possible)))); subset(y, is.na(sessions_possible) | abs(sessions_possible - m) <= \(window) * m) }))")
        }
        for (column, level) in referenceLevels.sorted(by: { $0.key < $1.key }) {
            lines.append("d$\(column) <- relevel(factor(d$\(column)), ref = \"\(level)\")")
        }
        if formula.contains("| mm(") {
            lines.append("# lme4 cannot parse mm(...): set the model up with lme4::lFormula (glFormula for glmer) using (1 | school),")
            lines.append("# replace that term's Zt by the weighted membership matrix and optimise, as scripts/reference-multimember.R does")
        }
        switch outcome.modelKind {
        case .linear:
            lines.append("m <- lme4::lmer(\(formula), data = d, REML = TRUE)")
        case .bernoulliLogit, .binomialLogit:
            if reml {
                lines.append("# REML for a GLMM (the fixed effects integrated out by the Laplace approximation): glmmTMB")
                lines.append("m <- glmmTMB::glmmTMB(\(formula), data = d, family = binomial, REML = TRUE)")
            } else {
                lines.append("m <- lme4::glmer(\(formula), data = d, family = binomial, nAGQ = \(quadraturePoints))")
            }
        }
        lines.append("summary(m)")
        return lines.joined(separator: "\n")
    }
}
