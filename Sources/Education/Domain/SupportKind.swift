/// The kind of school-to-school support a record describes, following the elements of the
/// City Challenge Leadership Strategies evaluated by NFER (Rudd et al. 2011):
///
/// - `nle`: a deployment of a National Leader of Education, an outstanding serving headteacher
///   supporting a client school; the NLE's own school is a National Support School and its staff
///   help too;
/// - `lle`: a deployment of a Local Leader of Education;
/// - `teachingSchool`: a Teaching School (or Facilitation School) programme such as the
///   Improving Teacher Programme or the Outstanding Teacher Programme;
/// - `localProject`: a local project (Primary Challenge Groups, Families of Schools, Good to
///   Bostin, Middle Leaders of Education, ...).
///
/// The raw values are the data-file codes.
public enum SupportKind: String, Sendable, CaseIterable, Codable, Hashable {
    case nle
    case lle
    case teachingSchool = "teaching_school"
    case localProject = "local_project"
}
