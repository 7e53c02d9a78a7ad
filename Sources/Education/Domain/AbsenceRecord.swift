/// A pupil's absence over an academic year, counted in sessions (half-days; schools open for
/// at least 380 sessions a year) as in the school census (DfE, *Pupil absence in schools in
/// England*).
///
/// Overall absence is authorised plus unauthorised absence; an absence rate is sessions missed
/// divided by possible sessions. Absence is a count out of possible sessions, so models should
/// treat it as binomial (or Poisson with a log(possible) offset, allowing for
/// overdispersion), not as a plain rate.
public struct AbsenceRecord: Sendable, Hashable, Codable {
    /// The most sessions a pupil can have in a year: two a day for 366 days.
    public static let maximumSessionsPossible = 732

    /// Sessions the pupil could have attended, 1...732.
    public let sessionsPossible: Int
    /// Sessions missed with the school's permission (illness, medical appointments, ...).
    public let authorised: Int
    /// Sessions missed without permission.
    public let unauthorised: Int

    /// Validates: possible sessions in 1...732, absences non-negative, and authorised plus
    /// unauthorised absence no more than the possible sessions.
    public init(sessionsPossible: Int, authorised: Int, unauthorised: Int) throws(DomainValueError) {
        guard (1...Self.maximumSessionsPossible).contains(sessionsPossible) else {
            throw .outOfRange(field: "sessions_possible", value: String(sessionsPossible), allowed: "1...732")
        }
        guard authorised >= 0 else {
            throw .outOfRange(field: "sessions_authorised", value: String(authorised), allowed: "0 or more")
        }
        guard unauthorised >= 0 else {
            throw .outOfRange(field: "sessions_unauthorised", value: String(unauthorised), allowed: "0 or more")
        }
        guard authorised + unauthorised <= sessionsPossible else {
            throw .invalid(
                field: "sessions_authorised", value: String(authorised),
                reason: "authorised (\(authorised)) plus unauthorised (\(unauthorised)) absence exceeds the \(sessionsPossible) possible sessions")
        }
        self.sessionsPossible = sessionsPossible
        self.authorised = authorised
        self.unauthorised = unauthorised
    }

    /// Overall absence: authorised plus unauthorised sessions.
    public var overall: Int { authorised + unauthorised }

    /// Overall absence as a share of possible sessions.
    public var overallRate: Double { Double(overall) / Double(sessionsPossible) }
    /// Authorised absence as a share of possible sessions.
    public var authorisedRate: Double { Double(authorised) / Double(sessionsPossible) }
    /// Unauthorised absence as a share of possible sessions.
    public var unauthorisedRate: Double { Double(unauthorised) / Double(sessionsPossible) }

    /// Whether the pupil is persistently absent in `year`: overall absence at or above
    /// `year.persistentAbsenceThreshold` of possible sessions (10% from 2015/16, 15% before).
    public func isPersistentlyAbsent(in year: AcademicYear) -> Bool {
        overall * 100 >= year.persistentAbsencePercent * sessionsPossible
    }
}
