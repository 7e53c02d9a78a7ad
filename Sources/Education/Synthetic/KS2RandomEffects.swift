/// The true random intercepts of one primary school or local authority in the KS2 cohort's
/// outcome models, kept so that predicted random effects can be compared with them.
public struct KS2RandomEffects: Sendable, Equatable, Codable {
    /// KS2 average point score, in fine points.
    public var attainment: Double
    /// Total absence, in log-odds.
    public var absence: Double
    /// Unauthorised share of absence, in log-odds.
    public var unauthorisedShare: Double

    public init(attainment: Double, absence: Double, unauthorisedShare: Double) {
        self.attainment = attainment
        self.absence = absence
        self.unauthorisedShare = unauthorisedShare
    }
}
