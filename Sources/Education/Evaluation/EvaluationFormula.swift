/// Builds the lme4 formulas of the evaluation from its design:
///
///     outcome ~ prior + controls [+ ctx_pct_fsm + ctx_prior_mean + ctx_prior_sd + ctx_cohort_size]
///               [+ factor(year)] + support [+ ever_<c> ...] [+ support_<c>:cross_la ...]
///               [+ support_days] [+ fsm:support_<c> ...]
///               + (1 | school) [+ (1 | ks2_urn)]
///
/// with `(1 | la) + (1 | school)` for three levels, and `+ (1 | pupil)` on the absence models
/// when the design asks for pupil-level overdispersion. The support factor's reference is the
/// classification's none label, so lme4 names the category effects `support<category>`. The
/// event study (`EventStudy`) has `ever_supported + event_lead3 + ... + event_ended2` in place
/// of the support factor. The school-context columns (`SchoolContext`) come after the pupil
/// controls when the design asks for them.
///
/// With `design.movers` the KS4 models have `membershipTerm` in place of `(1 | school)`, and
/// with `design.primaryEffects` they gain `primaryTerm`, crossed with the secondary schools.
public enum EvaluationFormula {
    /// The multiple-membership secondary-school term of the movers design: each pupil takes
    /// the effects of up to three schools weighted by the fractions of the year spent in them.
    /// lme4's `lmer` cannot parse `mm()`: in R the model is fitted through the modular
    /// interface with the weighted membership matrix, as scripts/reference-multimember.R does.
    public static let membershipTerm =
        "(1 | mm(school, school2_urn, school3_urn, weights(school_fraction, school2_fraction, school3_fraction)))"
    /// The primary-school term of the cross-classified design.
    public static let primaryTerm = "(1 | ks2_urn)"
    /// The note on a movers model's formula, in its warnings.
    public static let membershipNote =
        "mm(...) is not lme4 syntax: refit in R through lme4's modular interface (lFormula/glFormula with the weighted membership matrix as Zt), as scripts/reference-multimember.R does"

    /// The specification of one model, leaving out `constantColumns` (controls that do not
    /// vary in the pupils modelled; a factor with one level has no contrasts in R).
    public static func specification(
        outcome: EvaluationOutcome, analysis: EvaluationAnalysis, subgroup: EvaluationSubgroup,
        design: EvaluationDesign, categories: [String], yearEffects: Bool,
        constantColumns: Set<String> = []
    ) -> ModelSpecification {
        let keyStage = outcome.keyStage(absenceKeyStage: design.absenceKeyStage)
        let prior = outcome.priorAttainmentColumn(absenceKeyStage: design.absenceKeyStage)
        let context = design.schoolContext ? SchoolContext.columnNames : []
        let controls = ([prior] + design.controls + context).filter { $0 != outcome.responseColumn }
        let kept = controls.filter { !constantColumns.contains($0) }
        var rhs = kept
        var variables = outcome.responseColumns + kept
        if let flag = analysis.disadvantageColumn, !kept.contains(flag) {
            rhs.append(flag)
            variables.append(flag)
        }
        if yearEffects {
            rhs.append("factor(year)")
            variables.append("year")
        }
        if analysis != .eventStudy {
            rhs.append("support")
            variables.append("support")
        }
        var terms = categories.map { category in
            ModelSpecification.Term(
                coefficient: "support" + category, category: category,
                meaning: analysis == .prePost
                    ? "supported years minus the school's own years without support, net of year effects"
                    : "\(category) minus no support")
        }
        switch analysis {
        case .categories:
            break
        case .crossLA:
            for category in categories {
                rhs.append("support_\(category):cross_la")
                variables.append("support_\(category)")
            }
            variables.append("cross_la")
            terms = categories.map { category in
                ModelSpecification.Term(
                    coefficient: "support_\(category):cross_la", category: category,
                    meaning: "cross-LA minus within-LA \(category) support")
            }
        case .dose:
            rhs.append("support_days")
            variables.append("support_days")
            terms = [ModelSpecification.Term(coefficient: "support_days", category: "support_days",
                                             meaning: "per extra day of support in the year, beyond the category means")]
        case .fsm, .fsmEver6:
            let flag = analysis.disadvantageColumn ?? "fsm"
            let who = flag == "fsm" ? "FSM" : "FSM Ever 6"
            terms = []
            for category in categories {
                let interaction = "\(flag):support_\(category)"
                rhs.append(interaction)
                variables.append("support_\(category)")
                terms.append(ModelSpecification.Term(
                    coefficient: "support" + category, category: category,
                    meaning: "\(category) minus no support, pupils not eligible for \(who)"))
                terms.append(ModelSpecification.Term(
                    coefficient: "support" + category + " + " + interaction, category: category,
                    meaning: "\(category) minus no support, pupils eligible for \(who)",
                    contrast: ["support" + category: 1, interaction: 1]))
                terms.append(ModelSpecification.Term(
                    coefficient: interaction, category: category,
                    meaning: "change in the \(who) gap: the effect for \(who) pupils minus the effect for the others"))
            }
            variables.append(flag)
        case .eventStudy:
            rhs.append(EventStudy.everColumn)
            variables.append(EventStudy.everColumn)
            terms = []
            for indicator in EventStudy.indicators {
                rhs.append(indicator.name)
                variables.append(indicator.name)
                terms.append(ModelSpecification.Term(
                    coefficient: indicator.name, category: "event_time", meaning: indicator.meaning))
            }
        case .prePost:
            for category in categories {
                rhs.append("ever_" + category)
                variables.append("ever_" + category)
                terms.append(ModelSpecification.Term(
                    coefficient: "ever_" + category, category: category,
                    meaning: "\(category) schools' years without support minus never-supported schools"))
            }
        }
        variables += design.levels.groupingColumns
        var random = [design.levels.randomEffects]
        if keyStage == .ks4 && design.movers {
            random = design.levels == .three ? ["(1 | la)", membershipTerm] : [membershipTerm]
            variables.append("school_fraction")
        }
        if keyStage == .ks4 && design.primaryEffects {
            random.append(primaryTerm)
            variables.append("ks2_urn")
        }
        if design.absenceOverdispersion && outcome.modelKind == .binomialLogit {
            random.append("(1 | pupil)")
            variables.append("pupil")
        }
        let formula = outcome.response + " ~ " + (rhs + random).joined(separator: " + ")
        var specification = ModelSpecification(
            outcome: outcome, analysis: analysis, subgroup: subgroup, keyStage: keyStage, formula: formula,
            referenceLevels: ["support": design.classification.noneLabel], variables: variables, terms: terms,
            droppedControls: controls.filter { constantColumns.contains($0) },
            attendanceWindow: outcome.modelKind == .binomialLogit ? design.attendanceWindow : nil,
            quadraturePoints: outcome.modelKind == .linear ? 1 : design.quadraturePoints)
        specification.reml = outcome.modelKind != .linear && design.fitsGeneralisedREML
        return specification
    }
}
