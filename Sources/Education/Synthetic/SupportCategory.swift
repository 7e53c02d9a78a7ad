/// A school's Leadership Strategy support category, the default classification suggested in
/// shared/DOMAIN.md (NFER, Rudd et al. 2011, "three types of Leadership Strategy support"):
///
/// - `none`: no recorded involvement;
/// - `receiving`: the school receives support from a National or Local Leader of Education;
/// - `providing`: the school provides support (an NLE/LLE's own National Support School, or a
///   Teaching School);
/// - `tsProgramme`: the school's staff took Teaching School programmes (Improving Teacher
///   Programme, Outstanding Teacher Programme).
///
/// The raw values are the CSV codes; in R's alphabetical factor order `none` is the reference
/// level, so lme4 names the effects `supportproviding`, `supportreceiving`, `supportts_programme`.
public enum SupportCategory: String, Sendable, CaseIterable, Codable {
    case none
    case receiving
    case providing
    case tsProgramme = "ts_programme"
}
