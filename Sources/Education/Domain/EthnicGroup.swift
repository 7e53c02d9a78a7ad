/// Six broad ethnic groups, coded like the NPD's major ethnic groups:
/// White British (`WBRI`), any other White background (`WOTH`), Asian or Asian British (`ASIA`),
/// Black or Black British (`BLAC`), Mixed (`MIXD`) and any other group or unclassified (`OTHR`).
///
/// The generator's effects are stated relative to White British, the largest group. R's
/// alphabetical factor order makes `ASIA` the reference level instead; see
/// `OutcomeCoefficients.lme4FixedEffects` for the conversion.
public enum EthnicGroup: String, Sendable, CaseIterable, Codable {
    case whiteBritish = "WBRI"
    case whiteOther = "WOTH"
    case asian = "ASIA"
    case black = "BLAC"
    case mixed = "MIXD"
    case other = "OTHR"
}
