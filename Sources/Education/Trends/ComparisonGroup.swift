/// The schools a support group's change is compared with.
///
/// The reports compared supported schools with the national change ("improving twice as fast
/// as the national average"); a comparison group of similar unsupported schools is the
/// stronger comparison, and the one the difference-in-differences uses.
public enum ComparisonGroup: Sendable, Hashable, Codable {
    /// Every school in the data, supported or not, as a national average is published.
    case national
    /// Every school in the data outside the support group.
    case notSupported
    /// The listed schools.
    case schools(Set<URN>)

    /// A label for tables.
    public var label: String {
        switch self {
        case .national: "national (all schools)"
        case .notSupported: "schools not in the group"
        case let .schools(set): "comparison group (\(set.count) schools)"
        }
    }

    /// The comparison schools for a group among `allSchools`; nil means every school.
    public func members(group: Set<URN>, allSchools: [URN]) -> Set<URN>? {
        switch self {
        case .national: nil
        case .notSupported: Set(allSchools).subtracting(group)
        case let .schools(set): set
        }
    }
}
