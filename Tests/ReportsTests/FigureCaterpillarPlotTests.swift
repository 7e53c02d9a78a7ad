import Testing
@testable import Reports

@Suite("Caterpillar plot")
struct FigureCaterpillarPlotTests {
    @Test("Small plots are well-formed, labelled and sorted by estimate")
    func smallSorted() {
        let points: [CaterpillarPlot.Point] = [
            .init(label: "C", estimate: 0.3, lower: 0.1, upper: 0.5),
            .init(label: "A", estimate: -0.2, lower: -0.4, upper: 0.0),
            .init(label: "B", estimate: 0.05, lower: -0.1, upper: 0.2),
            .init(label: "D", estimate: 0.05, lower: -0.2, upper: 0.3),
        ]
        let plot = CaterpillarPlot(title: "School effects", yLabel: "Conditional mode", points: points)
        #expect(plot.sortedPoints.map(\.label) == ["A", "B", "D", "C"])
        let xml = FigureXML(plot.svg())
        #expect(xml.isWellFormed)
        #expect(xml.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(xml.count("circle") == 4)
        // Labels appear under the axis in sorted order.
        let labelPositions = ["A", "B", "D", "C"].compactMap { xml.texts.firstIndex(of: $0) }
        #expect(labelPositions.count == 4)
        #expect(labelPositions == labelPositions.sorted())
        #expect(xml.texts.contains("School effects"))
        #expect(xml.texts.contains("Conditional mode"))
    }

    @Test("Sorting does not depend on input order")
    func orderIndependent() {
        let points = FigureFixtures.schools(50)
        let a = CaterpillarPlot(title: "t", yLabel: "y", points: points).svg()
        let b = CaterpillarPlot(title: "t", yLabel: "y", points: points.reversed()).svg()
        #expect(a == b)
        let sorted = CaterpillarPlot(title: "t", yLabel: "y", points: points).sortedPoints.map(\.estimate)
        #expect(sorted == sorted.sorted())
    }

    @Test("3,200 schools: compact, unlabelled, ranked, well-formed")
    func large() {
        let plot = CaterpillarPlot(title: "3,200 schools", yLabel: "Conditional mode (SD)",
                                   points: FigureFixtures.schools(3_200))
        let svg = plot.svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(svg.utf8.count < 150_000)
        #expect(xml.count("circle") == 0)
        #expect(xml.count("text") < 40)
        #expect(!xml.texts.contains("URN 100000"))
        #expect(xml.texts.contains("Rank (1 = lowest estimate)"))
        #expect(xml.texts.contains("3,200 groups, sorted by estimate; vertical lines are intervals."))
    }

    @Test("Labels are escaped")
    func escaping() {
        let points = [CaterpillarPlot.Point(label: "St <John> & \"Mary\"", estimate: 0.1, lower: 0, upper: 0.2)]
        let svg = CaterpillarPlot(title: "R&D <pilot>", yLabel: "a < b", points: points).svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(xml.texts.contains("St <John> & \"Mary\""))
        #expect(xml.texts.contains("R&D <pilot>"))
        #expect(xml.texts.contains("a < b"))
    }

    @Test("Non-finite points are skipped and reported")
    func nonFinite() {
        var points = FigureFixtures.schools(10)
        points.append(.init(label: "NaN school", estimate: .nan, lower: 0, upper: 1))
        points.append(.init(label: "Inf school", estimate: 0, lower: -.infinity, upper: 1))
        let plot = CaterpillarPlot(title: "t", yLabel: "y", points: points)
        #expect(plot.sortedPoints.count == 10)
        let svg = plot.svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(!xml.texts.contains("NaN school"))
        #expect(xml.texts.contains("2 groups omitted (non-finite estimate or interval)."))
    }

    @Test("Empty input gives a valid figure saying there is no data")
    func empty() {
        for points in [[], [CaterpillarPlot.Point(label: "x", estimate: .infinity, lower: 0, upper: 1)]] {
            let xml = FigureXML(CaterpillarPlot(title: "Empty", yLabel: "y", points: points).svg())
            #expect(xml.isWellFormed)
            #expect(xml.texts.contains("No data"))
        }
    }

    @Test("The value axis always includes zero")
    func zeroLine() {
        let points = [CaterpillarPlot.Point(label: "High", estimate: 5, lower: 4, upper: 6)]
        let texts = FigureXML(CaterpillarPlot(title: "t", yLabel: "y", points: points).svg()).texts
        #expect(texts.contains("0"))
        #expect(texts.contains("6"))
    }

    @Test("Thousands separators for counts")
    func grouping() {
        let plot = CaterpillarPlot(title: "t", yLabel: "y", points: FigureFixtures.schools(1_000))
        #expect(FigureXML(plot.svg()).texts.contains("1,000"))
    }
}
