import Education
import Foundation
import Testing
@testable import Reports

/// The tag names of an HTML text in order, with whether each closes, skipping the doctype and
/// void elements and counting `<x/>` as opened and closed. Fails the test on unbalanced tags.
func checkBalancedTags(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "source", "wbr"]
    let pattern = try! Regex("<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")   // literal pattern: cannot fail
    var stack: [String] = []
    for match in html.matches(of: pattern) {
        let closing = match.output[1].substring == "/"
        let name = String(match.output[2].substring ?? "").lowercased()
        let selfClosing = match.output[3].substring == "/"
        if void.contains(name) || selfClosing { continue }
        if closing {
            guard stack.last == name else {
                Issue.record("</\(name)> closes <\(stack.last ?? "nothing")>", sourceLocation: sourceLocation)
                return
            }
            stack.removeLast()
        } else {
            stack.append(name)
        }
    }
    #expect(stack.isEmpty, "unclosed: \(stack)", sourceLocation: sourceLocation)
}

/// Every way an HTML page could make the browser fetch something from elsewhere.
func externalReferences(_ html: String) -> [String] {
    var found: [String] = []
    let lower = html.lowercased()
    for forbidden in ["<script", "<link", "<iframe", "<object", "<embed", "@import", "<base"] where lower.contains(forbidden) {
        found.append(forbidden)
    }
    // Attributes that load something, inside tags only (text is escaped, so it has no `<`).
    let tag = try! Regex("<[A-Za-z][^>]*>")   // literal pattern: cannot fail
    let attribute = try! Regex(#"(?i)\s(src|href|xlink:href|srcset|action|poster|formaction)\s*=\s*["']?([^"'\s>]*)"#)   // literal
    for tagMatch in html.matches(of: tag) {
        for match in String(html[tagMatch.range]).matches(of: attribute) {
            let value = String(match.output[2].substring ?? "")
            if !value.hasPrefix("#") { found.append(String(match.output[0].substring ?? "")) }
        }
    }
    let url = try! Regex(#"(?i)url\(\s*["']?([^"')\s]*)"#)   // literal
    for match in html.matches(of: url) where !(match.output[1].substring ?? "").hasPrefix("#") {
        found.append(String(match.output[0].substring ?? ""))
    }
    return found
}

@Suite("HTML report")
struct EvaluationHTMLTests {
    @Test("Text is escaped: &, <, >, quotes, in text, code, headings, tables and code blocks")
    func escaping() {
        #expect(ReportHTML.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        let document = ReportDocument(title: "A <title> & more", blocks: [
            .heading(level: 2, text: [.text("Q&A <h2>")], anchor: "q\"a"),
            .paragraph([.text("x < y"), .code("a && b"), .strong([.text("<b>")]), .emphasis([.text("\"")])]),
            .table(header: [[.text("<th>")]], alignments: [.right], rows: [[[.text("1 | 2 <td>")]]]),
            .list([[.text("<li>")]]),
            .code(language: "r", text: "if (a < b && c > d) print('x')"),
            .figure(file: "f.svg", alternativeText: "alt \"text\"", svg: nil, caption: [.text("<caption>")]),
        ])
        let html = ReportHTML.render(document)
        #expect(html.contains("<title>A &lt;title&gt; &amp; more</title>"))
        #expect(html.contains("<h2 id=\"q&quot;a\">Q&amp;A &lt;h2&gt;</h2>"))
        #expect(html.contains("<p>x &lt; y<code>a &amp;&amp; b</code><strong>&lt;b&gt;</strong><em>&quot;</em></p>"))
        #expect(html.contains("<th class=\"num\">&lt;th&gt;</th>"))
        #expect(html.contains("<td class=\"num\">1 | 2 &lt;td&gt;</td>"))
        #expect(html.contains("<li>&lt;li&gt;</li>"))
        #expect(html.contains("if (a &lt; b &amp;&amp; c &gt; d) print(&#39;x&#39;)"))
        #expect(html.contains("<figcaption>&lt;caption&gt;</figcaption>"))
        checkBalancedTags(html)
        #expect(externalReferences(html).isEmpty)
        // The same document in Markdown: pipes in table cells are escaped.
        #expect(document.markdown.contains("| 1 \\| 2 <td> |"))
    }

    @Test("The evaluation page: self-contained, balanced, the content of report.md with both figures inline")
    func evaluationPage() throws {
        let results = try #require(EvaluationReportTests.results)
        let html = EvaluationHTML.render(results)
        let md = EvaluationMarkdown.render(results)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("@media print") && html.contains("overflow-x: auto"))
        #expect(externalReferences(html).isEmpty, "\(externalReferences(html))")
        checkBalancedTags(html)
        for tag in ["html", "head", "body", "main", "style", "table", "figure", "svg"] {
            let opened = html.components(separatedBy: "<\(tag)").count - 1
            let closed = html.components(separatedBy: "</\(tag)>").count - 1
            #expect(opened == closed && opened > 0, "<\(tag)>: \(opened) opened, \(closed) closed")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(!html.contains("<?xml"))
        // Every section and model of the Markdown is on the page.
        for line in md.split(separator: "\n") where line.hasPrefix("## ") {
            #expect(html.contains(">" + ReportHTML.escape(String(line.dropFirst(3))) + "</h2>"), "\(line)")
        }
        for model in results.models {
            #expect(html.contains("<code>\(ReportHTML.escape(model.id))</code>"))
            if model.status == .fitted { #expect(html.contains(ReportHTML.escape(model.specification.rCode))) }
        }
        for estimate in results.estimates(of: .categories) {
            #expect(html.contains("<td><code>\(ReportHTML.escape(estimate.term))</code></td>"))
        }
        #expect(html.contains(ReportHTML.escape(results.caveat)))
        #expect(html.contains("Illustrative cost assumptions"))
        let provenance = try #require(results.provenance)
        for input in provenance.inputs { #expect(html.contains(input.sha256) && md.contains(input.sha256)) }
        #expect(md.contains("## Provenance") && md.contains("### Timing (differs between runs)"))
    }

    @Test("The external-reference check finds what it looks for")
    func externalReferenceCheck() {
        #expect(externalReferences(#"<img src="https://example.org/a.png">"#).count == 1)
        #expect(externalReferences(#"<a href='//cdn.example/x'>x</a>"#).count == 1)
        #expect(externalReferences("<style>body { background: url(http://x/y.png) }</style>").count == 1)
        #expect(externalReferences("<style>@import 'x.css';</style>").count == 1)
        #expect(externalReferences("<script>1</script>").count == 1)
        #expect(externalReferences(##"<a href="#models">models</a><rect clip-path="url(#c)"/>"##).isEmpty)
        #expect(externalReferences("<p>data = d, src = x</p>").isEmpty)
    }
}
