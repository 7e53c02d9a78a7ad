/// One secondary school of a synthetic cohort.
public struct SyntheticSchool: Sendable, Equatable, Codable {
    /// URN-like six-digit identifier.
    public var urn: Int
    /// Code of the school's local authority.
    public var la: Int
    public var area: CohortArea
    /// The school's underlying free-school-meals rate; pupils' FSM flags are Bernoulli draws
    /// with this probability.
    public var fsmRate: Double
    public var support: SupportCategory
    /// Number of KS4 pupils in the cohort.
    public var cohortSize: Int
    /// True school random intercepts.
    public var effects: TrueRandomEffects
}
