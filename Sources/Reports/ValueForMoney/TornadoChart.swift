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
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15" font-weight="bold">\(Self.escape(title))</text>
        <text x="\(f(width / 2))" y="42" text-anchor="middle" fill="#444">Base NPV \(Self.escape(Format.money(table.baseNPV))); bars show NPV at each assumption's low and high value</text>

        """
        for (i, r) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let barY = y + 6, barH = rowHeight - 12
            out += "<text x=\"\(f(labelWidth))\" y=\"\(f(y + rowHeight / 2 + 4))\" text-anchor=\"end\">\(Self.escape(r.parameter.title))</text>\n"
            for (npv, colour, name, value) in [(r.npvAtLow, "#4C78A8", "low", r.low), (r.npvAtHigh, "#F58518", "high", r.high)] {
                let x0 = min(x(table.baseNPV), x(npv)), x1 = max(x(table.baseNPV), x(npv))
                out += "<rect x=\"\(f(x0))\" y=\"\(f(barY))\" width=\"\(f(max(x1 - x0, 0.5)))\" height=\"\(f(barH))\" fill=\"\(colour)\" fill-opacity=\"0.85\"><title>\(Self.escape(r.parameter.title)) \(name) = \(Self.escape(Format.number(value))): NPV \(Self.escape(Format.money(npv)))</title></rect>\n"
            }
        }
        let bottom = top + Double(max(rows.count, 1)) * rowHeight
        out += "<line x1=\"\(f(x(table.baseNPV)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(table.baseNPV)))\" y2=\"\(f(bottom + 4))\" stroke=\"black\" stroke-width=\"1.5\"/>\n"
        out += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(0)))\" y2=\"\(f(bottom + 4))\" stroke=\"#C00\" stroke-dasharray=\"4 3\"/>\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(bottom + 8))\" x2=\"\(f(right))\" y2=\"\(f(bottom + 8))\" stroke=\"#888\"/>\n"
        for v in [lo + pad, (lo + hi) / 2, hi - pad] {
            out += "<text x=\"\(f(x(v)))\" y=\"\(f(bottom + 24))\" text-anchor=\"middle\" fill=\"#444\">\(Self.escape(Format.money(v)))</text>\n"
        }
        out += "<text x=\"\(f(x(0)))\" y=\"\(f(bottom + 40))\" text-anchor=\"middle\" fill=\"#C00\">NPV = 0 (break-even)</text>\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(bottom + 50))\" width=\"12\" height=\"10\" fill=\"#4C78A8\"/><text x=\"\(f(left + 16))\" y=\"\(f(bottom + 59))\">low value</text>\n"
        out += "<rect x=\"\(f(left + 100))\" y=\"\(f(bottom + 50))\" width=\"12\" height=\"10\" fill=\"#F58518\"/><text x=\"\(f(left + 116))\" y=\"\(f(bottom + 59))\">high value</text>\n"
        out += "</svg>\n"
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension BreakEvenAnalysis {
    /// The sensitivity table as an SVG tornado chart.
    public func tornadoSVG() -> String {
        TornadoChart(table: sensitivity, title: "Sensitivity of NPV: \(effect.label ?? effect.outcome.title)").svg()
    }
}
