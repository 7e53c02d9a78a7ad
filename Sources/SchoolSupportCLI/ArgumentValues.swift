import ArgumentParser
import Education
import MixedModels
import ValueForMoney

// Option values with a fixed set of choices, so that ArgumentParser checks them and `--help`
// lists them.

/// `fit --family`: the linear mixed model (gaussian) or a generalised model's distribution.
enum FamilyArgument: String, CaseIterable, ExpressibleByArgument {
    case gaussian, binomial, poisson

    /// The distribution of a generalised model; nil for gaussian.
    var distribution: Distribution? {
        switch self {
        case .gaussian: nil
        case .binomial: .binomial
        case .poisson: .poisson
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

    var outcome: EvaluationOutcome {
        switch self {
        case .ks4Capped: .ks4Capped
        case .ks4FiveACEM: .ks4FiveACEM
        }
    }
}
