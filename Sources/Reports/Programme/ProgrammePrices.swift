import DataTable
import Education
import Foundation
import ValueForMoney

/// The prices the recorded costs are reported in: cash prices, or real terms in the prices of a
/// base year through a `PriceDeflator` (real = cash × index[base] / index[price year], the
/// price year being the calendar year the support starts in).
public struct ProgrammePrices: Sendable, Equatable {
    public var deflator: PriceDeflator?
    public var baseYear: Int?

    /// Cash prices.
    public init() {}

    /// Real terms in `baseYear` prices; `ValueForMoneyError` when the deflator has no index for
    /// the base year or an index that is not positive.
    public init(deflator: PriceDeflator, baseYear: Int) throws {
        try deflator.validate()
        _ = try deflator.factor(from: baseYear, to: baseYear)
        self.deflator = deflator
        self.baseYear = baseYear
    }

    /// "2010 prices (deflator: ...)" or "cash prices (not deflated)".
    public var basis: String {
        guard let deflator, let baseYear else { return "cash prices (not deflated)" }
        return "\(baseYear) prices (deflator: \(deflator.source))"
    }

    /// The multiplier from `year` prices to the price base; nil when the deflator lacks `year`.
    public func factor(from year: Int) -> Double? {
        guard let deflator, let baseYear else { return 1 }
        do { return try deflator.factor(from: year, to: baseYear) } catch { return nil }
    }

    /// The programme analysis of `records` in these prices.
    public func analysis(_ records: ProgrammeRecords, asOf: CalendarDate) -> ProgrammeAnalysis {
        ProgrammeAnalysis(records: records, asOf: asOf, priceBasis: basis, priceBaseYear: baseYear, factor: factor(from:))
    }

    /// Reads a deflator file: a CSV with columns `year` (a whole calendar or financial year)
    /// and `index` (positive), one row per year. Any bad row makes the series unusable: the
    /// error names the file, row and column.
    public static func readDeflator(path: String) throws -> PriceDeflator {
        let table: DataTable
        do { table = try DataTable.readCSV(path: path) } catch { throw ValueForMoneyError.invalid(parameter: "--deflator \(path)", reason: "\(error)") }
        guard let years = table.columns.first(where: { $0.name == "year" }),
              let values = table.columns.first(where: { $0.name == "index" }) else {
            throw ValueForMoneyError.invalid(parameter: "--deflator \(path)",
                                             reason: "needs columns \"year\" and \"index\"; the header has \(table.columnNames.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        var index: [Int: Double] = [:]
        for row in 0..<table.rowCount {
            let where_ = "\(path): row \(row + 1)"
            let yearText = years.writtenText(at: row) ?? ""
            guard let year = Double(yearText.trimmingCharacters(in: .whitespaces)), year == year.rounded(), abs(year) < 1e6 else {
                throw ValueForMoneyError.invalid(parameter: "\(where_), column year", reason: "\"\(yearText)\" is not a whole year")
            }
            let valueText = values.writtenText(at: row) ?? ""
            guard let value = Double(valueText.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else {
                throw ValueForMoneyError.invalid(parameter: "\(where_), column index", reason: "\"\(valueText)\" is not a positive number")
            }
            guard index[Int(year)] == nil else {
                throw ValueForMoneyError.invalid(parameter: "\(where_), column year", reason: "year \(Int(year)) is given twice")
            }
            index[Int(year)] = value
        }
        return PriceDeflator(index: index, source: URL(fileURLWithPath: path).lastPathComponent)
    }
}
