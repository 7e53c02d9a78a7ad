import ArgumentParser
import Education
import MixedModels
import ValueForMoney

// Option values with a fixed set of choices, so that ArgumentParser checks them and `--help`
// lists them.

/// `fit --family`: the linear mixed model (gaussian) or a generalised model's distribution.
enum FamilyArgument: String, CaseIterable, ExpressibleByArgument {
    case gaussian, binomial, poisson, nbinom2, betabinomial

    /// The distribution of a generalised model; nil for gaussian.
    var distribution: Distribution? {
        switch self {
        case .gaussian: nil
        case .binomial: .binomial
        case .poisson: .poisson
        case .nbinom2: .negativeBinomial
        case .betabinomial: .betaBinomial
        }
    }
}

extension Link: ExpressibleByArgument {}

/// `trends --comparison`.
enum ComparisonArgument: String, CaseIterable, ExpressibleByArgument {
    case national
    case notSupported = "not-supported"
}

extension ThresholdMeasure: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension OutcomeMeasure: ExpressibleByArgument {
    public init?(argument: String) {
        // nil makes ArgumentParser refuse the value, naming the option and listing the
        // valid outcomes (`allValueStrings`).
        guard let parsed = try? OutcomeMeasure(parsing: argument) else { return nil }
        self = parsed
    }
}

extension GCSESubject: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// `evaluate --coverage-outcome`: the outcomes the coverage study can simulate.
enum CoverageOutcomeArgument: String, CaseIterable, ExpressibleByArgument {
    case ks4Capped = "ks4_capped"
    case ks4FiveACEM = "ks4_5ac_em"
    case totalAbsence = "absence"
    case unauthorisedAbsence = "unauthorised"

    var outcome: EvaluationOutcome {
        switch self {
        case .ks4Capped: .ks4Capped
        case .ks4FiveACEM: .ks4FiveACEM
        case .totalAbsence: .totalAbsence
        case .unauthorisedAbsence: .unauthorisedAbsence
        }
    }
}

/// A number option that keeps the text the user wrote, so that a rejection quotes it
/// (`1e400`, `inf`) rather than the parsed value (`inf`, or an empty string).
struct NumberArgument: ExpressibleByArgument, Sendable {
    let text: String
    let value: Double

    init?(argument: String) {
        guard let value = Double(argument.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.text = argument
        self.value = value
    }

    /// A default value, shown in `--help` as the number.
    init(_ value: Double) {
        self.text = "\(value)"
        self.value = value
    }

    var defaultValueDescription: String { text }

    /// Throws a usage error naming the option and quoting the value unless it is finite.
    func requireFinite(_ option: String) throws {
        guard value.isFinite else {
            throw ValidationError("\(option) must be a finite number, got '\(text)'")
        }
    }
}
