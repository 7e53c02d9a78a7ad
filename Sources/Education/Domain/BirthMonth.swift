/// A pupil's month of birth. In England the school year runs from 1 September, so September-born
/// pupils are the oldest in their year group and August-born the youngest; attainment rises
/// with relative age, which is why month of birth is a common control (DfE, *Month of birth and
/// education*, 2010).
public struct BirthMonth: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The calendar month, 1 (January) to 12 (December).
    public let month: Int

    /// A month; `DomainValueError.outOfRange` outside 1...12.
    public init(_ month: Int) throws(DomainValueError) {
        guard (1...12).contains(month) else {
            throw .outOfRange(field: "month_of_birth", value: String(month), allowed: "1...12")
        }
        self.month = month
    }

    public init(from decoder: any Decoder) throws {
        self = try BirthMonth(try decoder.singleValueContainer().decode(Int.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(month)
    }

    /// Months younger than the oldest pupils in the year group: September 0 ... August 11.
    public var monthsYoungerThanOldest: Int { (month + 3) % 12 }

    public var description: String { String(month) }
}
