import Foundation
import ValueForMoney

/// A tornado chart of the sensitivity table as a self-contained SVG document.
///
/// Each row is one assumption: a bar from the base-case NPV to the NPV at the assumption's low
/// value (blue) and one to the NPV at its high value (orange); rows are sorted by swing, widest
/// on top. A solid line marks the base NPV and a dashed line NPV = 0 (break-even).
public struct TornadoChart: Sendable {
    public var table: SensitivityTable
    public var title: String
    public var width: Double = 760
    public var rowHeight: Double = 30

    public init(table: SensitivityTable, title: String = "Sensitivity of net present value") {
        self.table = table
        self.title = title
    }

    public func svg() -> String {
        let labelWidth = 230.0, left = labelWidth + 20, right = width - 30
        let top = 56.0, rows = table.rows
        let height = top + Double(max(rows.count, 1)) * rowHeight + 70
        var values = [table.baseNPV, 0]
        for r in rows { values += [r.npvAtLow, r.npvAtHigh] }
        values = values.filter(\.isFinite)
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if hi - lo < 1e-9 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.05
        lo -= pad; hi += pad
        func x(_ v: Double) -> Double {
            guard v.isFinite else { return left }
            return left + (v - lo) / (hi - lo) * (right - left)
        }

        let subtitle = "Base NPV \(Format.money(table.baseNPV)); bars show NPV at each assumption's low and high value"
        var doc = SVGDocument(width: width, height: height, title: title, summary: subtitle)
        doc.text(title, x: width / 2, y: 24, size: 15, anchor: .middle, bold: true)
        doc.text(subtitle, x: width / 2, y: 42, anchor: .middle, fill: "#444")
        for (i, r) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let barY = y + 6, barH = rowHeight - 12
            doc.text(r.parameter.title, x: labelWidth, y: y + rowHeight / 2 + 4, anchor: .end)
            for (npv, colour, name, value) in [(r.npvAtLow, "#4C78A8", "low", r.low), (r.npvAtHigh, "#F58518", "high", r.high)] {
                let x0 = min(x(table.baseNPV), x(npv)), x1 = max(x(table.baseNPV), x(npv))
                doc.rect(x: x0, y: barY, width: max(x1 - x0, 0.5), height: barH, fill: colour, opacity: 0.85,
                         tooltip: "\(r.parameter.title) \(name) = \(Format.number(value)): NPV \(Format.money(npv))")
            }
        }
        let bottom = top + Double(max(rows.count, 1)) * rowHeight
        doc.line(x1: x(table.baseNPV), y1: top - 4, x2: x(table.baseNPV), y2: bottom + 4, stroke: "black", strokeWidth: 1.5)
        doc.line(x1: x(0), y1: top - 4, x2: x(0), y2: bottom + 4, stroke: "#C00", dash: "4 3")
        doc.line(x1: left, y1: bottom + 8, x2: right, y2: bottom + 8, stroke: "#888")
        for v in [lo + pad, (lo + hi) / 2, hi - pad] {
            doc.text(Format.money(v), x: x(v), y: bottom + 24, anchor: .middle, fill: "#444")
        }
        doc.text("NPV = 0 (break-even)", x: x(0), y: bottom + 40, anchor: .middle, fill: "#C00")
        doc.rect(x: left, y: bottom + 50, width: 12, height: 10, fill: "#4C78A8")
        doc.text("low value", x: left + 16, y: bottom + 59)
        doc.rect(x: left + 100, y: bottom + 50, width: 12, height: 10, fill: "#F58518")
        doc.text("high value", x: left + 116, y: bottom + 59)
        return doc.render()
    }
}

extension BreakEvenAnalysis {
    /// The sensitivity table as an SVG tornado chart.
    public func tornadoSVG() -> String {
        TornadoChart(table: sensitivity, title: "Sensitivity of NPV: \(effect.label ?? effect.outcome.title)").svg()
    }
}
