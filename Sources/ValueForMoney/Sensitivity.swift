import Foundation

/// An assumption the sensitivity table varies.
public enum SensitivityParameter: String, CaseIterable, Sendable, Codable {
    case effect
    case valuePerGrade = "value-per-grade"
    case valuePerUnit = "value-per-unit"
    case discountRate = "discount-rate"
    case deadweight
    case displacement
    case optimismBias = "optimism-bias"
    case cohortDecay = "cohort-decay"
    case ks2Persistence = "ks2-persistence"

    public var title: String {
        switch self {
        case .effect: return "Effect (95% CI)"
        case .valuePerGrade: return "Value per grade (£)"
        case .valuePerUnit: return "Value per unit (£)"
        case .discountRate: return "Discount rate"
        case .deadweight: return "Deadweight"
        case .displacement: return "Displacement"
        case .optimismBias: return "Optimism bias"
        case .cohortDecay: return "Decay over cohorts"
        case .ks2Persistence: return "KS2 to KS4 persistence"
        }
    }
}

/// The low and high values of one assumption, with their source.
///
/// Documented defaults (`defaults`):
/// - effect: estimate ± 1.96·SE (95% confidence interval, normal approximation);
/// - value per grade: DfE (2021) subgroup spread, from FSM girls to non-FSM boys
///   (returns 18% larger for men, 9% larger for non-FSM pupils);
/// - value per unit (threshold, absence): half to one and a half times the value (assumption);
/// - discount rate: constant 1.5% (the Green Book rate for health and wellbeing effects, which
///   excludes the wealth effect) to 5% (assumption);
/// - deadweight: 0 to one third (NFER, Rudd et al. 2011: a quarter to a third of interviewees
///   would have done something similar without the programme);
/// - displacement: 0 to 0.1 (assumption); optimism bias: 0 to 0.2 (assumption);
/// - decay over cohorts: 0 to 0.5 (assumption; only with cohorts in more than one year);
/// - KS2 persistence: 0.25 to 0.75 (assumption; KS2 outcomes only).
public struct SensitivityRange: Sendable, Equatable, Codable {
    public var parameter: SensitivityParameter
    public var low: Double
    public var high: Double
    public var source: String

    public init(parameter: SensitivityParameter, low: Double, high: Double, source: String = "user-supplied") {
        self.parameter = parameter
        self.low = low
        self.high = high
        self.source = source
    }

    /// The documented ranges that apply to this analysis.
    public static func defaults(effect: EffectEstimate, costs: CostModel,
                                benefits b: BenefitAssumptions) throws -> [SensitivityRange] {
        var list: [SensitivityRange] = []
        if let se = effect.standardError {
            let z = StandardNormal.quantile(0.975)
            list.append(SensitivityRange(parameter: .effect, low: effect.estimate - z * se, high: effect.estimate + z * se,
                                         source: "95% confidence interval of the estimate (normal approximation)"))
        }
        if b.outcome.needsValuePerUnit {
            let v = b.valuePerUnit ?? 0
            list.append(SensitivityRange(parameter: .valuePerUnit, low: 0.5 * v, high: 1.5 * v,
                                         source: "assumption: half to one and a half times the value supplied"))
        } else {
            let range = try b.earnings.subgroupRange()
            list.append(SensitivityRange(parameter: .valuePerGrade, low: range.low, high: range.high,
                                         source: "DfE (2021): FSM girls to non-FSM boys (18% male, 9% non-FSM premia)"))
        }
        list.append(SensitivityRange(parameter: .discountRate, low: 0.015, high: 0.05,
                                     source: "1.5%: Green Book health/wellbeing rate; 5%: assumption"))
        list.append(SensitivityRange(parameter: .deadweight, low: 0, high: 1.0 / 3.0,
                                     source: "NFER (Rudd et al. 2011): a quarter to a third would have done something similar"))
        list.append(SensitivityRange(parameter: .displacement, low: 0, high: 0.1, source: "assumption"))
        list.append(SensitivityRange(parameter: .optimismBias, low: 0, high: 0.2, source: "assumption"))
        if Set(costs.cohorts.map(\.year)).count > 1 {
            list.append(SensitivityRange(parameter: .cohortDecay, low: 0, high: 0.5, source: "assumption"))
        }
        if b.outcome.isKeyStage2 {
            list.append(SensitivityRange(parameter: .ks2Persistence, low: 0.25, high: 0.75, source: "assumption"))
        }
        return list
    }
}

/// One row of the tornado table: the results at the low and high value of one assumption,
/// everything else at its base value.
public struct SensitivityRow: Sendable, Equatable, Encodable {
    public var parameter: SensitivityParameter
    public var low: Double
    public var high: Double
    public var npvAtLow: Double
    public var npvAtHigh: Double
    public var bcrAtLow: Double
    public var bcrAtHigh: Double
    public var breakEvenAtLow: Double
    public var breakEvenAtHigh: Double
    public var source: String

    /// |NPV(high) − NPV(low)|, the bar length in the tornado chart.
    public var swing: Double { abs(npvAtHigh - npvAtLow) }

    enum CodingKeys: String, CodingKey {
        case parameter, low, high, source, swing
        case npvAtLow = "npv_at_low", npvAtHigh = "npv_at_high", bcrAtLow = "bcr_at_low", bcrAtHigh = "bcr_at_high"
        case breakEvenAtLow = "break_even_effect_at_low", breakEvenAtHigh = "break_even_effect_at_high"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(parameter.rawValue, forKey: .parameter)
        try c.encode(source, forKey: .source)
        for (v, k) in [(low, CodingKeys.low), (high, .high), (npvAtLow, .npvAtLow), (npvAtHigh, .npvAtHigh),
                       (bcrAtLow, .bcrAtLow), (bcrAtHigh, .bcrAtHigh), (breakEvenAtLow, .breakEvenAtLow),
                       (breakEvenAtHigh, .breakEvenAtHigh), (swing, .swing)] {
            if v.isFinite { try c.encode(v, forKey: k) } else { try c.encodeNil(forKey: k) }
        }
    }
}

/// The tornado table: one row per assumption, sorted by swing in NPV, largest first.
public struct SensitivityTable: Sendable, Equatable {
    public var baseNPV: Double
    public var baseBCR: Double
    public var baseBreakEven: Double
    public var rows: [SensitivityRow]

    /// Varies each assumption over its documented range (`SensitivityRange.defaults`), replacing
    /// any default range by the one in `overrides` for the same parameter.
    init(effect: EffectEstimate, costs: CostModel, benefits: BenefitAssumptions,
         overrides: [SensitivityRange]) throws {
        var ranges = try SensitivityRange.defaults(effect: effect, costs: costs, benefits: benefits)
        for o in overrides {
            if let i = ranges.firstIndex(where: { $0.parameter == o.parameter }) { ranges[i] = o } else { ranges.append(o) }
        }
        let base = try Self.evaluate(effect: effect.estimate, costs: costs, benefits: benefits)
        baseNPV = base.npv
        baseBCR = base.bcr
        baseBreakEven = base.breakEven
        var rows: [SensitivityRow] = []
        for r in ranges {
            _ = try Check.finite(r.low, "sensitivity \(r.parameter.rawValue) low")
            _ = try Check.finite(r.high, "sensitivity \(r.parameter.rawValue) high")
            let lo = try Self.evaluate(r.parameter, r.low, effect: effect, costs: costs, benefits: benefits)
            let hi = try Self.evaluate(r.parameter, r.high, effect: effect, costs: costs, benefits: benefits)
            rows.append(SensitivityRow(parameter: r.parameter, low: r.low, high: r.high,
                                       npvAtLow: lo.npv, npvAtHigh: hi.npv, bcrAtLow: lo.bcr, bcrAtHigh: hi.bcr,
                                       breakEvenAtLow: lo.breakEven, breakEvenAtHigh: hi.breakEven, source: r.source))
        }
        self.rows = rows.sorted { $0.swing > $1.swing }
    }

    static func evaluate(effect: Double, costs: CostModel, benefits: BenefitAssumptions)
        throws -> (npv: Double, bcr: Double, breakEven: Double) {
        let core = try BreakEvenAnalysis.core(costs: costs, benefits: benefits)
        let s = benefits.outcome.direction
        let benefit = s * effect * core.value
        return (benefit - core.cost, benefit / core.cost, s * core.cost / core.value)
    }

    static func evaluate(_ p: SensitivityParameter, _ value: Double, effect: EffectEstimate, costs: CostModel,
                         benefits: BenefitAssumptions) throws -> (npv: Double, bcr: Double, breakEven: Double) {
        var b = benefits
        var estimate = effect.estimate
        switch p {
        case .effect: estimate = value
        case .valuePerGrade:
            b.earnings.valuePerGrade = value
            b.earnings.maleShare = nil
            b.earnings.fsmShare = nil
        case .valuePerUnit: b.valuePerUnit = value
        case .discountRate: b.discount = .constant(rate: value)
        case .deadweight: b.adjustments.deadweight = value
        case .displacement: b.adjustments.displacement = value
        case .optimismBias: b.adjustments.optimismBias = value
        case .cohortDecay: b.adjustments.cohortDecay = value
        case .ks2Persistence: b.ks2Persistence = value
        }
        do {
            try b.validate()
        } catch {
            throw ValueForMoneyError.invalid(parameter: "sensitivity range for \(p.rawValue)", reason: "\(error)")
        }
        return try evaluate(effect: estimate, costs: costs, benefits: b)
    }
}
