extension ReportDocument {
    /// The document as Markdown (GitHub-flavoured tables): each block followed by a blank
    /// line, the last by a single newline.
    public var markdown: String {
        var md = ""
        for block in blocks { md += Self.markdown(block) + "\n" }
        if md.hasSuffix("\n\n") { md.removeLast() }
        return md
    }

    /// Markdown of a list of blocks, each followed by a blank line (for sections that are
    /// spliced into another Markdown text).
    public static func markdown(blocks: [Block]) -> String {
        blocks.map { markdown($0) + "\n" }.joined()
    }

    /// One block, ending in a newline.
    static func markdown(_ block: Block) -> String {
        switch block {
        case let .heading(level, text, _):
            return String(repeating: "#", count: min(max(level, 1), 6)) + " " + markdown(text) + "\n"
        case let .paragraph(text):
            return markdown(text) + "\n"
        case let .quote(text):
            return "> " + markdown(text) + "\n"
        case let .table(header, alignments, rows):
            var md = "| " + header.map { cell($0) }.joined(separator: " | ") + " |\n"
            md += "|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined() + "\n"
            for row in rows { md += "| " + row.map { cell($0) }.joined(separator: " | ") + " |\n" }
            return md
        case let .list(items):
            return items.map { "- " + markdown($0) + "\n" }.joined()
        case let .code(language, text):
            return "```\(language)\n\(text)\n```\n"
        case let .figure(file, alternativeText, _, caption):
            var md = "![\(alternativeText)](\(file))\n"
            if !caption.isEmpty { md += "\n" + markdown(caption) + "\n" }
            return md
        case .rule:
            return "---\n"
        }
    }

    /// Inline runs as Markdown.
    static func markdown(_ runs: [Inline]) -> String {
        runs.map { run in
            switch run {
            case let .text(text): text
            case let .code(text): "`\(text)`"
            case let .strong(inner): "**" + markdown(inner) + "**"
            case let .emphasis(inner): "*" + markdown(inner) + "*"
            }
        }.joined()
    }

    /// A table cell: a `|` would end the cell and a newline the row.
    static func cell(_ runs: [Inline]) -> String {
        markdown(runs).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
