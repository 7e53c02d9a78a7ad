import Foundation

extension ReportDocument {
    /// The document as plain text for a terminal or a .txt file: headings underlined, tables
    /// with columns padded to their widest cell (right-aligned columns padded on the left),
    /// lists with `- `, figures as their file name. Markup is dropped; code keeps its text.
    public var plainText: String {
        var text = ""
        for block in blocks { text += Self.plainText(block) + "\n" }
        if text.hasSuffix("\n\n") { text.removeLast() }
        return text
    }

    static func plainText(_ block: Block) -> String {
        switch block {
        case let .heading(level, runs, _):
            let title = plainText(runs)
            return title + "\n" + String(repeating: level <= 1 ? "=" : "-", count: title.count) + "\n"
        case let .paragraph(runs):
            return plainText(runs) + "\n"
        case let .quote(runs):
            return "  " + plainText(runs) + "\n"
        case let .table(header, alignments, rows):
            let cells = [header.map(plainText)] + rows.map { $0.map(plainText) }
            let columns = cells.map(\.count).max() ?? 0
            var widths = Array(repeating: 0, count: columns)
            for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func line(_ row: [String]) -> String {
                row.enumerated().map { i, cell in
                    let pad = String(repeating: " ", count: widths[i] - cell.count)
                    return (i < alignments.count && alignments[i] == .right) ? pad + cell : cell + pad
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
            var out = line(cells[0]) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            for row in cells.dropFirst() { out += line(row) + "\n" }
            return out
        case let .list(items):
            return items.map { "- " + plainText($0) + "\n" }.joined()
        case let .code(_, code):
            return code + "\n"
        case let .figure(file, alternativeText, _, _):
            return "[\(alternativeText): \(file)]\n"
        case .rule:
            return String(repeating: "-", count: 40) + "\n"
        }
    }

    static func plainText(_ runs: [Inline]) -> String {
        runs.map { run in
            switch run {
            case let .text(text), let .code(text): text
            case let .strong(inner), let .emphasis(inner): plainText(inner)
            }
        }.joined().replacingOccurrences(of: "\n", with: " ")
    }
}
