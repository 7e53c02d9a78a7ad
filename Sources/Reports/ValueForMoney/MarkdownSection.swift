import Foundation
import ValueForMoney

extension BreakEvenAnalysis {
    /// The value-for-money section of the evaluation's Markdown report: the headline figures,
    /// the break-even effect in outcome units, SD units and EEF months, the probability that the
    /// true effect exceeds it, the costs, the sensitivity table and every assumption with its
    /// source. Throws when the costs cannot be broken down by kind (for instance a cost line
    /// priced in a year the deflator does not cover).
    public func markdownSection() throws -> String {
        let o = effect.outcome
        let name = effect.label.map { "\($0): \(o.title)" } ?? o.title
        var md = "## Value for money\n\n"
        md += "**\(name).** "
        md += "Present value of costs \(Format.money(presentValueCosts)) for \(Format.number(pupils)) pupils "
        md += "(\(Format.money(costPerPupil)) per pupil"
        if let perSchool = costPerSchool { md += ", \(Format.money(perSchool)) per school" }
        md += "). At the estimated effect of \(Format.number(effect.estimate)) \(o.unit)"
        md += " (\(Format.fixed(effectSD, 3)) SD, \(effectMonths) \(abs(effectMonths) == 1 ? "month's" : "months'") progress), "
        md += "monetised benefits are \(Format.money(presentValueBenefits)): "
        md += "net present value \(Format.money(npv)), benefit-cost ratio \(Format.fixed(bcr, 2)).\n\n"
        md += "| Measure | Value |\n|---|---|\n"
        md += "| Present value of costs | \(Format.money(presentValueCosts)) |\n"
        md += "| Present value of benefits | \(Format.money(presentValueBenefits)) |\n"
        md += "| Net present value | \(Format.money(npv)) |\n"
        md += "| Benefit-cost ratio | \(Format.fixed(bcr, 2)) |\n"
        md += "| Cost per pupil | \(Format.money(costPerPupil)) |\n"
        md += "| Break-even effect (\(o.unit)) | \(Format.number(breakEvenEffect)) |\n"
        md += "| Break-even effect (SD units) | \(Format.fixed(breakEvenEffectSD, 4)) |\n"
        md += "| Break-even effect (EEF months) | \(breakEvenMonths) |\n"
        if let p = probabilityEffectExceedsBreakEven {
            md += "| P(true effect beyond break-even), normal approximation | \(Format.fixed(p, 3)) |\n"
        }
        if let p = bootstrapProbability, let n = bootstrapDrawCount {
            md += "| P(true effect beyond break-even), parametric bootstrap (\(n) draws) | \(Format.fixed(p, 3)) |\n"
        }
        md += "\n"
        let direction = o.direction < 0 ? "a reduction of at least" : "at least"
        md += "The support pays for itself if the true effect is \(direction) \(Format.number(abs(breakEvenEffect))) \(o.unit)"
        if let p = probabilityEffectExceedsBreakEven {
            md += "; given the estimate and its standard error, the probability of that is \(Format.fixed(p, 3))"
        }
        md += ".\n\n"

        let kinds = try costs.realCostByKind()
        if !kinds.isEmpty {
            md += "### Costs (undiscounted, price-base prices)\n\n| Item | Cost |\n|---|---|\n"
            for k in kinds { md += "| \(k.kind.title) | \(Format.money(k.cost)) |\n" }
            md += "\n"
        }

        md += "### Sensitivity\n\n"
        md += "Each assumption varied over its documented range, the others at their base values (largest swing in NPV first).\n\n"
        md += "| Assumption | Low | High | NPV at low | NPV at high | Break-even at low | Break-even at high | Source |\n"
        md += "|---|---|---|---|---|---|---|---|\n"
        for r in sensitivity.rows {
            md += "| \(r.parameter.title) | \(Format.number(r.low)) | \(Format.number(r.high)) | \(Format.money(r.npvAtLow)) | \(Format.money(r.npvAtHigh)) | \(Format.number(r.breakEvenAtLow)) | \(Format.number(r.breakEvenAtHigh)) | \(Self.cell(r.source)) |\n"
        }
        md += "\n### Assumptions\n\n| Assumption | Value | Unit | Source |\n|---|---|---|---|\n"
        for a in assumptions {
            md += "| \(a.key) | \(Self.cell(a.value.display)) | \(Self.cell(a.unit ?? "")) | \(Self.cell(a.source)) |\n"
        }
        md += "\n*\(Self.caveat)*\n"
        return md
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
