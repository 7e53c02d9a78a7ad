/// The area a school's local authority belongs to, for reporting City Challenge results by area.
///
/// City Challenge (Department for Children, Schools and Families, 2008–2011) covered London,
/// the Black Country (four boroughs: Dudley, Sandwell, Walsall, Wolverhampton) and Greater
/// Manchester (ten local authorities); every other LA is `elsewhere`. NFER's evaluation
/// (Rudd et al. 2011) reported results separately for the three areas.
///
/// The raw values are the codes used in the data files.
public enum Area: String, Sendable, CaseIterable, Codable, Hashable {
    case london
    case blackCountry = "black_country"
    case greaterManchester = "greater_manchester"
    case elsewhere

    /// True for the three City Challenge areas.
    public var isCityChallenge: Bool { self != .elsewhere }
}

/// The name the synthetic cohort generator uses for `Area`.
public typealias CohortArea = Area
