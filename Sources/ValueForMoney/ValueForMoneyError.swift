import Foundation

/// An input the value-for-money analysis cannot use. Every case names the parameter and the
/// value it was given, so that a message can be shown to the user unchanged.
public enum ValueForMoneyError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The value is NaN or infinite.
    case notFinite(parameter: String, value: Double)
    /// The value is below zero where only zero or more makes sense (a cost, a count).
    case negative(parameter: String, value: Double)
    /// The value is zero or below where only a positive value makes sense (pupils, a standard error).
    case notPositive(parameter: String, value: Double)
    /// The value lies outside the interval the parameter allows.
    case outOfRange(parameter: String, value: Double, allowed: String)
    /// The outcome name is not one the library can monetise.
    case unknownOutcome(String)
    /// A parameter the analysis needs was not supplied.
    case missing(parameter: String, reason: String)
    /// Any other unusable value, with an explanation.
    case invalid(parameter: String, reason: String)

    public var description: String {
        switch self {
        case .notFinite(let p, let v):
            return "\(p) must be a finite number, got \(Self.format(v))"
        case .negative(let p, let v):
            return "\(p) must not be negative, got \(Self.format(v))"
        case .notPositive(let p, let v):
            return "\(p) must be greater than zero, got \(Self.format(v))"
        case .outOfRange(let p, let v, let allowed):
            return "\(p) must be \(allowed), got \(Self.format(v))"
        case .unknownOutcome(let name):
            let known = OutcomeMeasure.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown outcome '\(name)'; expected one of: \(known)"
        case .missing(let p, let reason):
            return "\(p) is required: \(reason)"
        case .invalid(let p, let reason):
            return "\(p) is invalid: \(reason)"
        }
    }

    public var errorDescription: String? { description }

    /// The value as a person would write it: `5`, `0.035`, `1.5e+20` (never `5.0`).
    private static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "infinity" : "-infinity" }
        return Format.number(v, digits: 15)
    }

    /// The parameter the error names.
    public var parameter: String {
        switch self {
        case .notFinite(let p, _), .negative(let p, _), .notPositive(let p, _), .outOfRange(let p, _, _),
             .missing(let p, _), .invalid(let p, _): p
        case .unknownOutcome: "outcome"
        }
    }

    /// The same error naming the parameter as `rename` gives it (for example a command-line
    /// option instead of the Swift property).
    public func renamingParameter(_ rename: (String) -> String) -> ValueForMoneyError {
        switch self {
        case let .notFinite(p, v): .notFinite(parameter: rename(p), value: v)
        case let .negative(p, v): .negative(parameter: rename(p), value: v)
        case let .notPositive(p, v): .notPositive(parameter: rename(p), value: v)
        case let .outOfRange(p, v, allowed): .outOfRange(parameter: rename(p), value: v, allowed: allowed)
        case let .missing(p, reason): .missing(parameter: rename(p), reason: reason)
        case let .invalid(p, reason): .invalid(parameter: rename(p), reason: reason)
        case .unknownOutcome: self
        }
    }
}

/// Validation helpers shared by the input types. Each returns the value unchanged or throws an
/// error that names the parameter.
enum Check {
    static func finite(_ value: Double, _ parameter: String) throws -> Double {
        guard value.isFinite else { throw ValueForMoneyError.notFinite(parameter: parameter, value: value) }
        return value
    }

    static func nonNegative(_ value: Double, _ parameter: String) throws -> Double {
        _ = try finite(value, parameter)
        guard value >= 0 else { throw ValueForMoneyError.negative(parameter: parameter, value: value) }
        return value
    }

    static func positive(_ value: Double, _ parameter: String) throws -> Double {
        _ = try finite(value, parameter)
        guard value > 0 else { throw ValueForMoneyError.notPositive(parameter: parameter, value: value) }
        return value
    }

    /// A proportion in [0, 1) (a deadweight, a displacement or a decay share below one).
    static func fractionBelowOne(_ value: Double, _ parameter: String) throws -> Double {
        _ = try finite(value, parameter)
        guard value >= 0, value < 1 else {
            throw ValueForMoneyError.outOfRange(parameter: parameter, value: value, allowed: "at least 0 and below 1")
        }
        return value
    }

    /// A proportion in [0, 1].
    static func fraction(_ value: Double, _ parameter: String) throws -> Double {
        _ = try finite(value, parameter)
        guard value >= 0, value <= 1 else {
            throw ValueForMoneyError.outOfRange(parameter: parameter, value: value, allowed: "between 0 and 1")
        }
        return value
    }
}
