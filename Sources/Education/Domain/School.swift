/// A school: its URN, local authority, City Challenge area and phase.
public struct School: Sendable, Hashable, Codable {
    public var urn: URN
    public var la: LocalAuthorityCode
    public var area: Area
    public var phase: SchoolPhase
    /// The school's name, if given.
    public var name: String?

    public init(urn: URN, la: LocalAuthorityCode, area: Area, phase: SchoolPhase, name: String? = nil) {
        self.urn = urn
        self.la = la
        self.area = area
        self.phase = phase
        self.name = name
    }
}
