/// A school's predicted random intercept (conditional mode, lme4's `ranef`) with the interval
/// from its conditional variance (lme4's `condVar`): the school's difference from a school
/// with the same pupils and support, on the outcome's scale. Intervals treat the fixed effects
/// as known, as lme4's do.
public struct SchoolEffect: Sendable, Equatable, Codable {
    /// The school's URN.
    public var school: String
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    /// The school's primary support category in the data.
    public var category: String?
}
