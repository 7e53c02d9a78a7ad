/// The three groups of schools the programme analyses compare: schools that received support
/// (`supported`: a `receiving` record), schools that only provided it (`supporting`: a
/// `providing` record and no `receiving` one) and every other school in the school file
/// (`other`). A school that both received and provided support is counted as supported.
public enum ProgrammeGroup: String, Sendable, CaseIterable, Codable, Hashable {
    case supported
    case supporting
    case other

    public var label: String {
        switch self {
        case .supported: "supported (receiving)"
        case .supporting: "supporting (providing)"
        case .other: "other schools"
        }
    }
}

/// Each school's group and the date its before/after comparison turns on.
///
/// A supported school's reference date is the first start of its `receiving` records; a
/// supporting school's, the first start of its `providing` records. Other schools have no
/// support start: their reference date is the median of the supported schools' first starts
/// (the lower median for an even count), so that their before/after comparison covers the same
/// calendar period; with no supported school it is the earliest start in the support file.
public struct ProgrammeSchools: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var school: URN
        public var group: ProgrammeGroup
        /// The first support start (supported and supporting schools) or the other schools'
        /// reference date; nil only when the support file has no record at all.
        public var referenceDate: CalendarDate?
    }

    /// One entry per school of the school file, in school-file order.
    public let entries: [Entry]
    /// The reference date of the other schools.
    public let otherReferenceDate: CalendarDate?

    public init(schools: [School], records: [SupportRecord]) {
        var firstReceiving: [URN: CalendarDate] = [:]
        var firstProviding: [URN: CalendarDate] = [:]
        for record in records {
            switch record.role {
            case .receiving: firstReceiving[record.school] = min(firstReceiving[record.school] ?? record.start, record.start)
            case .providing: firstProviding[record.school] = min(firstProviding[record.school] ?? record.start, record.start)
            }
        }
        let supportedStarts = firstReceiving.values.sorted()
        let reference = supportedStarts.isEmpty
            ? records.map(\.start).min()
            : supportedStarts[(supportedStarts.count - 1) / 2]
        otherReferenceDate = reference
        entries = schools.map { school in
            if let start = firstReceiving[school.urn] {
                return Entry(school: school.urn, group: .supported, referenceDate: start)
            }
            if let start = firstProviding[school.urn] {
                return Entry(school: school.urn, group: .supporting, referenceDate: start)
            }
            return Entry(school: school.urn, group: .other, referenceDate: reference)
        }
    }

    /// The number of schools in `group`.
    public func count(_ group: ProgrammeGroup) -> Int { entries.filter { $0.group == group }.count }
}
