/// Why a row of an input file was rejected or excluded, as counted in the read summary. The raw
/// values are the codes printed in reports.
public enum RejectionKind: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    /// A required value is missing (empty or `NA`).
    case missingRequired = "missing_required"
    /// A numeric column holds text that is not a number (or is infinite).
    case notANumber = "not_a_number"
    /// A whole-number column holds a fraction.
    case notAWholeNumber = "not_a_whole_number"
    /// A coded column holds a code outside its allowed list.
    case unknownCode = "unknown_code"
    /// A number lies outside its allowed range.
    case outOfRange = "out_of_range"
    /// A value is malformed or contradicts another value of the row (a date that does not
    /// exist, support ending before it starts, absence exceeding possible sessions, a measure
    /// not in use in the row's year, ...).
    case invalidValue = "invalid_value"
    /// The row repeats the key of an earlier accepted row (a school's URN; a pupil's
    /// identifier, year and key stage).
    case duplicate
    /// The row's school is not in the school file.
    case unknownSchool = "unknown_school"
    /// The row's school is in the school file but its row was rejected.
    case schoolRejected = "school_rejected"
    /// The LA on a pupil row differs from the LA of the pupil's school.
    case laMismatch = "la_mismatch"
    /// A pupil's key stage is not one the school's phase teaches (a KS4 pupil at a primary
    /// school, a KS2 pupil at a secondary school).
    case phaseMismatch = "phase_mismatch"
    /// A pupil at a special school or in alternative provision: outside the mainstream cohorts
    /// that the evaluation models, as NFER's City Challenge evaluation analysed mainstream
    /// primary and secondary schools (listed, not dropped silently).
    case notMainstream = "not_mainstream"
    /// A school's area differs from that of an earlier school in the same LA.
    case areaConflict = "area_conflict"
    /// A support record's `cross_la` contradicts its `partner_la` and the school's LA.
    case crossLAContradiction = "cross_la_contradiction"

    public static func < (lhs: RejectionKind, rhs: RejectionKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
