import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reports

/// Parses SVG text with XMLParser and records what it saw.
struct FigureXML {
    /// Whether the text parsed as well-formed XML.
    let isWellFormed: Bool
    let rootName: String?
    let rootAttributes: [String: String]
    let elementCounts: [String: Int]
    /// Character data of each text, title and desc element, in document order.
    let texts: [String]

    init(_ svg: String) {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        isWellFormed = parser.parse()
        rootName = collector.rootName
        rootAttributes = collector.rootAttributes
        elementCounts = collector.counts
        texts = collector.texts
    }

    func count(_ element: String) -> Int { elementCounts[element, default: 0] }

    private final class Collector: NSObject, XMLParserDelegate {
        var rootName: String?
        var rootAttributes: [String: String] = [:]
        var counts: [String: Int] = [:]
        var texts: [String] = []
        var inText = false
        var buffer = ""

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            if rootName == nil {
                rootName = elementName
                rootAttributes = attributeDict
            }
            counts[elementName, default: 0] += 1
            if ["text", "title", "desc"].contains(elementName) {
                inText = true
                buffer = ""
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { buffer += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?) {
            if ["text", "title", "desc"].contains(elementName) {
                texts.append(buffer)
                inText = false
            }
        }
    }
}

enum FigureFixtures {
    /// A deterministic pseudo-random sequence in [0, 1) (a 64-bit LCG), so the
    /// tests never depend on the system generator.
    struct Sequence {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static func schools(_ count: Int, seed: UInt64 = 42) -> [CaterpillarPlot.Point] {
        var random = Sequence(state: seed)
        return (0..<count).map { i in
            let estimate = (random.next() - 0.5) * 0.6
            let halfWidth = 0.05 + random.next() * 0.2
            return CaterpillarPlot.Point(label: "URN \(100000 + i)", estimate: estimate,
                                         lower: estimate - halfWidth, upper: estimate + halfWidth)
        }
    }

    static let forestRows: [ForestPlot.Row] = [
        .init(label: "Key stage 2 reading", estimate: 0.12, lower: 0.03, upper: 0.21, group: "Attainment"),
        .init(label: "Key stage 2 maths", estimate: 0.08, lower: -0.02, upper: 0.18, group: "Attainment"),
        .init(label: "Persistent absence", estimate: -0.04, lower: -0.09, upper: 0.01, group: "Attendance"),
        .init(label: "Key stage 4 English", estimate: 0.05, lower: -0.05, upper: 0.15, group: "Attainment"),
    ]
}
