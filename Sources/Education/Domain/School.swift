/// A school: its URN, local authority, City Challenge area and phase (and, if given, its name
/// and opening date).
public struct School: Sendable, Hashable, Codable {
    public var urn: URN
    public var la: LocalAuthorityCode
    public var area: Area
    public var phase: SchoolPhase
    /// The school's name, if given.
    public var name: String?
    /// The day the school opened, if given: inspections dated before it are excluded.
    public var openDate: CalendarDate?

    public init(urn: URN, la: LocalAuthorityCode, area: Area, phase: SchoolPhase, name: String? = nil,
                openDate: CalendarDate? = nil) {
        self.urn = urn
        self.la = la
        self.area = area
        self.phase = phase
        self.name = name
        self.openDate = openDate
    }
}
