import Foundation

/// How future costs and benefits are discounted to the first year of the appraisal (year 0).
///
/// The Green Book schedule (HM Treasury, *The Green Book*, 2022, Annex A6, declining long-term
/// discount rate): 3.5% a year for years 0–30, 3.0% for years 31–75, 2.5% for 76–125, 2.0% for
/// 126–200, 1.5% for 201–300 and 1.0% beyond. The factor for year t compounds the rate of each
/// year, e.g. D(40) = 1/(1.035³⁰ · 1.03¹⁰).
public enum DiscountSchedule: Sendable, Equatable {
    /// No discounting: D(t) = 1.
    case none
    /// HM Treasury Green Book declining schedule (the default).
    case greenBook
    /// One constant annual rate r (0.035 = 3.5%): D(t) = 1/(1 + r)ᵗ. Needs r > −1.
    case constant(rate: Double)

    /// Parses `green-book`, `none` or a rate such as `0.035` or `3.5%`.
    public init(parsing text: String) throws {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch key {
        case "green-book", "greenbook", "green_book": self = .greenBook
        case "none", "0", "off": self = .none
        default:
            let isPercent = key.hasSuffix("%")
            guard let number = Double(isPercent ? String(key.dropLast()) : key) else {
                throw ValueForMoneyError.invalid(parameter: "discount",
                                                 reason: "expected green-book, none or a rate such as 0.035 or 3.5%, got '\(text)'")
            }
            self = .constant(rate: isPercent ? number / 100 : number)
        }
        try validate()
    }

    /// The Green Book bands: (last year of the band, annual rate).
    static let greenBookBands: [(upTo: Int, rate: Double)] =
        [(30, 0.035), (75, 0.030), (125, 0.025), (200, 0.020), (300, 0.015), (Int.max, 0.010)]

    public static let greenBookSource =
        "HM Treasury (2022) The Green Book, Annex A6: 3.5% years 0-30, 3.0% years 31-75 (declining thereafter)"

    /// A short name for reports and JSON.
    public var name: String {
        switch self {
        case .none: return "none"
        case .greenBook: return "green-book"
        case .constant(let r): return "constant \(Format.number(r * 100))%"
        }
    }

    /// Throws when a constant rate is not finite or is −100% or less.
    public func validate() throws {
        if case .constant(let r) = self {
            _ = try Check.finite(r, "discountRate")
            guard r > -1 else {
                throw ValueForMoneyError.outOfRange(parameter: "discountRate", value: r, allowed: "greater than -1 (-100%)")
            }
        }
    }

    /// The discount factor D(t) for a cost or benefit t whole years after year 0 (t ≥ 0).
    public func factor(year t: Int) throws -> Double {
        guard t >= 0 else {
            throw ValueForMoneyError.negative(parameter: "year", value: Double(t))
        }
        switch self {
        case .none:
            return 1
        case .constant(let r):
            try validate()
            return pow(1 + r, -Double(t))
        case .greenBook:
            var factor = 1.0, previous = 0
            for band in Self.greenBookBands {
                let years = min(t, band.upTo) - previous
                if years <= 0 { break }
                factor /= pow(1 + band.rate, Double(years))
                previous = band.upTo
            }
            return factor
        }
    }
}
