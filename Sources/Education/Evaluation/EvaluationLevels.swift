/// The random-effects structure: pupils in schools (two levels), or pupils in schools in
/// local authorities (three levels). School URNs are unique across LAs, so `(1 | la) +
/// (1 | school)` is lme4's `(1 | la/school)`.
public enum EvaluationLevels: String, Sendable, CaseIterable, Codable, Hashable {
    case two
    case three

    /// The random-effects part of the formula.
    public var randomEffects: String {
        switch self {
        case .two: "(1 | school)"
        case .three: "(1 | la) + (1 | school)"
        }
    }

    /// The grouping columns.
    public var groupingColumns: [String] {
        switch self {
        case .two: ["school"]
        case .three: ["la", "school"]
        }
    }
}
