import Foundation

/// An event-study plot: estimates with confidence intervals against event time (years from the
/// start of support), one panel per outcome, each with its own vertical axis.
///
/// Each point is a vertical interval from `lower` to `upper` with a filled circle at the
/// estimate, at its position along the horizontal axis in the order given. The reference
/// year (estimate 0 by construction) is drawn as an open marker on the zero line and labelled
/// "ref."; a dashed vertical line separates the years before support from the years of
/// support, and a second one the years of support from the years after it ended, when the
/// panel has them. A point with a non-finite estimate or bound (an event year without data, or
/// a coefficient the fit dropped) keeps its place on the axis, marked "not estimated", and is
/// counted in a footnote; a panel with nothing to draw says "No data".
public struct EventStudyPlot: Sendable {
    /// One event year.
    public struct Point: Sendable {
        /// The axis label, e.g. "−2", "0", "2+", "end+1".
        public var label: String
        public var estimate: Double
        public var lower: Double
        public var upper: Double
        /// The reference year: drawn at 0 without an interval.
        public var isReference: Bool
        /// Where the point lies: before support (`lead`), during (`lag`) or after the end (`ended`).
        public var phase: String

        public init(label: String, estimate: Double, lower: Double, upper: Double, isReference: Bool = false, phase: String) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.isReference = isReference
            self.phase = phase
        }

        var isFinite: Bool { isReference || (estimate.isFinite && lower.isFinite && upper.isFinite) }
    }

    /// One outcome.
    public struct Panel: Sendable {
        public var title: String
        public var yLabel: String
        public var points: [Point]
        /// A line under the panel, e.g. the leads test.
        public var note: String?

        public init(title: String, yLabel: String, points: [Point], note: String? = nil) {
            self.title = title
            self.yLabel = yLabel
            self.points = points
            self.note = note
        }
    }

    public var title: String
    public var xLabel: String
    public var panels: [Panel]

    public init(title: String, xLabel: String, panels: [Panel]) {
        self.title = title
        self.xLabel = xLabel
        self.panels = panels
    }

    let width: Double = 760
    let margin: Double = 16
    let titleHeight: Double = 40
    let panelHeight: Double = 250
    let plotLeft: Double = 90

    /// The figure as a standalone SVG 1.1 document.
    public func svg() -> String {
        let omitted = panels.reduce(0) { $0 + $1.points.filter { !$0.isFinite }.count }
        let footHeight: Double = omitted > 0 ? 24 : 0
        let height = titleHeight + Double(max(panels.count, 1)) * panelHeight + footHeight + margin
        let count = panels.reduce(0) { $0 + $1.points.filter { !$0.isReference }.count }
        var doc = SVGDocument(width: width, height: height, title: title,
                              summary: "Event-study plot of \(count) estimates with intervals in \(panels.count) panel\(panels.count == 1 ? "" : "s"); the reference year is marked.")
        doc.text(title, x: margin, y: margin + 14, size: 16, bold: true)
        if panels.isEmpty {
            doc.rect(x: margin, y: titleHeight, width: width - 2 * margin, height: 70, fill: "#f6f6f6", stroke: "#cccccc")
            doc.text("No data", x: width / 2, y: titleHeight + 40, size: 14, anchor: .middle, fill: "#555555")
        }
        for (i, panel) in panels.enumerated() {
            draw(panel, top: titleHeight + Double(i) * panelHeight, into: &doc)
        }
        if omitted > 0 {
            doc.text("\(omitted) point\(omitted == 1 ? "" : "s") not estimated (no school-years in that event year, or the coefficient was dropped)",
                     x: margin, y: height - margin - 6, size: 10, italic: true, fill: "#555555")
        }
        return doc.render()
    }

    private func draw(_ panel: Panel, top: Double, into doc: inout SVGDocument) {
        let plotTop = top + 28, plotBottom = top + panelHeight - 70
        let plotRight = width - margin - 10
        doc.text(SVGDocument.truncated(panel.title, maxCharacters: 90), x: margin, y: top + 16, size: 13, bold: true)
        let points = panel.points
        guard points.contains(where: { $0.isFinite && !$0.isReference }) else {
            doc.rect(x: plotLeft, y: plotTop, width: plotRight - plotLeft, height: plotBottom - plotTop, fill: "#f6f6f6", stroke: "#cccccc")
            doc.text("No data", x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2, size: 14, anchor: .middle, fill: "#555555")
            return
        }
        var values: [Double] = [0]
        for point in points where !point.isReference && point.isFinite { values += [point.lower, point.upper, point.estimate] }
        let scale = AxisScale(minimum: values.min() ?? 0, maximum: values.max() ?? 0, targetTickCount: 5)
        let y = { (v: Double) in plotBottom - (scale.position(of: v, from: 0, to: plotBottom - plotTop)) }
        let step = (plotRight - plotLeft) / Double(points.count)
        let x = { (i: Int) in plotLeft + step * (Double(i) + 0.5) }

        for tick in scale.ticks {
            doc.line(x1: plotLeft, y1: y(tick), x2: plotRight, y2: y(tick), stroke: "#e3e3e3")
            doc.text(scale.label(tick), x: plotLeft - 6, y: y(tick) + 4, size: 11, anchor: .end)
        }
        doc.line(x1: plotLeft, y1: y(0), x2: plotRight, y2: y(0), stroke: "#555555", strokeWidth: 1)
        doc.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: "#000000")
        doc.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: "#000000")
        // Dashed separators where the phase changes (support starts; support has ended).
        for i in points.indices.dropFirst() where points[i].phase != points[i - 1].phase {
            let at = (x(i) + x(i - 1)) / 2
            doc.line(x1: at, y1: plotTop, x2: at, y2: plotBottom, stroke: "#888888", dash: "4 3")
            let what = points[i].phase == "ended" ? "support ended" : "support starts"
            doc.text(what, x: at + 4, y: plotTop + 10, size: 10, italic: true, fill: "#555555")
        }
        for (i, point) in points.enumerated() {
            if !point.isFinite {
                doc.text("not", x: x(i), y: y(0) - 14, size: 10, anchor: .middle, italic: true, fill: "#555555")
                doc.text("estimated", x: x(i), y: y(0) - 3, size: 10, anchor: .middle, italic: true, fill: "#555555")
            } else if point.isReference {
                doc.circle(cx: x(i), cy: y(0), r: 5, fill: "#ffffff")
                doc.path(circlePath(cx: x(i), cy: y(0), r: 5), stroke: "#1f4e79", strokeWidth: 1.5)
                doc.text("ref.", x: x(i), y: y(0) - 9, size: 10, anchor: .middle, fill: "#555555")
            } else {
                let a = y(min(point.lower, point.upper)), b = y(max(point.lower, point.upper))
                doc.line(x1: x(i), y1: a, x2: x(i), y2: b, stroke: "#1f4e79", strokeWidth: 1.5)
                doc.line(x1: x(i) - 4, y1: a, x2: x(i) + 4, y2: a, stroke: "#1f4e79", strokeWidth: 1.5)
                doc.line(x1: x(i) - 4, y1: b, x2: x(i) + 4, y2: b, stroke: "#1f4e79", strokeWidth: 1.5)
                doc.circle(cx: x(i), cy: y(point.estimate), r: 4, fill: "#1f4e79")
            }
            doc.text(point.label, x: x(i), y: plotBottom + 16, size: 11, anchor: .middle)
        }
        doc.text(xLabel, x: (plotLeft + plotRight) / 2, y: plotBottom + 36, size: 12, anchor: .middle)
        doc.text(SVGDocument.truncated(panel.yLabel, maxCharacters: 40), x: margin + 10, y: (plotTop + plotBottom) / 2,
                 size: 11, anchor: .middle, rotate: -90)
        if let note = panel.note {
            doc.text(SVGDocument.truncated(note, maxCharacters: 110), x: plotLeft, y: plotBottom + 54, size: 10, italic: true, fill: "#555555")
        }
    }

    /// A circle outline as a path (two arcs are not in `PathData`, so a 24-sided polygon).
    private func circlePath(cx: Double, cy: Double, r: Double) -> PathData {
        var path = PathData()
        for k in 0...24 {
            let angle = Double(k) / 24 * 2 * Double.pi
            let px = cx + r * cos(angle), py = cy + r * sin(angle)
            if k == 0 { path.move(px, py) } else { path.line(px, py) }
        }
        return path
    }
}
