/// The default categories of Leadership Strategy support, following NFER's evaluation of
/// City Challenge (Rudd et al. 2011), which classified schools into "three types of Leadership
/// Strategy support" without naming them:
///
/// - `none`: no classified support active in the year;
/// - `receiving`: the school receives support from a National or Local Leader of Education;
/// - `providing`: the school provides support (an NLE's or LLE's own school, i.e. a National
///   Support School, or a Teaching School);
/// - `tsProgramme`: the school's staff took Teaching School programmes (the Improving Teacher
///   Programme or the Outstanding Teacher Programme).
///
/// These are the labels of `SupportClassification.nferDefault`, which derives them from
/// support records; other classifications may use other labels. The raw values are the codes
/// used in files and in the analysis table's `support` column: in R's alphabetical factor order
/// `none` is the reference level, so lme4 names the effects `supportproviding`,
/// `supportreceiving` and `supportts_programme`.
public enum SupportCategory: String, Sendable, CaseIterable, Codable, Hashable {
    case none
    case receiving
    case providing
    case tsProgramme = "ts_programme"
}
