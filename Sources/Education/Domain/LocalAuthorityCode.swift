/// A local authority's DfE number: the three-digit code used in the National Pupil Database
/// and school performance tables (e.g. 201 City of London, 332 Dudley, 352 Manchester).
///
/// Codes 100–99999 are accepted so that synthetic data sets can give made-up authorities
/// four- or five-digit codes that never clash with real ones.
public struct LocalAuthorityCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The allowed values.
    public static let allowed = 100...99_999

    /// The number.
    public let value: Int

    /// An LA code; `DomainValueError.outOfRange` outside 100...99999.
    public init(_ value: Int) throws(DomainValueError) {
        guard Self.allowed.contains(value) else {
            throw .outOfRange(field: "la", value: String(value), allowed: "100...99999")
        }
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        self = try LocalAuthorityCode(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func < (lhs: LocalAuthorityCode, rhs: LocalAuthorityCode) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }
}
