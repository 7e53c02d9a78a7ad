import Foundation

/// A caterpillar plot: group-level effects (e.g. school conditional modes) sorted by estimate, with intervals.
///
/// Each group (a school, an area) is one vertical interval from `lower` to
/// `upper` with a mark at its estimate; groups are sorted by estimate from
/// left (lowest) to right (highest), ties broken by label, so the marks form
/// a rising curve. The horizontal solid line is zero: groups whose interval
/// lies wholly above or below it differ from the average group. A long flat
/// middle with wide intervals crossing zero is the usual picture: most
/// groups cannot be told apart from the average.
///
/// With few groups each one is labelled under the axis. With many (thousands
/// of schools) the figure stays compact: no per-group labels, the horizontal
/// axis shows rank (1 = lowest estimate), intervals are hairlines drawn as a
/// single path and the estimates as a single polyline.
///
/// Points with a non-finite estimate or bound are left out and counted in a
/// footnote; with nothing left to draw, the figure says "No data".
public struct CaterpillarPlot: Sendable {
    /// One group-level effect with its interval.
    public struct Point: Sendable {
        public var label: String
        public var estimate: Double
        public var lower: Double
        public var upper: Double

        public init(label: String, estimate: Double, lower: Double, upper: Double) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
        }

        /// Whether the estimate and both bounds are finite numbers.
        var isFinite: Bool { estimate.isFinite && lower.isFinite && upper.isFinite }
    }

    public var title: String
    public var yLabel: String
    public var points: [Point]

    /// At most this many points are labelled individually; beyond it the
    /// horizontal axis shows rank instead.
    public static let maximumLabelledPoints = 40

    public init(title: String, yLabel: String, points: [Point]) {
        self.title = title
        self.yLabel = yLabel
        self.points = points
    }

    /// The finite points in plotting order: by estimate, then by label.
    public var sortedPoints: [Point] {
        points.filter(\.isFinite).sorted {
            $0.estimate != $1.estimate ? $0.estimate < $1.estimate : $0.label < $1.label
        }
    }

    /// The figure as a standalone SVG 1.1 document.
    public func svg() -> String {
        CaterpillarPlotLayout(plot: self).render()
    }
}

/// Geometry and drawing for ``CaterpillarPlot``.
private struct CaterpillarPlotLayout {
    let plot: CaterpillarPlot
    let points: [CaterpillarPlot.Point]
    let omittedCount: Int

    let width: Double = 760
    let margin: Double = 16
    let titleHeight: Double = 40
    let plotHeight: Double = 340
    let leftGutter: Double = 72
    let fontSize: Double = 12
    let footnoteLineHeight: Double = 16

    init(plot: CaterpillarPlot) {
        self.plot = plot
        points = plot.sortedPoints
        omittedCount = plot.points.count - points.count
    }

    var labelled: Bool { points.count <= CaterpillarPlot.maximumLabelledPoints }

    var footnotes: [String] {
        var notes: [String] = []
        if !points.isEmpty {
            let n = points.count
            notes.append("\(Self.grouped(n)) \(n == 1 ? "group" : "groups"), sorted by estimate; vertical lines are intervals.")
        }
        if omittedCount > 0 {
            let noun = omittedCount == 1 ? "group" : "groups"
            notes.append("\(Self.grouped(omittedCount)) \(noun) omitted (non-finite estimate or interval).")
        }
        return notes
    }

    func render() -> String {
        let notes = footnotes
        let footHeight = notes.isEmpty ? 0 : Double(notes.count) * footnoteLineHeight + 8

        guard !points.isEmpty else {
            let height = titleHeight + 80 + footHeight + margin
            var doc = SVGDocument(width: width, height: height, title: plot.title, summary: "Caterpillar plot with no data.")
            doc.text(plot.title, x: margin, y: margin + 14, size: 16, bold: true)
            doc.rect(x: margin, y: titleHeight, width: width - 2 * margin, height: 70, fill: "#f6f6f6", stroke: "#cccccc")
            doc.text("No data", x: width / 2, y: titleHeight + 40, size: 14, anchor: .middle, fill: "#555555")
            drawFootnotes(notes, into: &doc, top: titleHeight + 80)
            return doc.render()
        }

        let n = points.count
        let plotLeft = margin + leftGutter
        let plotRight = width - margin
        let plotTop = titleHeight + 8
        let plotBottom = plotTop + plotHeight

        // Bottom band: rotated labels, or rank ticks and an axis title.
        let longestLabel = points.map { SVGDocument.truncated($0.label, maxCharacters: 24).count }.max() ?? 0
        let labelBand = labelled
            ? min(Double(longestLabel) * fontSize * 0.56 * 0.8 + 18, 150)
            : 44
        let footTop = plotBottom + labelBand + 8
        let height = footTop + footHeight + margin

        let lo = min(points.map { min($0.lower, $0.upper, $0.estimate) }.min()!, 0)
        let hi = max(points.map { max($0.lower, $0.upper, $0.estimate) }.max()!, 0)
        let scale = AxisScale(minimum: lo, maximum: hi, targetTickCount: 6)
        let y = { (v: Double) in scale.position(of: v, from: plotBottom, to: plotTop) }
        let slot = (plotRight - plotLeft) / Double(n)
        let x = { (rank: Int) in plotLeft + (Double(rank) + 0.5) * slot }  // rank is 0-based

        let summary = "Caterpillar plot of \(n) group-level estimates sorted from lowest to highest, with intervals and a zero line."
        var doc = SVGDocument(width: width, height: height, title: plot.title, summary: summary)
        doc.text(plot.title, x: margin, y: margin + 14, size: 16, bold: true)

        // Horizontal grid and value axis.
        for tick in scale.ticks {
            doc.line(x1: plotLeft, y1: y(tick), x2: plotRight, y2: y(tick), stroke: "#e3e3e3", strokeWidth: 1)
            doc.line(x1: plotLeft - 5, y1: y(tick), x2: plotLeft, y2: y(tick), stroke: "#000000", strokeWidth: 1)
            doc.text(scale.label(tick), x: plotLeft - 8, y: y(tick) + 4, size: 11, anchor: .end)
        }
        doc.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: "#000000", strokeWidth: 1)
        doc.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: "#000000", strokeWidth: 1)
        let yTitleX = margin + 10
        doc.text(plot.yLabel, x: yTitleX, y: (plotTop + plotBottom) / 2, size: fontSize, anchor: .middle, rotate: -90)

        // Zero line.
        doc.line(x1: plotLeft, y1: y(0), x2: plotRight, y2: y(0), stroke: "#555555", strokeWidth: 1)

        // Intervals: one path of vertical strokes, thinner as the slots narrow.
        var intervals = PathData()
        for (rank, p) in points.enumerated() {
            intervals.move(x(rank), y(min(p.lower, p.upper)))
            intervals.vertical(to: y(max(p.lower, p.upper)))
        }
        let strokeWidth = min(1.5, max(0.3, slot * 0.5))
        doc.path(intervals, stroke: "#8fb3d9", strokeWidth: strokeWidth)

        // Estimates: dots when few, one polyline through the sorted marks when many.
        if labelled {
            let r = min(3.5, max(1.5, slot * 0.25))
            for (rank, p) in points.enumerated() {
                doc.circle(cx: x(rank), cy: y(p.estimate), r: r, fill: "#1f4e79")
            }
        } else {
            var curve = PathData()
            for (rank, p) in points.enumerated() {
                if rank == 0 { curve.move(x(rank), y(p.estimate)) } else { curve.line(x(rank), y(p.estimate)) }
            }
            doc.path(curve, stroke: "#1f4e79", strokeWidth: 1.5)
        }

        // Horizontal axis: labels or ranks.
        if labelled {
            for (rank, p) in points.enumerated() {
                doc.text(SVGDocument.truncated(p.label, maxCharacters: 24), x: x(rank) + 3, y: plotBottom + 10,
                         size: 10, anchor: .end, rotate: -50)
            }
        } else {
            let ranks = AxisScale(minimum: 1, maximum: Double(n), targetTickCount: 6)
            for tick in ranks.ticks where tick >= 1 && tick <= Double(n) {
                let rank = Int(tick.rounded()) - 1
                doc.line(x1: x(rank), y1: plotBottom, x2: x(rank), y2: plotBottom + 5, stroke: "#000000", strokeWidth: 1)
                doc.text(Self.grouped(rank + 1), x: x(rank), y: plotBottom + 18, size: 11, anchor: .middle)
            }
            doc.text("Rank (1 = lowest estimate)", x: (plotLeft + plotRight) / 2, y: plotBottom + 38,
                     size: fontSize, anchor: .middle)
        }

        drawFootnotes(notes, into: &doc, top: footTop)
        return doc.render()
    }

    func drawFootnotes(_ notes: [String], into doc: inout SVGDocument, top: Double) {
        for (i, note) in notes.enumerated() {
            doc.text(note, x: margin, y: top + 12 + Double(i) * footnoteLineHeight, size: 10, italic: true, fill: "#555555")
        }
    }

    /// An integer with thousands separators ("3,200"), independent of locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }
}
