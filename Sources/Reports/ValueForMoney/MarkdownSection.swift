import Foundation
import ValueForMoney

extension BreakEvenAnalysis {
    /// The value-for-money section of the evaluation's Markdown report (`reportBlocks`).
    /// Throws when the costs cannot be broken down by kind (for instance a cost line priced in
    /// a year the deflator does not cover).
    public func markdownSection() throws -> String {
        var md = ReportDocument.markdown(blocks: try reportBlocks())
        if md.hasSuffix("\n\n") { md.removeLast() }
        return md
    }

    /// The value-for-money section as report blocks: the headline figures, the break-even
    /// effect in outcome units, SD units and EEF months, the probability that the true effect
    /// exceeds it, the costs, the sensitivity table and every assumption with its source.
    public func reportBlocks() throws -> [ReportDocument.Block] {
        let o = effect.outcome
        let name = effect.label.map { "\($0): \(o.title)" } ?? o.title
        var headline = "Present value of costs \(Format.money(presentValueCosts)) for \(Format.number(pupils)) pupils "
        headline += "(\(Format.money(costPerPupil)) per pupil"
        if let perSchool = costPerSchool { headline += ", \(Format.money(perSchool)) per school" }
        headline += "). At the estimated effect of \(Format.number(effect.estimate)) \(o.unit)"
        headline += " (\(Format.fixed(effectSD, 3)) SD, \(effectMonths) \(abs(effectMonths) == 1 ? "month's" : "months'") progress), "
        headline += "monetised benefits are \(Format.money(presentValueBenefits)): "
        headline += "net present value \(Format.money(npv)), benefit-cost ratio \(Format.fixed(bcr, 2))."
        var blocks: [ReportDocument.Block] = [
            .heading(level: 2, text: [.text("Value for money")], anchor: "value-for-money"),
            .paragraph([.strong([.text("\(name).")]), .text(" " + headline)]),
        ]
        var measures: [(String, String)] = [
            ("Present value of costs", Format.money(presentValueCosts)),
            ("Present value of benefits", Format.money(presentValueBenefits)),
            ("Net present value", Format.money(npv)),
            ("Benefit-cost ratio", Format.fixed(bcr, 2)),
            ("Cost per pupil", Format.money(costPerPupil)),
            ("Break-even effect (\(o.unit))", Format.number(breakEvenEffect)),
            ("Break-even effect (SD units)", Format.fixed(breakEvenEffectSD, 4)),
            ("Break-even effect (EEF months)", "\(breakEvenMonths)"),
        ]
        if let p = probabilityEffectExceedsBreakEven {
            measures.append(("P(true effect beyond break-even), normal approximation", Format.fixed(p, 3)))
        }
        if let p = bootstrapProbability, let n = bootstrapDrawCount {
            measures.append(("P(true effect beyond break-even), parametric bootstrap (\(n) draws)", Format.fixed(p, 3)))
        }
        blocks.append(Self.table(["Measure", "Value"], measures.map { [$0.0, $0.1] }))
        let direction = o.direction < 0 ? "a reduction of at least" : "at least"
        var pays = "The support pays for itself if the true effect is \(direction) \(Format.number(abs(breakEvenEffect))) \(o.unit)"
        if let p = probabilityEffectExceedsBreakEven {
            pays += "; given the estimate and its standard error, the probability of that is \(Format.fixed(p, 3))"
        }
        blocks.append(.paragraph([.text(pays + ".")]))

        let kinds = try costs.realCostByKind()
        if !kinds.isEmpty {
            blocks.append(.heading(level: 3, text: [.text("Costs (undiscounted, price-base prices)")], anchor: "value-for-money-costs"))
            blocks.append(Self.table(["Item", "Cost"], kinds.map { [$0.kind.title, Format.money($0.cost)] }))
        }
        blocks.append(.heading(level: 3, text: [.text("Sensitivity")], anchor: "value-for-money-sensitivity"))
        blocks.append(.paragraph([.text("Each assumption varied over its documented range, the others at their base values (largest swing in NPV first).")]))
        blocks.append(Self.table(
            ["Assumption", "Low", "High", "NPV at low", "NPV at high", "Break-even at low", "Break-even at high", "Source"],
            sensitivity.rows.map { r in
                [r.parameter.title, Format.number(r.low), Format.number(r.high), Format.money(r.npvAtLow), Format.money(r.npvAtHigh),
                 Format.number(r.breakEvenAtLow), Format.number(r.breakEvenAtHigh), r.source]
            }))
        blocks.append(.heading(level: 3, text: [.text("Assumptions")], anchor: "value-for-money-assumptions"))
        blocks.append(Self.table(["Assumption", "Value", "Unit", "Source"],
                                 assumptions.map { [$0.key, $0.value.display, $0.unit ?? "", $0.source] }))
        blocks.append(.paragraph([.emphasis([.text(Self.caveat)])]))
        return blocks
    }

    /// A table of plain-text cells, every column left-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> ReportDocument.Block {
        .table(header: header.map { [.text($0)] }, alignments: header.map { _ in .left },
               rows: rows.map { $0.map { [.text($0)] } })
    }
}
