/// A school's side of a support relationship: `providing` (an NLE's or LLE's school, a
/// Teaching School running a programme) or `receiving` (a client school, a school whose staff
/// take a programme). A school can both provide and receive support (NFER, Rudd et al. 2011),
/// with one record for each.
///
/// The raw values are the data-file codes.
public enum SupportRole: String, Sendable, CaseIterable, Codable, Hashable {
    case providing
    case receiving
}
