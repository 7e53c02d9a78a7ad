import Foundation

/// A price index by calendar (or financial) year, such as HM Treasury's GDP deflators at market
/// prices (the series the Green Book asks appraisals to use for real terms). The library ships
/// no series: supply the one for your price base.
///
/// Real cost in base-year prices = cash cost × index[base] / index[year].
public struct PriceDeflator: Sendable, Equatable, Codable {
    public var index: [Int: Double]
    public var source: String

    public init(index: [Int: Double], source: String = "user-supplied (e.g. HM Treasury GDP deflators)") {
        self.index = index
        self.source = source
    }

    public func validate() throws {
        for (year, value) in index { _ = try Check.positive(value, "deflator[\(year)]") }
    }

    /// The multiplier that moves a cost from `year` prices to `base` prices.
    public func factor(from year: Int, to base: Int) throws -> Double {
        guard let from = index[year] else {
            throw ValueForMoneyError.missing(parameter: "deflator[\(year)]", reason: "no index value for \(year)")
        }
        guard let to = index[base] else {
            throw ValueForMoneyError.missing(parameter: "deflator[\(base)]", reason: "no index value for the price base \(base)")
        }
        _ = try Check.positive(from, "deflator[\(year)]")
        _ = try Check.positive(to, "deflator[\(base)]")
        return to / from
    }
}
