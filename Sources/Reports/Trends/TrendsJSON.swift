import Education
import Foundation

/// The trends analysis as one JSON object (keys sorted; non-finite numbers as `null`, see ``JSONOutput``).
/// Years are written as the year of their summer (`2010` = 2009/10), URNs as numbers.
public enum TrendsJSON {
    public static func render(_ results: TrendsResults) throws -> String {
        try JSONOutput.encode(results) + "\n"
    }
}
