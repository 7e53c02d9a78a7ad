import Foundation

/// A value an assumption takes: a number or a name.
public enum AssumptionValue: Sendable, Equatable, Encodable {
    case number(Double)
    case text(String)

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): if x.isFinite { try c.encode(x) } else { try c.encodeNil() }
        case .text(let s): try c.encode(s)
        }
    }

    /// The value as shown in reports: a number formatted by ``Format/number(_:digits:)``, or the name.
    public var display: String {
        switch self {
        case .number(let x): return Format.number(x)
        case .text(let s): return s
        }
    }
}

/// One assumption used in an analysis, echoed with its source in the JSON and Markdown output.
public struct Assumption: Sendable, Equatable, Encodable {
    /// Machine name, e.g. `value_per_grade`.
    public var key: String
    public var value: AssumptionValue
    public var unit: String?
    public var source: String

    public init(key: String, value: AssumptionValue, unit: String? = nil, source: String) {
        self.key = key
        self.value = value
        self.unit = unit
        self.source = source
    }

    enum CodingKeys: String, CodingKey { case key = "name", value, unit, source }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(value, forKey: .value)
        if let unit { try c.encode(unit, forKey: .unit) } else { try c.encodeNil(forKey: .unit) }
        try c.encode(source, forKey: .source)
    }
}

/// Number formatting for reports (never "nan" or "inf"), shared by the value-for-money writers,
/// the evaluation report and the command line, so that every amount of money is printed one way.
public enum Format {
    /// Magnitudes from here up are printed in scientific notation: every whole number below
    /// 2^53 ≈ 9.0e15 is exact in a Double, so digits beyond this would be noise.
    static let scientificThreshold = 1e15

    public static func number(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return "n/a" }
        if x == x.rounded(), abs(x) < scientificThreshold { return String(format: "%.0f", x) }
        return String(format: "%.\(digits)g", x)
    }

    /// `x` rounded to a whole number with thousands separators (`-1,234,568`), or in scientific
    /// notation with four significant digits (`1.000e+19`) from 1e15 up; `n/a` when not finite.
    /// Never goes through `Int`, so any finite magnitude is accepted.
    public static func wholeNumber(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let rounded = x.rounded()
        if abs(rounded) >= scientificThreshold { return String(format: "%.3e", x) }
        let digits = String(format: "%.0f", abs(rounded))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (rounded < 0 ? "-" : "") + out
    }

    /// Whole pounds: `£1,234`, `-£1,234`, `£1.000e+19`; `n/a` when not finite.
    public static func money(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let magnitude = wholeNumber(abs(x))
        return (x.rounded() < 0 ? "-£" : "£") + magnitude
    }

    /// `x` with `digits` decimals; from 1e9 up (where fixed decimals only add length) four
    /// significant digits in scientific notation; `n/a` when not finite.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "n/a" }
        if abs(x) >= 1e9 { return String(format: "%.4g", x) }
        return String(format: "%.\(digits)f", x)
    }
}
