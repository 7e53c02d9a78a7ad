/// Special educational needs provision before the 2014 reforms (shared/DOMAIN.md, "Pupil
/// controls"): none, School Action (`sa`), School Action Plus (`sap`) or a Statement of SEN
/// (`statement`). In R's factor order `none` is the reference level, so lme4 names the effects
/// `sensa`, `sensap` and `senstatement`.
public enum SENProvision: String, Sendable, CaseIterable, Codable {
    case none
    case schoolAction = "sa"
    case schoolActionPlus = "sap"
    case statement
}
