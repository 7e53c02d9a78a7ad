import Testing
@testable import Reports

@Suite("Forest plot")
struct FigureForestPlotTests {
    let plot = ForestPlot(title: "Effect of school-to-school support", xLabel: "Effect size (SD)",
                          rows: FigureFixtures.forestRows)

    @Test("Output is well-formed standalone SVG 1.1")
    func wellFormed() {
        let svg = plot.svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(xml.rootName == "svg")
        #expect(xml.rootAttributes["version"] == "1.1")
        #expect(xml.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(xml.rootAttributes["viewBox"] != nil)
        #expect(xml.rootAttributes["width"] != nil && xml.rootAttributes["height"] != nil)
        #expect(svg.hasPrefix("<?xml version=\"1.0\""))
        #expect(xml.texts.contains("Effect of school-to-school support"))
        #expect(xml.texts.contains("Effect size (SD)"))
    }

    @Test("Deterministic: the same input gives the same bytes")
    func deterministic() {
        #expect(plot.svg() == plot.svg())
        #expect(plot.svg() == ForestPlot(title: plot.title, xLabel: plot.xLabel, rows: plot.rows).svg())
    }

    @Test("Rows are gathered under group headings in order of first appearance")
    func grouping() {
        let texts = FigureXML(plot.svg()).texts
        let order = ["Attainment", "Key stage 2 reading", "Key stage 2 maths", "Key stage 4 English",
                     "Attendance", "Persistent absence"]
        let positions = order.map { name in texts.firstIndex(of: name) }
        #expect(positions.allSatisfy { $0 != nil })
        let indices = positions.compactMap { $0 }
        #expect(indices == indices.sorted())
    }

    @Test("No headings when no row has a group")
    func ungrouped() {
        let rows = FigureFixtures.forestRows.map {
            ForestPlot.Row(label: $0.label, estimate: $0.estimate, lower: $0.lower, upper: $0.upper)
        }
        let texts = FigureXML(ForestPlot(title: "t", xLabel: "x", rows: rows).svg()).texts
        #expect(!texts.contains("Attainment"))
        #expect(texts.contains("Persistent absence"))
    }

    @Test("Labels, groups, titles and axis labels are escaped")
    func escaping() {
        let rows = [ForestPlot.Row(label: "Tom & Jerry's <\"academy\">", estimate: 0.1, lower: 0, upper: 0.2,
                                   group: "North & <East>")]
        let svg = ForestPlot(title: "A < B & C", xLabel: "\"x\" > 'y'", rows: rows).svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(xml.texts.contains("Tom & Jerry's <\"academy\">"))
        #expect(xml.texts.contains("North & <East>"))
        #expect(xml.texts.contains("A < B & C"))
        #expect(xml.texts.contains("\"x\" > 'y'"))
        #expect(!svg.contains("Tom & Jerry"))
    }

    @Test("Non-finite rows are skipped and reported in a footnote")
    func nonFinite() {
        var rows = FigureFixtures.forestRows
        rows.append(.init(label: "Broken fit", estimate: .nan, lower: 0, upper: 1, group: "Attainment"))
        rows.append(.init(label: "Diverged", estimate: 0.1, lower: -.infinity, upper: 0.3))
        rows.append(.init(label: "Overflow", estimate: 0.1, lower: 0, upper: .infinity))
        let svg = ForestPlot(title: "t", xLabel: "x", rows: rows).svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(!xml.texts.contains("Broken fit"))
        #expect(!xml.texts.contains("Diverged"))
        #expect(xml.texts.contains { $0.hasPrefix("3 rows omitted") })
        #expect(xml.texts.contains("Key stage 2 reading"))
    }

    @Test("Non-finite reference: no reference line, a footnote, still valid")
    func nonFiniteReference() {
        let svg = ForestPlot(title: "t", xLabel: "x", rows: FigureFixtures.forestRows, reference: .nan).svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(!svg.contains("stroke-dasharray"))
        #expect(xml.texts.contains { $0.hasPrefix("Reference line omitted") })
    }

    @Test("Empty input gives a valid figure saying there is no data")
    func empty() {
        for rows in [[], [ForestPlot.Row(label: "x", estimate: .nan, lower: .nan, upper: .nan)]] {
            let xml = FigureXML(ForestPlot(title: "Nothing here", xLabel: "x", rows: rows).svg())
            #expect(xml.isWellFormed)
            #expect(xml.rootName == "svg")
            #expect(xml.texts.contains("No data"))
            #expect(xml.texts.contains("Nothing here"))
        }
    }

    @Test("The reference line is drawn, and the axis spans it")
    func reference() {
        let rows = [ForestPlot.Row(label: "Only positive", estimate: 1.2, lower: 1.1, upper: 1.3)]
        let svg = ForestPlot(title: "t", xLabel: "Odds ratio", rows: rows, reference: 1).svg()
        #expect(svg.contains("stroke-dasharray"))
        let texts = FigureXML(svg).texts
        #expect(texts.contains("1.0") && texts.contains("1.3"))
        #expect(texts.contains("1.20 [1.10, 1.30]"))
    }

    @Test("Very long labels are shortened")
    func longLabels() {
        let long = String(repeating: "Long school name ", count: 10)
        let svg = ForestPlot(title: "t", xLabel: "x", rows: [.init(label: long, estimate: 0, lower: -1, upper: 1)]).svg()
        let texts = FigureXML(svg).texts
        #expect(texts.contains { $0.hasSuffix("\u{2026}") && $0.count == 48 })
    }
}
