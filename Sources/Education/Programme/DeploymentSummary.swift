/// What the support records say about the programme's deployments: how many of each kind and
/// role, in each local authority and academic year, the schools and pupils reached, the LAs
/// covered, the share crossing an LA boundary, the days of support, and how many schools each
/// supporting school supported.
///
/// Every accepted support record is one deployment. A record's *client* is the school
/// supported (a `receiving` record's school, a `providing` record's partner) and its
/// *supporter* the school giving the support (a `providing` record's school, a `receiving`
/// record's partner); a partner that is not given is unknown. A deployment crosses an LA
/// boundary when the partner's LA differs from the school's (`SupportRecord.isCrossLA`).
public struct DeploymentSummary: Sendable, Hashable, Codable {
    /// Deployments of one kind, role, LA or academic year.
    public struct Tally: Sendable, Hashable, Codable {
        /// The kind or role code, the LA code or the academic year (`2009/10`).
        public var key: String
        public var deployments: Int
        /// Distinct schools with a record in the tally.
        public var schools: Int
        /// Days of support of the records that give them.
        public var days: Double
        /// Records without days.
        public var recordsWithoutDays: Int
    }

    /// One supporting school and the distinct schools it supported.
    public struct Supporter: Sendable, Hashable, Codable {
        public var school: URN
        public var schoolsSupported: Int
        public var deployments: Int
    }

    public var deployments: Int
    public var byKind: [Tally]
    public var byRole: [Tally]
    /// By the LA of the record's school, in LA-code order.
    public var byLocalAuthority: [Tally]
    /// By the academic year the support started in, in year order.
    public var byAcademicYear: [Tally]
    /// Distinct client schools.
    public var schoolsReached: Int
    /// Pupil records of the client schools in the pupil file; nil without a pupil file.
    public var pupilsReached: Int?
    /// Distinct LAs of the records' schools and partners, in code order.
    public var localAuthorities: [LocalAuthorityCode]
    public var crossLA: Int
    public var sameLA: Int
    /// Records whose partner LA is not known (nor `cross_la` stated).
    public var unknownLA: Int
    /// `100 × crossLA / (crossLA + sameLA)`; nil when no record's LA relation is known.
    public var crossLAPercentage: Double?
    /// Days of support of the records that give them.
    public var days: Double
    public var recordsWithoutDays: Int
    /// Supporting schools, most schools supported first (then URN order).
    public var supporters: [Supporter]

    /// The summary of `records`; `schools` gives each school's LA, `pupilsPerSchool` (from the
    /// pupil file, if read) the pupils reached.
    public init(records: [SupportRecord], schools: [URN: School], pupilsPerSchool: [URN: Int]? = nil) {
        deployments = records.count
        func tallies(_ key: (SupportRecord) -> String, order: [String]? = nil) -> [Tally] {
            let grouped = Dictionary(grouping: records, by: key)
            let keys = order.map { $0.filter { grouped[$0] != nil } } ?? grouped.keys.sorted()
            return keys.map { name in
                let members = grouped[name] ?? []
                return Tally(key: name, deployments: members.count, schools: Set(members.map(\.school)).count,
                             days: members.compactMap(\.days).reduce(0, +),
                             recordsWithoutDays: members.filter { $0.days == nil }.count)
            }
        }
        byKind = tallies({ $0.kind.rawValue }, order: SupportKind.allCases.map(\.rawValue))
        byRole = tallies({ $0.role.rawValue }, order: SupportRole.allCases.map(\.rawValue))
        let las = Set(records.compactMap { schools[$0.school]?.la })
        byLocalAuthority = tallies({ schools[$0.school]?.la.description ?? "unknown" },
                                   order: las.sorted().map(\.description) + ["unknown"])
        let years = Set(records.map(\.start.academicYear))
        byAcademicYear = tallies({ $0.start.academicYear.description }, order: years.sorted().map(\.description))

        var clients = Set<URN>()
        var supported: [URN: Set<URN>] = [:]
        var supporterDeployments: [URN: Int] = [:]
        var cross = 0, same = 0, unknown = 0
        var allLAs = las
        for record in records {
            let client: URN?, supporter: URN?
            switch record.role {
            case .receiving: client = record.school; supporter = record.partner
            case .providing: client = record.partner; supporter = record.school
            }
            if let client { clients.insert(client) }
            if let supporter {
                supporterDeployments[supporter, default: 0] += 1
                if let client { supported[supporter, default: []].insert(client) }
            }
            if let partnerLA = record.partnerLA { allLAs.insert(partnerLA) }
            switch schools[record.school].flatMap({ record.isCrossLA(schoolLA: $0.la) }) {
            case true?: cross += 1
            case false?: same += 1
            case nil: unknown += 1
            }
        }
        schoolsReached = clients.count
        pupilsReached = pupilsPerSchool.map { counts in clients.reduce(0) { $0 + (counts[$1] ?? 0) } }
        localAuthorities = allLAs.sorted()
        crossLA = cross
        sameLA = same
        unknownLA = unknown
        crossLAPercentage = cross + same > 0 ? 100 * Double(cross) / Double(cross + same) : nil
        days = records.compactMap(\.days).reduce(0, +)
        recordsWithoutDays = records.filter { $0.days == nil }.count
        supporters = supporterDeployments.keys.map {
            Supporter(school: $0, schoolsSupported: supported[$0]?.count ?? 0, deployments: supporterDeployments[$0] ?? 0)
        }.sorted { ($0.schoolsSupported, $1.school) > ($1.schoolsSupported, $0.school) }
    }
}
