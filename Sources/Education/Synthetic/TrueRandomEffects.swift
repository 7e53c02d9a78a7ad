/// The true random intercepts of one school or local authority in each outcome model, kept so
/// that predicted random effects (BLUPs, conditional modes) can be compared with them.
public struct TrueRandomEffects: Sendable, Equatable, Codable {
    /// Capped point score, in points.
    public var capped: Double
    /// 5A*–C including English and maths, in log-odds.
    public var fiveACEM: Double
    /// Total absence, in log-odds.
    public var absence: Double
    /// Unauthorised share of absence, in log-odds.
    public var unauthorisedShare: Double

    public init(capped: Double, fiveACEM: Double, absence: Double, unauthorisedShare: Double) {
        self.capped = capped
        self.fiveACEM = fiveACEM
        self.absence = absence
        self.unauthorisedShare = unauthorisedShare
    }
}
