/// Pupil gender as recorded in the school census (DfE): `F` or `M`. In R's factor order `F` is the
/// reference level, so lme4 names the effect `genderM`.
public enum Gender: String, Sendable, CaseIterable, Codable {
    case female = "F"
    case male = "M"
}
