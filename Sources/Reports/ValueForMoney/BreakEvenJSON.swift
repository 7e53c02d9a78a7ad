import Foundation
import ValueForMoney

/// The machine-readable form of a break-even analysis. Keys are snake_case and sorted; numbers
/// that are absent or not finite are written as `null` (JSON has no NaN or infinity).
struct BreakEvenJSON: Encodable {
    let analysis: BreakEvenAnalysis

    enum Key: String, CodingKey {
        case outcome, unit, label, effect, standardError = "standard_error", effectSD = "effect_sd"
        case effectMonths = "effect_months_progress", npv, bcr, costPerPupil = "cost_per_pupil"
        case costPerSchool = "cost_per_school", pupils, totalCost = "present_value_costs"
        case totalBenefit = "present_value_benefits", valuePerUnit = "value_per_unit_effect"
        case breakEven = "break_even_effect", breakEvenSD = "break_even_effect_sd"
        case breakEvenMonths = "break_even_months_progress"
        case probability = "probability_effect_exceeds_break_even"
        case bootstrapProbability = "bootstrap_probability_effect_exceeds_break_even"
        case bootstrapDraws = "bootstrap_draws", costsByKind = "costs_by_kind", costsByYear = "costs_by_year"
        case assumptions, sensitivity, caveat
    }

    struct Line: Encodable {
        let name: String
        let cost: Double
    }

    func encode(to encoder: Encoder) throws {
        let a = analysis
        var c = encoder.container(keyedBy: Key.self)
        func number(_ v: Double?, _ k: Key) throws {
            if let v, v.isFinite { try c.encode(v, forKey: k) } else { try c.encodeNil(forKey: k) }
        }
        try c.encode(a.effect.outcome.rawValue, forKey: .outcome)
        try c.encode(a.effect.outcome.unit, forKey: .unit)
        if let l = a.effect.label { try c.encode(l, forKey: .label) } else { try c.encodeNil(forKey: .label) }
        try number(a.effect.estimate, .effect)
        try number(a.effect.standardError, .standardError)
        try number(a.effectSD, .effectSD)
        try c.encode(a.effectMonths, forKey: .effectMonths)
        try number(a.npv, .npv)
        try number(a.bcr, .bcr)
        try number(a.costPerPupil, .costPerPupil)
        try number(a.costPerSchool, .costPerSchool)
        try number(a.pupils, .pupils)
        try number(a.presentValueCosts, .totalCost)
        try number(a.presentValueBenefits, .totalBenefit)
        try number(a.valuePerUnitEffect, .valuePerUnit)
        try number(a.breakEvenEffect, .breakEven)
        try number(a.breakEvenEffectSD, .breakEvenSD)
        try c.encode(a.breakEvenMonths, forKey: .breakEvenMonths)
        try number(a.probabilityEffectExceedsBreakEven, .probability)
        try number(a.bootstrapProbability, .bootstrapProbability)
        if let n = a.bootstrapDrawCount { try c.encode(n, forKey: .bootstrapDraws) } else { try c.encodeNil(forKey: .bootstrapDraws) }
        let kinds = try a.costs.realCostByKind()
        try c.encode(kinds.map { Line(name: $0.kind.rawValue, cost: $0.cost) }, forKey: .costsByKind)
        let years = try a.costs.realCostByYear()
        try c.encode(years.map { Line(name: String($0.year), cost: $0.cost) }, forKey: .costsByYear)
        try c.encode(a.assumptions, forKey: .assumptions)
        try c.encode(a.sensitivity.rows, forKey: .sensitivity)
        try c.encode(BreakEvenAnalysis.caveat, forKey: .caveat)
    }
}

extension BreakEvenAnalysis {
    /// The analysis as pretty-printed JSON with sorted keys: `npv`, `bcr`, `cost_per_pupil`,
    /// `break_even_effect`, `break_even_effect_sd`, `probability_effect_exceeds_break_even`, the
    /// `assumptions` used with their sources, the `sensitivity` rows and more.
    public func json() throws -> String {
        try JSONOutput.encode(BreakEvenJSON(analysis: self))
    }
}
