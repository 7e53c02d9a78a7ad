/// An Ofsted judgement on the four-point scale: 1 outstanding, 2 good, 3 requires improvement
/// (called satisfactory before September 2012), 4 inadequate. A lower number is a better
/// grade; the raw values are the file codes.
public enum OfstedGrade: Int, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case outstanding = 1
    case good = 2
    case requiresImprovement = 3
    case inadequate = 4

    /// The grade for a file value; `DomainValueError.outOfRange` unless it is 1, 2, 3 or 4.
    public init(_ value: Int, field: String) throws(DomainValueError) {
        guard let grade = OfstedGrade(rawValue: value) else {
            throw .outOfRange(field: field, value: String(value), allowed: "1...4 (1 outstanding, 2 good, 3 requires improvement, 4 inadequate)")
        }
        self = grade
    }

    public var label: String {
        switch self {
        case .outstanding: "outstanding"
        case .good: "good"
        case .requiresImprovement: "requires improvement"
        case .inadequate: "inadequate"
        }
    }

    /// Whether `self` is a better judgement than `other` (a lower number).
    public func isBetter(than other: OfstedGrade) -> Bool { rawValue < other.rawValue }

    public static func < (lhs: OfstedGrade, rhs: OfstedGrade) -> Bool { lhs.rawValue < rhs.rawValue }
}
