/// A `ReportDocument` as one self-contained HTML page: the style sheet inline (a screen layout
/// that fits a phone, tables that scroll sideways inside their box, and a print style sheet),
/// figures inlined as SVG, no scripts and nothing fetched from elsewhere.
public enum ReportHTML {
    /// The page. Every text is escaped (`&`, `<`, `>`, `"`, `'`); the SVG figures are inlined
    /// as written by `SVGDocument`, without their XML declaration.
    public static func render(_ document: ReportDocument) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(escape(document.title))</title>\n<style>\n\(styleSheet)</style>\n</head>\n<body>\n<main>\n"
        for block in document.blocks { html += render(block) }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    static func render(_ block: ReportDocument.Block) -> String {
        switch block {
        case let .heading(level, text, anchor):
            let n = min(max(level, 1), 6)
            let id = anchor.map { " id=\"\(escape($0))\"" } ?? ""
            return "<h\(n)\(id)>\(inline(text))</h\(n)>\n"
        case let .paragraph(text):
            return "<p>\(inline(text))</p>\n"
        case let .quote(text):
            return "<blockquote class=\"caveat\"><p>\(inline(text))</p></blockquote>\n"
        case let .table(header, alignments, rows):
            func cellTag(_ tag: String, _ column: Int) -> String {
                column < alignments.count && alignments[column] == .right ? "<\(tag) class=\"num\">" : "<\(tag)>"
            }
            var html = "<div class=\"table-scroll\">\n<table>\n<thead>\n<tr>"
            for (j, cell) in header.enumerated() { html += cellTag("th", j) + inline(cell) + "</th>" }
            html += "</tr>\n</thead>\n<tbody>\n"
            for row in rows {
                html += "<tr>"
                for (j, cell) in row.enumerated() { html += cellTag("td", j) + inline(cell) + "</td>" }
                html += "</tr>\n"
            }
            return html + "</tbody>\n</table>\n</div>\n"
        case let .list(items):
            return "<ul>\n" + items.map { "<li>\(inline($0))</li>\n" }.joined() + "</ul>\n"
        case let .code(language, text):
            return "<pre><code class=\"language-\(escape(language))\">\(escape(text))</code></pre>\n"
        case let .figure(file, alternativeText, svg, caption):
            var html = "<figure>\n"
            if let svg {
                html += "<div class=\"figure-scroll\" role=\"img\" aria-label=\"\(escape(alternativeText))\">\n"
                html += inlineSVG(svg) + "</div>\n"
            } else {
                html += "<p>\(escape(alternativeText)): <code>\(escape(file))</code></p>\n"
            }
            if !caption.isEmpty { html += "<figcaption>\(inline(caption))</figcaption>\n" }
            return html + "</figure>\n"
        case .rule:
            return "<hr>\n"
        }
    }

    static func inline(_ runs: [ReportDocument.Inline]) -> String {
        runs.map { run in
            switch run {
            case let .text(text): escape(text)
            case let .code(text): "<code>\(escape(text))</code>"
            case let .strong(inner): "<strong>\(inline(inner))</strong>"
            case let .emphasis(inner): "<em>\(inline(inner))</em>"
            }
        }.joined()
    }

    /// `text` with the five characters that HTML gives a meaning replaced by entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// An SVG document without its XML declaration, ready to sit inside the page.
    static func inlineSVG(_ svg: String) -> String {
        var text = Substring(svg)
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            text = text[end.upperBound...]
        }
        let trimmed = text.drop { $0 == "\n" || $0 == "\r" || $0 == " " }
        return trimmed.hasSuffix("\n") ? String(trimmed) : String(trimmed) + "\n"
    }

    /// System fonts only; tables and figures scroll inside their own box on a narrow screen;
    /// the print style drops the scrolling, the background colours and page breaks inside
    /// tables rows and figures.
    static let styleSheet = """
    :root { color-scheme: light; }
    body { margin: 0; background: #f6f7f9; color: #1b1f24;
      font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; background: #ffffff; }
    h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 0.75rem; padding-top: 0.5rem; border-top: 1px solid #d0d7de; }
    h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
    p, li { max-width: 48rem; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
      font-size: 0.9em; background: #eef1f4; padding: 0 0.2em; border-radius: 3px; overflow-wrap: anywhere; }
    pre { background: #eef1f4; padding: 0.75rem; overflow-x: auto; border-radius: 4px; }
    pre code { background: none; padding: 0; overflow-wrap: normal; }
    blockquote.caveat { margin: 1rem 0; padding: 0.75rem 1rem; border-left: 4px solid #b35900; background: #fff4e5; }
    blockquote.caveat p { margin: 0; }
    .table-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0 0 1rem; border: 1px solid #d0d7de; }
    table { border-collapse: collapse; font-size: 0.875rem; min-width: 100%; }
    th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #e1e4e8; text-align: left; vertical-align: top; white-space: nowrap; }
    th { background: #f0f3f6; position: sticky; top: 0; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    tbody tr:nth-child(even) { background: #fafbfc; }
    figure { margin: 1rem 0; }
    .figure-scroll { overflow-x: auto; }
    .figure-scroll svg { display: block; max-width: 100%; height: auto; }
    figcaption { font-size: 0.9rem; color: #454c54; max-width: 48rem; }
    hr { border: 0; border-top: 1px solid #d0d7de; margin: 2rem 0 1rem; }
    @media (max-width: 40rem) {
      body { font-size: 15px; }
      main { padding: 0.75rem; }
      h1 { font-size: 1.35rem; }
    }
    @media print {
      body { background: #ffffff; font-size: 10pt; }
      main { max-width: none; padding: 0; }
      h2 { break-after: avoid; page-break-after: avoid; }
      h3 { break-after: avoid; page-break-after: avoid; }
      .table-scroll, .figure-scroll, pre { overflow: visible; border: 0; }
      th, td { white-space: normal; }
      th { position: static; }
      tr, figure, pre, blockquote { break-inside: avoid; page-break-inside: avoid; }
      tbody tr:nth-child(even) { background: none; }
      code, pre { background: none; }
      .figure-scroll svg { max-width: 100%; }
    }

    """
}
