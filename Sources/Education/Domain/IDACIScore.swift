/// The Income Deprivation Affecting Children Index score of a pupil's home postcode area: the
/// share of children aged under 16 in the area living in income-deprived families, from 0 to 1
/// (Ministry of Housing, Communities and Local Government, *English Indices of Deprivation*;
/// the NPD attaches it to each pupil's record).
public struct IDACIScore: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The score, in [0, 1].
    public let value: Double

    /// A score; `DomainValueError.outOfRange` unless `value` lies in [0, 1].
    public init(_ value: Double) throws(DomainValueError) {
        guard value >= 0, value <= 1 else {
            throw .outOfRange(field: "idaci", value: DomainValueError.text(value), allowed: "0...1")
        }
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        self = try IDACIScore(try decoder.singleValueContainer().decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { String(value) }
}
