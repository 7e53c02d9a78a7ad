/// A support group's figures between a baseline year and a comparison year, as the reports
/// on school-to-school support presented them: each school's change in percentage points with
/// intervals and small-cohort flags, the distribution of changes, the group's change against
/// the comparison (national) change with their ratio by both averaging methods, the schools
/// below the floor target before and after, and a school-level difference-in-differences.
public struct BeforeAfterAnalysis: Sendable, Hashable, Codable {
    public var group: String
    public var baselineYear: AcademicYear
    public var comparisonYear: AcademicYear
    /// What the group is compared with.
    public var comparison: ComparisonGroup
    /// One entry per school of the group, in URN order.
    public var schools: [SchoolChange]
    public var distribution: ChangeDistribution
    /// The group's change against the comparison, pupil-weighted and unweighted.
    public var changes: [GroupChange]
    public var floor: FloorTargetCounts
    /// Nil when either side has no school with a change.
    public var differenceInDifferences: DifferenceInDifferences?
    /// The small-cohort threshold used for `SchoolChange.smallCohort`.
    public var smallCohortThreshold: Int

    /// Schools of the group with a small cohort in either year.
    public var smallCohortSchools: Int { schools.filter(\.smallCohort).count }

    /// The change by `method`.
    public func change(_ method: AveragingMethod) -> GroupChange? { changes.first { $0.method == method } }

    /// Runs the analysis of `group` on `table`; notes on missing years, zero cohorts and
    /// support that began before the baseline are appended to `notes`.
    public static func run(
        table: SchoolYearTable, group: SupportGroup, baselineYear: AcademicYear, comparisonYear: AcademicYear,
        configuration: TrendsConfiguration, notes: inout [TrendsNote]
    ) -> BeforeAfterAnalysis {
        let floor = configuration.floorTarget
        let level = configuration.confidenceLevel
        var changes: [SchoolChange] = []
        for member in group.schools.sorted(by: { $0.school < $1.school }) {
            let baseline = table.result(of: member.school, in: baselineYear)
            let after = table.result(of: member.school, in: comparisonYear)
            let change = SchoolChange(
                school: member.school, supportStartYear: member.startYear, baseline: baseline, comparison: after,
                floor: floor, smallCohort: configuration.smallCohort, level: level)
            changes.append(change)
            if member.startYear <= baselineYear {
                notes.append(TrendsNote(
                    kind: .supportBeforeBaseline, school: member.school, year: member.startYear,
                    message: "\(group.name): school \(member.school)'s support began in \(member.startYear), not after the baseline year \(baselineYear)"))
            }
            for (year, result) in [(baselineYear, baseline), (comparisonYear, after)] where result == nil && !table.results(of: member.school).isEmpty {
                notes.append(TrendsNote(
                    kind: .missingYear, school: member.school, year: year,
                    message: "\(group.name): school \(member.school) has no result for \(year); no change computed"))
            }
        }
        let complete = changes.filter { $0.status == .complete }
        let groupPanel = Set(complete.map(\.school))
        let comparisonMembers = configuration.comparison.members(group: group.urns, allSchools: table.schools)
        let groupChanges = AveragingMethod.allCases.map { method in
            GroupChange(
                method: method,
                groupBefore: table.average(of: groupPanel, in: baselineYear, method: method),
                groupAfter: table.average(of: groupPanel, in: comparisonYear, method: method),
                comparisonBefore: table.average(of: comparisonMembers, in: baselineYear, method: method),
                comparisonAfter: table.average(of: comparisonMembers, in: comparisonYear, method: method))
        }
        let floorCounts = FloorTargetCounts(
            floor: floor, schools: complete.count,
            belowBefore: complete.filter { $0.belowFloorBefore == true }.count,
            belowAfter: complete.filter { $0.belowFloorAfter == true }.count)

        // Difference-in-differences: comparison schools outside the group, balanced panel.
        let controls = (comparisonMembers ?? Set(table.schools)).subtracting(group.urns)
        var controlChanges: [Double] = []
        for school in controls.sorted() {
            if let before = table.result(of: school, in: baselineYear)?.percentage,
               let after = table.result(of: school, in: comparisonYear)?.percentage {
                controlChanges.append(after - before)
            }
        }
        let did = DifferenceInDifferences(supported: complete.compactMap(\.change), comparison: controlChanges, level: level)
        if did == nil {
            notes.append(TrendsNote(
                kind: .notComputed,
                message: "\(group.name): no difference-in-differences: \(complete.isEmpty ? "no supported school" : "no comparison school") has results in both \(baselineYear) and \(comparisonYear)"))
        }
        return BeforeAfterAnalysis(
            group: group.name, baselineYear: baselineYear, comparisonYear: comparisonYear,
            comparison: configuration.comparison, schools: changes,
            distribution: ChangeDistribution(changes: complete.compactMap(\.change), thresholds: configuration.gainThresholds),
            changes: groupChanges, floor: floorCounts, differenceInDifferences: did,
            smallCohortThreshold: configuration.smallCohort)
    }
}
