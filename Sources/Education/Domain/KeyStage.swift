/// The end-of-key-stage assessment a pupil record belongs to: KS2 at the end of primary school
/// (Year 6, age 11) or KS4 at the end of compulsory secondary schooling (Year 11, age 16;
/// GCSEs). The raw values are the data-file codes.
public enum KeyStage: Int, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case ks2 = 2
    case ks4 = 4

    public static func < (lhs: KeyStage, rhs: KeyStage) -> Bool { lhs.rawValue < rhs.rawValue }
}
