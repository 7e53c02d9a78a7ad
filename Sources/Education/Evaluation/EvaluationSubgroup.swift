/// The pupils a model is fitted to: all pupils of the outcome's cohort, or those in schools of
/// one area. NFER reported City Challenge results by area (London, the Black Country, Greater
/// Manchester) and by phase (Rudd et al. 2011); phase follows from the outcome (primary schools
/// for KS2, secondary for KS4). Area results come from a separate fit per area rather than
/// area-by-category interactions in one model, so that each area also gets its own school
/// (and LA) variance and its own control coefficients, as separate analyses by area would.
public enum EvaluationSubgroup: Sendable, Hashable, Codable {
    case all
    case area(Area)

    /// `all` or the area code.
    public var label: String {
        switch self {
        case .all: "all"
        case let .area(area): area.rawValue
        }
    }

    /// A readable name.
    public var title: String {
        switch self {
        case .all: "All areas"
        case .area(.london): "London"
        case .area(.blackCountry): "Black Country"
        case .area(.greaterManchester): "Greater Manchester"
        case .area(.elsewhere): "Elsewhere"
        }
    }
}
