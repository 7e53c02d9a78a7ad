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

/// Number formatting for reports (never "nan" or "inf").
public enum Format {
    public static func number(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return "n/a" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(format: "%.\(digits)g", x)
    }

    public static func money(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let rounded = Int(x.rounded())
        let digits = String(abs(rounded))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (rounded < 0 ? "-£" : "£") + out
    }

    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f", x)
    }
}
