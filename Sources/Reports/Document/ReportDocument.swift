/// A report as a list of blocks, written once and rendered as Markdown (`markdown`) or as
/// HTML (`ReportHTML`), so that report.md and report.html carry the same content.
///
/// Text is kept as runs of plain text, code, strong and emphasised text; each renderer does its
/// own escaping (`|` in Markdown table cells, `&`, `<`, `>` and quotes in HTML).
public struct ReportDocument: Sendable, Equatable {
    /// One run of inline text.
    public indirect enum Inline: Sendable, Equatable {
        case text(String)
        case code(String)
        case strong([Inline])
        case emphasis([Inline])
    }

    /// Column alignment in a table.
    public enum Alignment: Sendable, Equatable {
        case left
        case right
    }

    /// One block of the report.
    public enum Block: Sendable, Equatable {
        /// A heading of level 1 to 6 and an anchor (HTML `id`) for it.
        case heading(level: Int, text: [Inline], anchor: String?)
        case paragraph([Inline])
        /// A highlighted paragraph (the caveat).
        case quote([Inline])
        /// A table: header cells, one alignment per column, rows of cells.
        case table(header: [[Inline]], alignments: [Alignment], rows: [[[Inline]]])
        case list([[Inline]])
        /// Preformatted code in `language` (e.g. `r`).
        case code(language: String, text: String)
        /// A figure: its file (linked from the Markdown), alternative text, the SVG document to
        /// inline in the HTML (nil: link only) and a caption.
        case figure(file: String, alternativeText: String, svg: String?, caption: [Inline])
        case rule
    }

    public var title: String
    public var blocks: [Block]

    public init(title: String, blocks: [Block] = []) {
        self.title = title
        self.blocks = blocks
    }
}

extension Array where Element == ReportDocument.Inline {
    /// One plain-text run.
    static func text(_ text: String) -> Self { [.text(text)] }
}
