/// Why a domain value could not be constructed. Every validated initialiser in the `Education`
/// domain throws one of these instead of trapping, so that invalid values are never
/// representable; the file readers turn them into row rejections that name the file, row,
/// column and value.
public enum DomainValueError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A number lies outside its allowed range; `allowed` describes the range, e.g. "0...464".
    case outOfRange(field: String, value: String, allowed: String)
    /// A value is malformed or contradicts another value; `reason` says how.
    case invalid(field: String, value: String, reason: String)

    /// The name of the field at fault.
    public var field: String {
        switch self {
        case let .outOfRange(field, _, _), let .invalid(field, _, _): field
        }
    }

    public var description: String {
        switch self {
        case let .outOfRange(field, value, allowed):
            "\(field) must lie in \(allowed) (got \(value))"
        case let .invalid(field, value, reason):
            "\(field) \(value): \(reason)"
        }
    }

    /// Formats a number for messages: whole numbers without a decimal point.
    static func text(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int(value))
        }
        return String(value)
    }
}
