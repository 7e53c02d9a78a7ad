/// One primary school of a synthetic KS2 cohort.
public struct SyntheticPrimarySchool: Sendable, Equatable, Codable {
    /// URN-like six-digit identifier, distinct from every secondary school's (200001 upwards).
    public var urn: Int
    /// Code of the school's local authority (one of the cohort's LAs).
    public var la: Int
    public var area: CohortArea
    /// The school's underlying free-school-meals rate.
    public var fsmRate: Double
    public var support: SupportCategory
    /// Number of KS2 pupils in the cohort.
    public var cohortSize: Int
    /// True school random intercepts of the KS2 models.
    public var effects: KS2RandomEffects
}
