import Education
import Foundation

/// An SVG chart of supported schools' trajectories before and after support starts.
///
/// One line per school of a group (percentage meeting the measure by academic year): grey
/// over the years before support, blue from the last year before support onwards, with a dot
/// at the first year of support. The national pupil-weighted percentage is the thick black
/// line and the floor target the dashed red line. Years with no result or a zero cohort are
/// gaps. With no school drawable the chart says "No data".
public struct TrajectoryChart: Sendable {
    public var results: TrendsResults
    /// The group drawn (by name); nil for the first group.
    public var group: String?
    /// At most this many schools are drawn (in URN order); the rest are counted in a footnote.
    public var maximumSchools: Int

    public init(results: TrendsResults, group: String? = nil, maximumSchools: Int = 250) {
        self.results = results
        self.group = group
        self.maximumSchools = maximumSchools
    }

    // Geometry, in pixels.
    private let width = 760.0, height = 480.0
    private let left = 64.0, right = 24.0, top = 78.0, bottom = 70.0

    public func svg() -> String {
        let chosen = group.flatMap { name in results.groups.first { $0.name == name } } ?? results.groups.first
        let trajectories = Array((chosen?.trajectories ?? []).filter { !$0.points.isEmpty }.prefix(max(0, maximumSchools)))
        let omitted = (chosen?.trajectories.filter { !$0.points.isEmpty }.count ?? 0) - trajectories.count
        let title = "School trajectories before and after support" + (chosen.map { ": \($0.name)" } ?? "")
        var svg = SVGDocument(width: width, height: height, title: title,
                              summary: results.measure.label + ". " + results.caveat)
        svg.text(title, x: left, y: 24, size: 15, bold: true)
        svg.text(results.measure.label, x: left, y: 42, size: 12, fill: "#444444")

        let national = results.national.filter { $0.method == .pupilWeighted }.compactMap { figure in
            figure.value.map { (year: Double(figure.year.endYear), value: $0) }
        }
        let schoolPoints = trajectories.flatMap { $0.points.map { (Double($0.year.endYear), $0.percentage) } }
        let xs = schoolPoints.map(\.0) + national.map(\.year)
        let ys = schoolPoints.map(\.1) + national.map(\.value) + [results.floor.percentage]
        guard !trajectories.isEmpty, let minX = xs.min(), let maxX = xs.max() else {
            svg.text("No data", x: width / 2, y: height / 2, size: 16, anchor: .middle, fill: "#666666")
            return svg.render()
        }
        let plotLeft = left, plotRight = width - right, plotTop = top, plotBottom = height - bottom
        let yScale = AxisScale(minimum: max(0, (ys.min() ?? 0) - 2), maximum: min(100, (ys.max() ?? 100) + 2), targetTickCount: 6)
        // One year is widened by a year either side (by a representable step for years so
        // large that adding 1 changes nothing).
        let pad = max(1, minX.ulp, maxX.ulp)
        let xLow = minX == maxX ? minX - pad : minX, xHigh = minX == maxX ? maxX + pad : maxX
        func x(_ year: Double) -> Double { plotLeft + (year - xLow) / (xHigh - xLow) * (plotRight - plotLeft) }
        func y(_ value: Double) -> Double { yScale.position(of: value, from: plotBottom, to: plotTop) }

        // Axes and grid.
        for tick in yScale.ticks {
            svg.line(x1: plotLeft, y1: y(tick), x2: plotRight, y2: y(tick), stroke: "#e5e5e5")
            svg.text(yScale.label(tick), x: plotLeft - 6, y: y(tick) + 4, size: 11, anchor: .end)
        }
        // At most 13 year ticks, stepped in Double so that no year (however far from the
        // 1981-2099 range a caller's results hold) is converted back to an Int.
        let yearStep = max(1, ((xHigh - xLow) / 12).rounded(.up))
        var tick = xLow
        for _ in 0..<13 where tick <= xHigh {
            svg.line(x1: x(tick), y1: plotBottom, x2: x(tick), y2: plotBottom + 4)
            svg.text(Self.yearLabel(tick), x: x(tick), y: plotBottom + 18, size: 11, anchor: .middle)
            tick += yearStep
        }
        svg.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom)
        svg.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom)
        svg.text("Academic year (summer of)", x: (plotLeft + plotRight) / 2, y: plotBottom + 38, size: 12, anchor: .middle)
        svg.text("% meeting the measure", x: 16, y: (plotTop + plotBottom) / 2, size: 12, anchor: .middle, rotate: -90)

        // Floor target.
        if results.floor.percentage >= yScale.lower, results.floor.percentage <= yScale.upper {
            svg.line(x1: plotLeft, y1: y(results.floor.percentage), x2: plotRight, y2: y(results.floor.percentage),
                     stroke: "#c0392b", strokeWidth: 1.5, dash: "6 4")
        }

        // Schools: consecutive years joined; gaps where a year is missing.
        for trajectory in trajectories {
            svg.comment("school \(trajectory.school), support from \(trajectory.startYear)")
            var before = PathData(), after = PathData()
            var previous: SchoolTrajectory.Point?
            for point in trajectory.points {
                let px = x(Double(point.year.endYear)), py = y(point.percentage)
                // Consecutive years, without the subtraction that overflows for extreme years.
                let joined = previous.map { $0.year.endYear < point.year.endYear && point.year.endYear - 1 == $0.year.endYear } ?? false
                if point.year < trajectory.startYear {
                    if joined, let previous { before.move(x(Double(previous.year.endYear)), y(previous.percentage)); before.line(px, py) }
                } else if joined, let previous {
                    after.move(x(Double(previous.year.endYear)), y(previous.percentage))
                    after.line(px, py)
                }
                previous = point
            }
            svg.path(before, stroke: "#9e9e9e", strokeWidth: 1)
            svg.path(after, stroke: "#1f77b4", strokeWidth: 1.2)
            if let first = trajectory.points.first(where: { $0.year >= trajectory.startYear }) {
                svg.circle(cx: x(Double(first.year.endYear)), cy: y(first.percentage), r: 2.5, fill: "#1f77b4")
            }
        }

        // National line.
        var nationalPath = PathData()
        for (index, point) in national.enumerated() {
            if index == 0 || point.year - national[index - 1].year != 1 { nationalPath.move(x(point.year), y(point.value)) } else {
                nationalPath.line(x(point.year), y(point.value))
            }
        }
        svg.path(nationalPath, stroke: "#000000", strokeWidth: 2.5)

        // Legend.
        var lx = plotLeft
        for (label, colour, dash, widthPx) in [("before support", "#9e9e9e", nil as String?, 1.0), ("from support", "#1f77b4", nil, 1.5),
                                               ("national (pupil-weighted)", "#000000", nil, 2.5),
                                               ("floor \(TrendsFormat.one(results.floor.percentage))%", "#c0392b", "6 4", 1.5)] {
            svg.line(x1: lx, y1: 60, x2: lx + 22, y2: 60, stroke: colour, strokeWidth: widthPx, dash: dash)
            svg.text(label, x: lx + 27, y: 64, size: 11)
            lx += 27 + SVGDocument.estimatedWidth(of: label, size: 11) + 18
        }
        var footnote = "\(trajectories.count) schools; dot = first year of support. Single-year percentages of small cohorts are volatile."
        if omitted > 0 { footnote += " \(omitted) more schools not drawn." }
        svg.text(footnote, x: plotLeft, y: height - 10, size: 10, fill: "#555555")
        return svg.render()
    }

    /// A year axis label: the whole year, or scientific notation beyond what prints exactly.
    static func yearLabel(_ year: Double) -> String {
        abs(year) < 1e15 ? String(Int(year.rounded())) : String(format: "%.3e", year)
    }
}
