import Foundation

/// The break-even analysis of one effect against one cost model.
///
/// With C the present value of costs (`CostModel.presentValue`, optimism bias included), V the
/// present value of one outcome unit of effect in the beneficial direction
/// (`BenefitAssumptions.monetisedValuePerUnit`), s the outcome's direction (+1, or −1 for
/// absence) and β̂ the estimate with standard error se:
///
/// - benefits B = s·β̂·V; NPV = B − C; BCR = B / C; cost per pupil = C / pupils;
/// - break-even effect β* = s·C/V (the effect at which NPV = 0), also in SD units (β*/SD) and
///   EEF months;
/// - P(true effect beyond break-even) = Φ(s·(β̂ − β*)/se) (normal approximation), and, given
///   parametric-bootstrap draws βᵦ, the share with s·(βᵦ − β*) > 0.
///
/// Hand check (`--discount none`, one cohort): C = 100,000, 1,000 pupils, β̂ = 0.5 capped points,
/// £8,500 a grade: B = 1,000 × 0.5/6 × 8,500 = 708,333, BCR 7.08, β* = 100,000 / (1,000 × 8,500/6)
/// = 0.0706 points, P = Φ((0.5 − 0.0706)/0.2) = 0.984.
public struct BreakEvenAnalysis: Sendable {
    public let effect: EffectEstimate
    public let costs: CostModel
    /// The benefit assumptions used (outcome SD filled in from the effect when not set).
    public let benefits: BenefitAssumptions
    /// C: present value of costs, price-base prices (£).
    public let presentValueCosts: Double
    /// B: present value of monetised benefits at the estimated effect (£).
    public let presentValueBenefits: Double
    public let npv: Double
    public let bcr: Double
    public let costPerPupil: Double
    /// C / supported schools, when the cost model gives the number of schools.
    public let costPerSchool: Double?
    public let pupils: Double
    /// V: present value of one outcome unit of effect for all pupils reached (£).
    public let valuePerUnitEffect: Double
    public let breakEvenEffect: Double
    public let breakEvenEffectSD: Double
    public let breakEvenMonths: Int
    public let effectSD: Double
    public let effectMonths: Int
    /// Normal approximation; nil without a standard error.
    public let probabilityEffectExceedsBreakEven: Double?
    /// Share of bootstrap draws beyond break-even; nil without draws.
    public let bootstrapProbability: Double?
    public let bootstrapDrawCount: Int?
    public let sensitivity: SensitivityTable
    /// Every assumption used, with its value and source.
    public let assumptions: [Assumption]

    public static let caveat =
        "Effects from the evaluation's multilevel models are associations between support and pupil outcomes after controlling for prior attainment and pupil characteristics, not causal effects; the value-for-money figures inherit that limitation."

    public init(effect: EffectEstimate, costs: CostModel, benefits: BenefitAssumptions,
                bootstrapDraws: [Double]? = nil, sensitivityRanges: [SensitivityRange] = []) throws {
        try effect.validate()
        guard benefits.outcome == effect.outcome else {
            throw ValueForMoneyError.invalid(parameter: "outcome",
                                             reason: "the effect is on \(effect.outcome.rawValue) but the benefit assumptions are for \(benefits.outcome.rawValue)")
        }
        var b = benefits
        if b.outcomeSD == nil { b.outcomeSD = effect.outcomeSD }
        try b.validate()
        try costs.validate()
        let core = try Self.core(costs: costs, benefits: b)
        let s = effect.outcome.direction
        let sd = b.effectiveOutcomeSD

        self.effect = effect
        self.costs = costs
        self.benefits = b
        self.presentValueCosts = core.cost
        self.valuePerUnitEffect = core.value
        self.presentValueBenefits = s * effect.estimate * core.value
        self.npv = presentValueBenefits - core.cost
        self.bcr = presentValueBenefits / core.cost
        self.pupils = costs.totalPupils
        self.costPerPupil = core.cost / costs.totalPupils
        self.costPerSchool = costs.supportedSchools.map { core.cost / $0 }
        let breakEven = s * core.cost / core.value
        self.breakEvenEffect = breakEven
        self.breakEvenEffectSD = breakEvenEffect / sd
        self.breakEvenMonths = EffectSize.eefMonths(breakEvenEffectSD)
        self.effectSD = effect.estimate / sd
        self.effectMonths = EffectSize.eefMonths(effectSD)
        if let se = effect.standardError {
            self.probabilityEffectExceedsBreakEven = StandardNormal.cdf(s * (effect.estimate - breakEvenEffect) / se)
        } else {
            self.probabilityEffectExceedsBreakEven = nil
        }
        if let draws = bootstrapDraws {
            guard !draws.isEmpty else {
                throw ValueForMoneyError.missing(parameter: "bootstrapDraws", reason: "an empty sample was supplied")
            }
            for (i, d) in draws.enumerated() { _ = try Check.finite(d, "bootstrapDraws[\(i)]") }
            let beyond = draws.filter { s * ($0 - breakEven) > 0 }.count
            self.bootstrapProbability = Double(beyond) / Double(draws.count)
            self.bootstrapDrawCount = draws.count
        } else {
            self.bootstrapProbability = nil
            self.bootstrapDrawCount = nil
        }
        for x in [presentValueCosts, presentValueBenefits, npv, bcr, costPerPupil, breakEvenEffect, breakEvenEffectSD] {
            _ = try Check.finite(x, "result (inputs too large)")
        }
        self.sensitivity = try SensitivityTable(effect: effect, costs: costs, benefits: b, overrides: sensitivityRanges)
        self.assumptions = Self.assumptions(effect: effect, costs: costs, benefits: b)
    }

    /// C and V for a cost model and benefit assumptions; throws when either is not positive.
    static func core(costs: CostModel, benefits: BenefitAssumptions) throws -> (cost: Double, value: Double) {
        let cost = try costs.presentValue(discount: benefits.discount, optimismBias: benefits.adjustments.optimismBias)
        _ = try Check.finite(cost, "total cost")
        guard cost > 0 else {
            throw ValueForMoneyError.notPositive(parameter: "total cost", value: cost)
        }
        let value = try benefits.monetisedValuePerUnit(cohorts: costs.cohorts)
        _ = try Check.finite(value, "monetised value per unit of effect")
        guard value > 0 else {
            throw ValueForMoneyError.notPositive(parameter: "monetised value per unit of effect", value: value)
        }
        return (cost, value)
    }

    static func assumptions(effect: EffectEstimate, costs: CostModel, benefits b: BenefitAssumptions) -> [Assumption] {
        var list: [Assumption] = []
        let o = b.outcome
        list.append(Assumption(key: "outcome", value: .text(o.rawValue), unit: o.unit, source: "user-supplied"))
        if o.needsValuePerUnit {
            let unitName = o == .binaryThreshold ? "£ per additional pupil reaching the threshold" : "£ per \(o.unit) avoided per pupil"
            list.append(Assumption(key: "value_per_unit", value: .number(b.valuePerUnit ?? 0), unit: unitName,
                                   source: b.valuePerUnitSource))
        } else {
            list.append(Assumption(key: "value_per_grade", value: .number(b.earnings.valuePerGrade),
                                   unit: "£ present value of lifetime earnings per GCSE grade", source: b.earnings.source))
            if let m = b.earnings.maleShare {
                list.append(Assumption(key: "male_share", value: .number(m), source: "user-supplied; male premium \(Format.number(b.earnings.malePremium)) (DfE 2021), reference share \(Format.number(b.earnings.referenceMaleShare)) (assumption)"))
            }
            if let f = b.earnings.fsmShare {
                list.append(Assumption(key: "fsm_share", value: .number(f), source: "user-supplied; non-FSM premium \(Format.number(b.earnings.nonFSMPremium)) (DfE 2021), reference share \(Format.number(b.earnings.referenceFSMShare)) (assumption)"))
            }
            if let g = o.gradesPerUnit {
                list.append(Assumption(key: "grades_per_unit", value: .number(g), unit: "GCSE grades per \(o.unit)",
                                       source: o == .ks4CappedPoints ? "QCA point scale: one grade = 6 points" : "Attainment 8: one point = one grade in one slot"))
            }
        }
        if o.isKeyStage2 {
            list.append(Assumption(key: "ks2_persistence", value: .number(b.ks2Persistence), unit: "share of the KS2 effect (SD units) at KS4",
                                   source: b.ks2Persistence == BenefitAssumptions.defaultKS2Persistence ? BenefitAssumptions.ks2PersistenceSource : "user-supplied"))
            list.append(Assumption(key: "ks4_capped_sd", value: .number(b.ks4CappedSD), unit: "capped points",
                                   source: b.ks4CappedSD == OutcomeMeasure.ks4CappedPoints.defaultSD ? OutcomeMeasure.ks4CappedPoints.defaultSDSource : "user-supplied"))
        }
        list.append(Assumption(key: "outcome_sd", value: .number(b.effectiveOutcomeSD), unit: o.unit,
                               source: b.outcomeSD == nil ? o.defaultSDSource : (b.outcomeSD == effect.outcomeSD ? "evaluation data" : "user-supplied")))
        list.append(Assumption(key: "years_to_value", value: .number(Double(b.effectiveYearsToValue)), unit: "years",
                               source: b.yearsToValue == nil ? "default: 5 for KS2 (Year 6 to Year 11), 0 otherwise" : "user-supplied"))
        let discountSource: String
        switch b.discount {
        case .greenBook: discountSource = DiscountSchedule.greenBookSource
        case .none: discountSource = "user choice: no further discounting (the DfE values are already present values at the end of KS4)"
        case .constant: discountSource = "user-supplied constant rate"
        }
        list.append(Assumption(key: "discount", value: .text(b.discount.name), source: discountSource))
        let a = b.adjustments
        func source(_ value: Double, _ defaultSource: String) -> String {
            value == 0 ? defaultSource : "user-supplied"
        }
        list.append(Assumption(key: "deadweight", value: .number(a.deadweight), unit: "share",
                               source: source(a.deadweight, "default 0: the effect is estimated against comparison pupils; NFER (Rudd et al. 2011) interviews suggest 0.25-0.33 for sensitivity")))
        list.append(Assumption(key: "displacement", value: .number(a.displacement), unit: "share",
                               source: source(a.displacement, "default 0 (assumption)")))
        list.append(Assumption(key: "optimism_bias", value: .number(a.optimismBias), unit: "cost uplift",
                               source: source(a.optimismBias, "default 0 (assumption); HM Treasury Green Book asks for an optimism-bias adjustment")))
        list.append(Assumption(key: "cohort_decay", value: .number(a.cohortDecay), unit: "share lost per later cohort",
                               source: source(a.cohortDecay, "default 0 (assumption)")))
        if let base = costs.priceBaseYear {
            list.append(Assumption(key: "price_base_year", value: .number(Double(base)), source: "user-supplied; deflator: \(costs.deflator?.source ?? "none")"))
        }
        list.append(Assumption(key: "eef_months", value: .text("effect size to months table"), source: EffectSize.eefSource))
        list.append(Assumption(key: "probability_method", value: .text("normal approximation"),
                               source: "Phi((estimate - break-even)/SE) from the fitted model's estimate and standard error"))
        return list
    }
}
