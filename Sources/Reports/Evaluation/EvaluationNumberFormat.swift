import Foundation
import ValueForMoney

/// Number formatting shared by the evaluation writers.
enum EvaluationNumberFormat {
    /// `value` with `digits` decimals, or `NA` when missing or not finite (as R prints).
    static func fixed(_ value: Double?, _ digits: Int) -> String {
        guard let value, value.isFinite else { return "NA" }
        let text = String(format: "%.\(digits)f", value)
        return text == "-" + String(format: "%.\(digits)f", 0.0) ? String(format: "%.\(digits)f", 0.0) : text
    }

    /// A p-value as reports print it: `<0.001` below 0.001, three decimals otherwise.
    static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "NA" }
        return p < 0.001 ? "<0.001" : String(format: "%.3f", p)
    }

    /// A whole number with thousands separators.
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Whole pounds with thousands separators (`10,000`, scientific from 1e15 up, as
    /// ``Format/wholeNumber(_:)``); `NA` when not finite.
    static func money(_ value: Double) -> String {
        guard value.isFinite else { return "NA" }
        return Format.wholeNumber(value)
    }

    /// A shortest round-trip decimal for machine-readable files; empty when missing.
    static func machine(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }
}
