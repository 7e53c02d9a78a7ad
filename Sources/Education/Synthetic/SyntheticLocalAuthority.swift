/// One local authority of a synthetic cohort.
public struct SyntheticLocalAuthority: Sendable, Equatable, Codable {
    /// DfE-style three-digit LA code: real codes for the City Challenge boroughs (London 201–213
    /// and 301–320, Black Country 332, 333, 335, 336, Greater Manchester 350–359) while they
    /// last, then synthetic codes from 1001 upwards; other LAs get synthetic codes from 801.
    public var code: Int
    public var area: CohortArea
    /// True LA random intercepts.
    public var effects: TrueRandomEffects
}
