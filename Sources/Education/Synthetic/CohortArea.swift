/// The area a local authority belongs to, for reporting City Challenge results by area.
///
/// City Challenge (2008–2011) covered London, the Black Country (four boroughs) and Greater
/// Manchester (ten local authorities); every other LA is `elsewhere` (shared/DOMAIN.md,
/// "The programmes being evaluated").
public enum CohortArea: String, Sendable, CaseIterable, Codable {
    case london
    case blackCountry = "black_country"
    case greaterManchester = "greater_manchester"
    case elsewhere

    /// True for the three City Challenge areas.
    public var isCityChallenge: Bool { self != .elsewhere }
}
