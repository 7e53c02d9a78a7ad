import Foundation

/// The one JSON encoding shared by every Reports writer: pretty-printed, keys sorted, slashes
/// unescaped, and every number that is not finite (NaN, +∞, −∞) written as `null`, since JSON
/// has no NaN or infinity.
///
/// `JSONEncoder` can only write non-finite numbers as strings, so the value is encoded twice,
/// each time with a different placeholder string, and the quoted placeholders are replaced by
/// `null`. The two results agree exactly when no string in the value equals either placeholder,
/// so a string that happens to look like a placeholder can never be turned into `null`; if they
/// disagree, encoding fails with ``JSONOutputError/placeholderInData``.
public enum JSONOutput {
    static let placeholders = ["SchoolSupport.nonFinite.0f3c", "SchoolSupport.nonFinite.9a71"]

    /// The UTF-8 JSON text of `value`.
    public static func encode<Value: Encodable>(_ value: Value) throws -> String {
        var texts: [String] = []
        for placeholder in placeholders {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: placeholder, negativeInfinity: placeholder, nan: placeholder)
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            texts.append(text.replacingOccurrences(of: "\"\(placeholder)\"", with: "null"))
        }
        guard let first = texts.first, texts.allSatisfy({ $0 == first }) else {
            throw JSONOutputError.placeholderInData
        }
        return first
    }
}

/// Why ``JSONOutput/encode(_:)`` could not write a value.
public enum JSONOutputError: Error, Sendable, CustomStringConvertible {
    /// A string in the value equals the placeholder used for non-finite numbers.
    case placeholderInData

    public var description: String {
        "cannot write JSON: a text value equals the placeholder reserved for non-finite numbers"
    }
}
