import Education

/// An SVG chart of Ofsted grade distributions before and after support: one horizontal bar per
/// group and period, 100% wide, split into the shares of schools judged outstanding, good,
/// requires improvement and inadequate (of the schools inspected in the period). A bar with no
/// school inspected says so. Each segment's tooltip gives its count and percentage.
public struct GradeDistributionChart: Sendable {
    public var distributions: [GradeDistribution]

    public init(distributions: [GradeDistribution]) {
        self.distributions = distributions
    }

    static let colours: [OfstedGrade: String] = [
        .outstanding: "#1a9850", .good: "#91cf60", .requiresImprovement: "#fdae61", .inadequate: "#d73027",
    ]

    public func svg() -> String {
        let width = 760.0, left = 250.0, right = 30.0, top = 80.0, rowHeight = 34.0
        let height = top + Double(max(distributions.count, 1)) * rowHeight + 50
        let title = "Ofsted overall effectiveness before and after support"
        var svg = SVGDocument(width: width, height: height, title: title,
                              summary: "Percent of each group's inspected schools at each grade, at the last inspection before support starts and the first after it.")
        svg.text(title, x: 16, y: 24, size: 15, bold: true)
        var lx = 16.0
        for grade in OfstedGrade.allCases {
            let label = "\(grade.rawValue) \(grade.label)"
            svg.rect(x: lx, y: 40, width: 14, height: 14, fill: Self.colours[grade] ?? "#999999")
            svg.text(label, x: lx + 19, y: 52, size: 11)
            lx += 19 + SVGDocument.estimatedWidth(of: label, size: 11) + 18
        }
        guard !distributions.isEmpty else {
            svg.text("No data", x: width / 2, y: height / 2, size: 16, anchor: .middle, fill: "#666666")
            return svg.render()
        }
        let plotWidth = width - left - right
        for (row, d) in distributions.enumerated() {
            let y = top + Double(row) * rowHeight
            svg.text("\(d.group.label), \(d.period.rawValue) (n = \(d.inspected))", x: left - 8, y: y + 17, size: 11, anchor: .end)
            guard d.inspected > 0 else {
                svg.rect(x: left, y: y + 4, width: plotWidth, height: rowHeight - 10, fill: "#f0f0f0")
                svg.text("no school inspected", x: left + plotWidth / 2, y: y + 17, size: 11, anchor: .middle, fill: "#666666")
                continue
            }
            var x = left
            for grade in OfstedGrade.allCases {
                let count = d.counts[grade.rawValue - 1]
                let share = Double(count) / Double(d.inspected)
                let segment = share * plotWidth
                svg.rect(x: x, y: y + 4, width: segment, height: rowHeight - 10, fill: Self.colours[grade] ?? "#999999",
                         tooltip: "\(grade.label): \(count) of \(d.inspected) (\(EvaluationNumberFormat.fixed(100 * share, 1))%)")
                if segment > 34 {
                    svg.text(EvaluationNumberFormat.fixed(100 * share, 0) + "%", x: x + segment / 2, y: y + 17, size: 10, anchor: .middle)
                }
                x += segment
            }
        }
        let axisY = top + Double(distributions.count) * rowHeight
        svg.line(x1: left, y1: axisY, x2: left + plotWidth, y2: axisY)
        for tick in stride(from: 0.0, through: 100.0, by: 25.0) {
            let x = left + tick / 100 * plotWidth
            svg.line(x1: x, y1: axisY, x2: x, y2: axisY + 4)
            svg.text("\(Int(tick))%", x: x, y: axisY + 17, size: 11, anchor: .middle)
        }
        svg.text("Percent of the schools inspected in the period", x: left + plotWidth / 2, y: axisY + 36, size: 11, anchor: .middle, fill: "#444444")
        return svg.render()
    }
}
