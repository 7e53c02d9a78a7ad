import Testing
@testable import Reports

@Suite("SVG document builder")
struct FigureSVGDocumentTests {
    @Test("Escapes markup characters and drops characters XML forbids")
    func escaping() {
        #expect(SVGDocument.escape("A & B <c> \"d\" 'e'") == "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;")
        #expect(SVGDocument.escape("bell\u{7}\u{0}tab\tend") == "belltab end")
        #expect(SVGDocument.escape("St Mary\u{2019}s C of E") == "St Mary\u{2019}s C of E")
    }

    @Test("Numbers: one decimal, no exponent, no minus zero")
    func numbers() {
        #expect(SVGDocument.number(12.345) == "12.3")
        #expect(SVGDocument.number(-0.04) == "0")
        #expect(SVGDocument.number(-3.26) == "-3.3")
        #expect(SVGDocument.number(40) == "40")
        #expect(SVGDocument.number(1e-7) == "0")
        #expect(SVGDocument.number(.nan) == "0")
    }

    @Test("A document is standalone, well-formed SVG")
    func standalone() {
        var doc = SVGDocument(width: 200, height: 100, title: "T <&>", summary: "S")
        doc.line(x1: 0, y1: 0, x2: 10, y2: 10)
        doc.text("x < y", x: 5, y: 5, rotate: -90)
        doc.comment("a -- b")
        let svg = doc.render()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        #expect(xml.rootName == "svg")
        #expect(xml.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(xml.rootAttributes["viewBox"] == "0 0 200 100")
        #expect(xml.rootAttributes["width"] == "200")
        #expect(xml.texts.contains("T <&>"))
        #expect(xml.texts.contains("x < y"))
    }
}
