import Foundation

/// A forest plot: one row per effect with its confidence interval, a vertical reference line.
///
/// Each row shows a point estimate (a filled square) and its interval (a
/// horizontal line from `lower` to `upper`, with end caps) on a common
/// horizontal axis. The dashed vertical line marks `reference` (by default 0,
/// "no effect"): an interval that crosses it is compatible with no effect, one
/// that lies wholly to one side is not. The estimate and interval are also
/// printed as numbers in a column on the right.
///
/// Rows that share a `group` (an outcome, an area, a phase) are gathered under
/// a bold heading; groups appear in the order in which they first occur, and
/// rows keep their given order within a group. Rows without a group are
/// listed under no heading, at the position of the first such row.
///
/// Rows with a non-finite estimate or bound are left out and counted in a
/// footnote; with nothing left to draw, the figure says "No data".
public struct ForestPlot: Sendable {
    /// One effect: a labelled estimate with its interval.
    public struct Row: Sendable {
        public var label: String
        public var estimate: Double
        public var lower: Double
        public var upper: Double
        public var group: String?

        public init(label: String, estimate: Double, lower: Double, upper: Double, group: String? = nil) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.group = group
        }

        /// Whether the estimate and both bounds are finite numbers.
        var isFinite: Bool { estimate.isFinite && lower.isFinite && upper.isFinite }
    }

    public var title: String
    public var xLabel: String
    public var rows: [Row]
    public var reference: Double

    public init(title: String, xLabel: String, rows: [Row], reference: Double = 0) {
        self.title = title
        self.xLabel = xLabel
        self.rows = rows
        self.reference = reference
    }

    /// The figure as a standalone SVG 1.1 document.
    public func svg() -> String {
        ForestPlotLayout(plot: self).render()
    }
}

/// Geometry and drawing for ``ForestPlot``.
private struct ForestPlotLayout {
    enum Line {
        case heading(String)
        case row(ForestPlot.Row)
    }

    let plot: ForestPlot
    let lines: [Line]
    let omitted: [ForestPlot.Row]
    /// Decimals in the numeric column, from the largest magnitude shown.
    let fractionDigits: Int

    // Fixed geometry, in pixels.
    let width: Double = 760
    let margin: Double = 16
    let titleHeight: Double = 40
    let headerHeight: Double = 22
    let rowHeight: Double = 22
    let axisHeight: Double = 54
    let footnoteLineHeight: Double = 16
    let fontSize: Double = 12
    let maxLabelCharacters = 48

    init(plot: ForestPlot) {
        self.plot = plot
        let kept = plot.rows.filter(\.isFinite)
        omitted = plot.rows.filter { !$0.isFinite }
        // Group in order of first appearance; stable within each group.
        var order: [String?] = []
        var members: [String?: [ForestPlot.Row]] = [:]
        for row in kept {
            if members[row.group] == nil { order.append(row.group) }
            members[row.group, default: []].append(row)
        }
        var lines: [Line] = []
        for key in order {
            if let heading = key { lines.append(.heading(heading)) }
            lines.append(contentsOf: members[key, default: []].map(Line.row))
        }
        self.lines = lines
        let largest = kept.map { max(abs($0.estimate), abs($0.lower), abs($0.upper)) }.max() ?? 0
        // Two decimals for values below 10 (one more per decade below 0.1),
        // one for tens, none from a hundred upwards.
        if largest > 0, largest.isFinite {
            let decade = Int(log10(largest).rounded(.down))
            fractionDigits = min(6, max(0, largest < 1 ? 1 - decade : 2 - decade))
        } else {
            fractionDigits = 2
        }
    }

    var footnotes: [String] {
        var notes: [String] = []
        if !omitted.isEmpty {
            let names = omitted.prefix(3).map { "\u{201C}\(SVGDocument.truncated($0.label, maxCharacters: 24))\u{201D}" }
            let more = omitted.count > 3 ? ", \u{2026}" : ""
            let noun = omitted.count == 1 ? "row" : "rows"
            notes.append("\(omitted.count) \(noun) omitted (non-finite estimate or interval): \(names.joined(separator: ", "))\(more)")
        }
        if !plot.reference.isFinite {
            notes.append("Reference line omitted: the reference value is not a finite number.")
        }
        return notes
    }

    func render() -> String {
        let notes = footnotes
        let footHeight = notes.isEmpty ? 0 : Double(notes.count) * footnoteLineHeight + 8
        let rowsOnly = lines.compactMap { line -> ForestPlot.Row? in
            if case .row(let r) = line { return r } else { return nil }
        }
        let summary = "Forest plot of \(rowsOnly.count) \(rowsOnly.count == 1 ? "estimate" : "estimates") with intervals"
            + (plot.reference.isFinite ? "; reference line at \(AxisScale.format(plot.reference, fractionDigits: 2))." : ".")

        guard !rowsOnly.isEmpty else {
            let height = titleHeight + 80 + footHeight + margin
            var doc = SVGDocument(width: width, height: height, title: plot.title, summary: "Forest plot with no data.")
            doc.text(plot.title, x: margin, y: margin + 14, size: 16, bold: true)
            doc.rect(x: margin, y: titleHeight, width: width - 2 * margin, height: 70, fill: "#f6f6f6", stroke: "#cccccc")
            doc.text("No data", x: width / 2, y: titleHeight + 40, size: 14, anchor: .middle, fill: "#555555")
            drawFootnotes(notes, into: &doc, top: titleHeight + 80)
            return doc.render()
        }

        // Columns: labels | plot | numbers.
        // Headings span the whole row; only row labels size the label column.
        let longest = rowsOnly.map {
            SVGDocument.estimatedWidth(of: SVGDocument.truncated($0.label, maxCharacters: maxLabelCharacters), size: fontSize)
                + ($0.group == nil ? 0 : 12)
        }.max() ?? 0
        let labelWidth = min(max(longest + 12, 120), 260)
        let numbersWidth = min(max(rowsOnly.map { SVGDocument.estimatedWidth(of: numbers($0), size: fontSize) }.max()! + 24,
                                   SVGDocument.estimatedWidth(of: "Estimate [interval]", size: fontSize) + 24), 260)
        let plotLeft = margin + labelWidth
        let plotRight = width - margin - numbersWidth
        let numbersX = width - margin

        // Horizontal scale covers every bound and the reference.
        var lo = rowsOnly.map { min($0.lower, $0.upper, $0.estimate) }.min()!
        var hi = rowsOnly.map { max($0.lower, $0.upper, $0.estimate) }.max()!
        if plot.reference.isFinite {
            lo = min(lo, plot.reference)
            hi = max(hi, plot.reference)
        }
        // About one tick per 70 pixels keeps tick labels apart.
        let tickCount = max(3, min(8, Int((plotRight - plotLeft) / 70)))
        let scale = AxisScale(minimum: lo, maximum: hi, targetTickCount: tickCount)
        let x = { (v: Double) in scale.position(of: v, from: plotLeft, to: plotRight) }

        let bodyTop = titleHeight + headerHeight
        let bodyHeight = Double(lines.count) * rowHeight
        let axisY = bodyTop + bodyHeight + 6
        let height = axisY + axisHeight + footHeight + margin

        var doc = SVGDocument(width: width, height: height, title: plot.title, summary: summary)
        doc.text(plot.title, x: margin, y: margin + 14, size: 16, bold: true)
        doc.text("Estimate [interval]", x: numbersX, y: bodyTop - 8, size: fontSize, anchor: .end, bold: true)

        // Alternate row shading, then grid lines, so that marks sit on top.
        for (i, line) in lines.enumerated() where i % 2 == 1 {
            if case .row = line {
                doc.rect(x: margin, y: bodyTop + Double(i) * rowHeight, width: width - 2 * margin, height: rowHeight, fill: "#f4f6f8")
            }
        }
        for tick in scale.ticks {
            doc.line(x1: x(tick), y1: bodyTop, x2: x(tick), y2: axisY, stroke: "#e3e3e3", strokeWidth: 1)
        }
        if plot.reference.isFinite {
            doc.line(x1: x(plot.reference), y1: bodyTop - 4, x2: x(plot.reference), y2: axisY,
                     stroke: "#555555", strokeWidth: 1, dash: "4 3")
        }

        for (i, line) in lines.enumerated() {
            let top = bodyTop + Double(i) * rowHeight
            let mid = top + rowHeight / 2
            let baseline = mid + fontSize * 0.35
            switch line {
            case .heading(let heading):
                doc.text(SVGDocument.truncated(heading, maxCharacters: maxLabelCharacters),
                         x: margin, y: baseline, size: fontSize, bold: true)
            case .row(let row):
                let indent: Double = row.group == nil ? 0 : 12
                let fits = max(8, Int((labelWidth - 8 - indent) / (fontSize * 0.56)))
                doc.text(SVGDocument.truncated(row.label, maxCharacters: min(maxLabelCharacters, fits)),
                         x: margin + indent, y: baseline, size: fontSize)
                let a = x(min(row.lower, row.upper)), b = x(max(row.lower, row.upper))
                doc.line(x1: a, y1: mid, x2: b, y2: mid, stroke: "#1f4e79", strokeWidth: 1.5)
                doc.line(x1: a, y1: mid - 4, x2: a, y2: mid + 4, stroke: "#1f4e79", strokeWidth: 1.5)
                doc.line(x1: b, y1: mid - 4, x2: b, y2: mid + 4, stroke: "#1f4e79", strokeWidth: 1.5)
                doc.rect(x: x(row.estimate) - 4, y: mid - 4, width: 8, height: 8, fill: "#1f4e79")
                doc.text(numbers(row), x: numbersX, y: baseline, size: fontSize, anchor: .end)
            }
        }

        // Axis.
        doc.line(x1: plotLeft, y1: axisY, x2: plotRight, y2: axisY, stroke: "#000000", strokeWidth: 1)
        for tick in scale.ticks {
            doc.line(x1: x(tick), y1: axisY, x2: x(tick), y2: axisY + 5, stroke: "#000000", strokeWidth: 1)
            doc.text(scale.label(tick), x: x(tick), y: axisY + 18, size: 11, anchor: .middle)
        }
        doc.text(plot.xLabel, x: (plotLeft + plotRight) / 2, y: axisY + 40, size: fontSize, anchor: .middle)

        drawFootnotes(notes, into: &doc, top: axisY + axisHeight)
        return doc.render()
    }

    /// "estimate [lower, upper]" as printed in the right-hand column.
    func numbers(_ row: ForestPlot.Row) -> String {
        let d = fractionDigits
        return AxisScale.format(row.estimate, fractionDigits: d)
            + " [" + AxisScale.format(row.lower, fractionDigits: d)
            + ", " + AxisScale.format(row.upper, fractionDigits: d) + "]"
    }

    func drawFootnotes(_ notes: [String], into doc: inout SVGDocument, top: Double) {
        for (i, note) in notes.enumerated() {
            doc.text(note, x: margin, y: top + 12 + Double(i) * footnoteLineHeight, size: 10, italic: true, fill: "#555555")
        }
    }
}
