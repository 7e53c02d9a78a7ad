import Education
import Foundation

/// The trends analysis as one JSON object (keys sorted; non-finite numbers as strings).
/// Years are written as the year of their summer (`2010` = 2009/10), URNs as numbers.
public enum TrendsJSON {
    public static func render(_ results: TrendsResults) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Inf", negativeInfinity: "-Inf", nan: "NaN")
        return String(decoding: try encoder.encode(results), as: UTF8.self) + "\n"
    }
}
