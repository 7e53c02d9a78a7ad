import Foundation

/// A minimal builder for standalone SVG 1.1 documents.
///
/// The builder only knows the handful of elements the figures need (lines,
/// rectangles, circles, paths and text). Every piece of caller-supplied text
/// goes through ``SVGDocument/escape(_:)`` and every coordinate through
/// ``SVGDocument/number(_:)``, so the output is always well-formed XML and
/// byte-for-byte deterministic for the same input.
struct SVGDocument: Sendable {
    /// Horizontal anchoring of a text element.
    enum Anchor: String, Sendable {
        case start, middle, end
    }

    let width: Double
    let height: Double
    let title: String
    let summary: String?
    private var elements: [String] = []

    /// Default font stack used by all text elements.
    static let fontFamily = "Helvetica, Arial, sans-serif"

    init(width: Double, height: Double, title: String, summary: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
        self.summary = summary
    }

    // MARK: Elements

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double,
                       stroke: String = "#000000", strokeWidth: Double = 1,
                       dash: String? = nil) {
        var s = "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
        s += " stroke=\"\(Self.escape(stroke))\" stroke-width=\"\(Self.number(strokeWidth))\""
        if let dash { s += " stroke-dasharray=\"\(Self.escape(dash))\"" }
        s += "/>"
        elements.append(s)
    }

    /// A rectangle; `opacity` sets `fill-opacity` (two decimals) and `tooltip` adds a `<title>`
    /// child that viewers show on hover.
    mutating func rect(x: Double, y: Double, width: Double, height: Double,
                       fill: String = "#000000", stroke: String? = nil, strokeWidth: Double = 1,
                       opacity: Double? = nil, tooltip: String? = nil) {
        var s = "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" height=\"\(Self.number(max(0, height)))\""
        s += " fill=\"\(Self.escape(fill))\""
        if let stroke { s += " stroke=\"\(Self.escape(stroke))\" stroke-width=\"\(Self.number(strokeWidth))\"" }
        if let opacity, opacity.isFinite {
            s += " fill-opacity=\"\(String(format: "%.2f", min(max(opacity, 0), 1)))\""
        }
        if let tooltip {
            s += "><title>\(Self.escape(tooltip))</title></rect>"
        } else {
            s += "/>"
        }
        elements.append(s)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String = "#000000") {
        elements.append("<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(max(0, r)))\" fill=\"\(Self.escape(fill))\"/>")
    }

    /// A path from pre-built path data (see ``PathData``).
    mutating func path(_ data: PathData, stroke: String? = "#000000", strokeWidth: Double = 1,
                       fill: String = "none") {
        guard !data.isEmpty else { return }
        var s = "<path d=\"\(data.string)\" fill=\"\(Self.escape(fill))\""
        if let stroke { s += " stroke=\"\(Self.escape(stroke))\" stroke-width=\"\(Self.number(strokeWidth))\"" }
        s += "/>"
        elements.append(s)
    }

    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12,
                       anchor: Anchor = .start, bold: Bool = false, italic: Bool = false,
                       fill: String = "#000000", rotate: Double? = nil) {
        var s = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\""
        if anchor != .start { s += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { s += " font-weight=\"bold\"" }
        if italic { s += " font-style=\"italic\"" }
        if fill != "#000000" { s += " fill=\"\(Self.escape(fill))\"" }
        if let rotate {
            s += " transform=\"rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))\""
        }
        s += ">\(Self.escape(content))</text>"
        elements.append(s)
    }

    /// A raw comment, for orientation when reading the file by eye.
    mutating func comment(_ content: String) {
        // "--" is not allowed inside XML comments.
        let safe = Self.escape(content).replacingOccurrences(of: "--", with: "- -")
        elements.append("<!-- \(safe) -->")
    }

    // MARK: Output

    /// The complete document, starting with the XML declaration.
    func render() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
        out += " width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        out += " viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
        out += " font-family=\"\(Self.fontFamily)\">\n"
        out += "<title>\(Self.escape(title))</title>\n"
        if let summary { out += "<desc>\(Self.escape(summary))</desc>\n" }
        out += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>\n"
        for element in elements {
            out += element
            out += "\n"
        }
        out += "</svg>\n"
        return out
    }

    // MARK: Formatting

    /// Escapes text for use in XML character data and attribute values.
    ///
    /// Replaces `&`, `<`, `>`, `"` and `'` with entity references and drops
    /// characters that XML 1.0 forbids outright (most C0 controls, U+FFFE,
    /// U+FFFF); tabs and line breaks become spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Formats a coordinate with at most one decimal place, without exponent
    /// notation, and never as `-0`. Non-finite values become `0` (callers
    /// filter them out beforehand; this is only a last line of defence).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let clamped = min(max(value, -1e9), 1e9)
        let tenths = Int((clamped * 10).rounded())
        if tenths == 0 { return "0" }
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        let whole = magnitude / 10
        let fraction = magnitude % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// Rough width in pixels of `text` set at `size` in a sans-serif face.
    static func estimatedWidth(of text: String, size: Double) -> Double {
        Double(text.count) * size * 0.56
    }

    /// Shortens `text` to at most `maxCharacters`, ending with an ellipsis.
    static func truncated(_ text: String, maxCharacters: Int) -> String {
        guard text.count > maxCharacters, maxCharacters > 1 else { return text }
        return String(text.prefix(maxCharacters - 1)) + "\u{2026}"
    }
}

/// Compact SVG path data, built command by command.
struct PathData: Sendable {
    private(set) var string = ""

    var isEmpty: Bool { string.isEmpty }

    mutating func move(_ x: Double, _ y: Double) {
        append("M\(SVGDocument.number(x)) \(SVGDocument.number(y))")
    }

    mutating func line(_ x: Double, _ y: Double) {
        append("L\(SVGDocument.number(x)) \(SVGDocument.number(y))")
    }

    mutating func horizontal(to x: Double) {
        append("H\(SVGDocument.number(x))")
    }

    mutating func vertical(to y: Double) {
        append("V\(SVGDocument.number(y))")
    }

    private mutating func append(_ command: String) {
        string += command
    }
}
