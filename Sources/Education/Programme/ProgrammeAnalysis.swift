/// The programme-records analysis (Docs/programme.md): Ofsted grades of supported, supporting
/// and other schools before and after support starts, the grade transitions, the time to
/// leave an Ofsted category, the deployments and the recorded costs.
public struct ProgrammeAnalysis: Sendable, Equatable, Codable {
    /// The Ofsted part; absent without an inspections file.
    public struct Ofsted: Sendable, Hashable, Codable {
        /// Each school's inspections either side of its reference date, in school-file order.
        public var pairs: [InspectionPair]
        /// Supported, supporting, other; before then after within each group.
        public var distributions: [GradeDistribution]
        public var transitions: [GradeTransitionTable]
        public var categoryExits: [CategoryExit]
        /// Inspections accepted.
        public var inspections: Int
        /// URNs of inspections whose school is not in the school file.
        public var unknownSchools: [URN]
    }

    /// The date inspections may not be after and open category spells are censored at.
    public var asOf: CalendarDate
    /// Schools in one group.
    public struct GroupSize: Sendable, Hashable, Codable {
        public var group: ProgrammeGroup
        public var schools: Int
    }

    /// Schools per group, in `ProgrammeGroup` order.
    public var groupSizes: [GroupSize]
    /// The reference date of the schools not in the support file.
    public var otherReferenceDate: CalendarDate?
    public var ofsted: Ofsted?
    public var deployments: DeploymentSummary
    public var costs: RecordedCosts
    /// What was read from each file.
    public var readSummaries: [FileReadSummary]

    /// The analysis of `records` at `asOf`; `factor(year)` moves a cost from `year` prices to
    /// the price base that `priceBasis` describes (nil: the year is not covered).
    public init(records: ProgrammeRecords, asOf: CalendarDate, priceBasis: String = "cash prices (not deflated)",
                priceBaseYear: Int? = nil, factor: (Int) -> Double? = { _ in 1 }) {
        self.asOf = asOf
        let groups = ProgrammeSchools(schools: records.schools, records: records.supportRecords)
        var sizes: [ProgrammeGroup: Int] = [:]
        for group in ProgrammeGroup.allCases { sizes[group] = groups.count(group) }
        groupSizes = ProgrammeGroup.allCases.map { GroupSize(group: $0, schools: sizes[$0] ?? 0) }
        otherReferenceDate = groups.otherReferenceDate
        var byURN: [URN: School] = [:]
        for school in records.schools { byURN[school.urn] = school }
        if records.hasOfsted {
            let bySchool = Dictionary(grouping: records.inspections, by: \.school)
            let pairs = groups.entries.compactMap { entry in
                entry.referenceDate.map {
                    InspectionPair(school: entry.school, group: entry.group, referenceDate: $0, inspections: bySchool[entry.school] ?? [])
                }
            }
            var distributions: [GradeDistribution] = []
            for group in ProgrammeGroup.allCases {
                for period in GradeDistribution.Period.allCases {
                    distributions.append(GradeDistribution(group: group, period: period, pairs: pairs, schools: sizes[group] ?? 0))
                }
            }
            ofsted = Ofsted(
                pairs: pairs, distributions: distributions,
                transitions: ProgrammeGroup.allCases.map { GradeTransitionTable(group: $0, pairs: pairs) },
                categoryExits: ProgrammeGroup.allCases.map { CategoryExit(group: $0, pairs: pairs, inspections: bySchool, asOf: asOf) },
                inspections: records.inspections.count, unknownSchools: records.unknownOfstedSchools)
        }
        deployments = DeploymentSummary(records: records.supportRecords, schools: byURN, pupilsPerSchool: records.pupilsPerSchool)
        costs = RecordedCosts(records: records.supportRecords, rows: records.supportRows, file: records.supportFile,
                              priceBasis: priceBasis, priceBaseYear: priceBaseYear,
                              pupilsPerSchool: records.pupilsPerSchool, factor: factor)
        readSummaries = records.summaries
    }

    /// Schools in `group`.
    public func schools(in group: ProgrammeGroup) -> Int {
        groupSizes.first { $0.group == group }?.schools ?? 0
    }
}
