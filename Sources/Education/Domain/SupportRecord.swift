/// One spell of school-to-school support involving a school: what kind, which side the school
/// was on, when, how much (days) and at what cost, and with which partner.
///
/// Support averaged about one day a week, more at the start, typically for one to three years,
/// and could cross local-authority boundaries (NFER, Rudd et al. 2011); hypothesis H5 of that
/// evaluation asks whether support across LA boundaries is more effective.
///
/// `days` is the total number of days of support over the whole spell (start to end); a spell
/// without an end date is ongoing. `daysOfSupport(in:)` spreads the total evenly over the spell.
public struct SupportRecord: Sendable, Hashable, Codable {
    /// An identifier for the record, if the source gives one.
    public var id: String?
    /// The school the record is about.
    public var school: URN
    public var kind: SupportKind
    public var role: SupportRole
    /// First day of support.
    public private(set) var start: CalendarDate
    /// Last day of support; nil while ongoing.
    public private(set) var end: CalendarDate?
    /// Total days of support over the spell, if known.
    public private(set) var days: Double?
    /// The partner school (the client of a provider, the provider of a client), if known.
    public private(set) var partner: URN?
    /// The partner school's local authority, if known.
    public var partnerLA: LocalAuthorityCode?
    /// Whether the support crossed an LA boundary, when stated rather than derived from
    /// `partnerLA`.
    public var crossLA: Bool?
    /// Cost in pounds (bursaries, grants, payments for days), if known.
    public private(set) var cost: Double?
    /// The programme or project name (e.g. "Improving Teacher Programme"), if given.
    public var programme: String?

    /// Validates: `end` not before `start`; `days` and `cost` finite and not negative; `days`
    /// no more than the calendar days of a closed spell; the partner not the school itself.
    public init(
        id: String? = nil, school: URN, kind: SupportKind, role: SupportRole,
        start: CalendarDate, end: CalendarDate? = nil, days: Double? = nil,
        partner: URN? = nil, partnerLA: LocalAuthorityCode? = nil, crossLA: Bool? = nil,
        cost: Double? = nil, programme: String? = nil
    ) throws(DomainValueError) {
        if let end, end < start {
            throw .invalid(field: "end_date", value: end.description, reason: "support ends before it starts (\(start))")
        }
        if let days {
            guard days.isFinite, days >= 0 else {
                throw .outOfRange(field: "days", value: DomainValueError.text(days), allowed: "0 or more")
            }
            if let end, days > Double(end.dayNumber - start.dayNumber + 1) {
                throw .invalid(
                    field: "days", value: DomainValueError.text(days),
                    reason: "more days of support than calendar days from \(start) to \(end)")
            }
        }
        if let cost {
            guard cost.isFinite, cost >= 0 else {
                throw .outOfRange(field: "cost", value: DomainValueError.text(cost), allowed: "0 or more")
            }
        }
        if let partner, partner == school {
            throw .invalid(field: "partner_urn", value: partner.description, reason: "a school cannot support itself")
        }
        self.id = id
        self.school = school
        self.kind = kind
        self.role = role
        self.start = start
        self.end = end
        self.days = days
        self.partner = partner
        self.partnerLA = partnerLA
        self.crossLA = crossLA
        self.cost = cost
        self.programme = programme
    }

    /// Whether any day of the spell falls in `year` (1 September to 31 August).
    public func isActive(in year: AcademicYear) -> Bool {
        start <= year.lastDay && (end.map { $0 >= year.firstDay } ?? true)
    }

    /// Calendar days of the spell that fall in `year`; for an ongoing spell, up to the end of
    /// the year.
    public func activeDays(in year: AcademicYear) -> Int {
        let first = max(start, year.firstDay)
        let last = min(end ?? year.lastDay, year.lastDay)
        return max(0, last.dayNumber - first.dayNumber + 1)
    }

    /// The days of support delivered in `year`: `days` times the share of the spell's calendar
    /// days that fall in the year. Nil when `days` is unknown, or when the spell is ongoing
    /// (its length, and so the share, is unknown) and extends beyond the year.
    public func daysOfSupport(in year: AcademicYear) -> Double? {
        guard let days else { return nil }
        guard isActive(in: year) else { return 0 }
        guard let end else { return nil }
        let span = end.dayNumber - start.dayNumber + 1
        return days * Double(activeDays(in: year)) / Double(span)
    }

    /// Whether the support crossed an LA boundary, given the school's own LA: from `partnerLA`
    /// when known, otherwise the stated `crossLA`; nil when neither is known.
    public func isCrossLA(schoolLA: LocalAuthorityCode) -> Bool? {
        if let partnerLA { return partnerLA != schoolLA }
        return crossLA
    }
}
