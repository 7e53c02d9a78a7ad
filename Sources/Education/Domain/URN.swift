/// A school's Unique Reference Number: the six-digit identifier DfE's register of
/// establishments (Get Information about Schools, formerly EduBase) gives every school in
/// England, and the key that joins National Pupil Database records to schools.
public struct URN: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The allowed values: six-digit numbers.
    public static let allowed = 100_000...999_999

    /// The number.
    public let value: Int

    /// A URN; `DomainValueError.outOfRange` unless `value` has six digits.
    public init(_ value: Int) throws(DomainValueError) {
        guard Self.allowed.contains(value) else {
            throw .outOfRange(field: "urn", value: String(value), allowed: "100000...999999")
        }
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        self = try URN(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func < (lhs: URN, rhs: URN) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }
}
