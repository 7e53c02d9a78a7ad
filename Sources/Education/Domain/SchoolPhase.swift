/// A school's phase of education, as in DfE's register of establishments (Get Information
/// about Schools). NFER's City Challenge evaluation (Rudd et al. 2011) analysed KS2 outcomes in
/// primary schools and KS4 outcomes in secondary schools.
///
/// The raw values are the data-file codes.
public enum SchoolPhase: String, Sendable, CaseIterable, Codable, Hashable {
    case primary
    /// Middle schools (deemed primary or deemed secondary).
    case middle
    case secondary
    /// Schools teaching both primary and secondary pupils.
    case allThrough = "all_through"
    /// Special schools.
    case special
    /// Pupil referral units and other alternative provision.
    case alternativeProvision = "alternative_provision"

    /// Whether the phase is a mainstream one (primary, middle, secondary, all-through) rather
    /// than a special school or alternative provision, whose pupils the evaluation leaves out.
    public var isMainstream: Bool {
        switch self {
        case .primary, .middle, .secondary, .allThrough: true
        case .special, .alternativeProvision: false
        }
    }

    /// The phase in words, for messages.
    public var description: String {
        switch self {
        case .primary: "a primary school"
        case .middle: "a middle school"
        case .secondary: "a secondary school"
        case .allThrough: "an all-through school"
        case .special: "a special school"
        case .alternativeProvision: "alternative provision"
        }
    }

    /// The key stages at which the phase normally has an end-of-stage cohort.
    public var keyStages: Set<KeyStage> {
        switch self {
        case .primary: [.ks2]
        case .secondary: [.ks4]
        case .middle, .allThrough, .special, .alternativeProvision: [.ks2, .ks4]
        }
    }
}
