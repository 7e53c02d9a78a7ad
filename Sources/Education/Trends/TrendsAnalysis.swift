/// The school-level trends analysis of school-to-school support, as the reports on National
/// Leaders of Education, National Teaching Schools and City Challenge judged it before any
/// multilevel model (NFER, Rudd et al. 2011; National College reports): national and group
/// percentages year by year by both averaging methods, a before/after analysis per support
/// group, each supported school's trajectory, and time spent in Ofsted categories.
///
/// Every figure is an association, not a causal effect: supported schools were chosen, often
/// for low results, and regression to the mean alone moves low baselines up.
public enum TrendsAnalysis {
    /// The caveat every output carries.
    public static let caveat = "School-level comparisons describe change; they are associations, not causal effects "
        + "of support. Schools were often chosen for support because their results were low, and regression to the "
        + "mean alone raises low baselines; small cohorts make single-year percentages volatile."

    /// Runs the analysis. `groups` are the support groups (e.g. schools receiving and providing
    /// support); `episodes` are Ofsted category episodes (may be empty), open ones censored at
    /// `ofstedAsOf` (nil: the later of the latest date in the episodes and 31 August of the
    /// latest year of results).
    public static func run(
        table: SchoolYearTable, groups: [SupportGroup], episodes: [OfstedEpisode] = [],
        ofstedAsOf: CalendarDate? = nil, configuration: TrendsConfiguration = TrendsConfiguration(),
        schoolContext: [URN: ComparisonMatching.SchoolContext] = [:]
    ) throws(TrendsError) -> TrendsResults {
        try configuration.validate()
        var notes = table.notes + dataNotes(table)
        let years = table.years
        let national = years.flatMap { year in
            AveragingMethod.allCases.map { table.average(of: nil, in: year, method: $0) }
        }

        // Baseline and comparison years.
        var baseline = configuration.baselineYear
        if baseline == nil, let first = years.first {
            let earliest = groups.compactMap(\.earliestStartYear).min()
            let before = earliest?.previous
            if let before, before >= first {
                baseline = years.last { $0 <= before } ?? first
            } else {
                baseline = first
                if let before {
                    notes.append(TrendsNote(
                        kind: .noChangeYears, year: before,
                        message: "the year before the earliest support start (\(before)) is not in the data; the baseline is the first year, \(first)"))
                }
            }
        }
        let comparisonYear = configuration.comparisonYear ?? years.last

        var groupResults: [GroupTrends] = []
        // Matched comparisons use schools never supported in any group.
        let allSupported = groups.reduce(into: Set<URN>()) { $0.formUnion($1.urns) }
        for group in groups {
            var beforeAfter: BeforeAfterAnalysis?
            if let baseline, let comparisonYear, comparisonYear > baseline {
                beforeAfter = BeforeAfterAnalysis.run(
                    table: table, group: group, baselineYear: baseline, comparisonYear: comparisonYear,
                    configuration: configuration, notes: &notes)
            }
            for member in group.schools where table.results(of: member.school).isEmpty {
                notes.append(TrendsNote(
                    kind: .supportedSchoolWithoutResults, school: member.school,
                    message: "\(group.name): school \(member.school) has no results for the measure"))
            }
            let trajectories = group.schools.sorted { $0.school < $1.school }.map { member in
                SchoolTrajectory(
                    school: member.school, startYear: member.startYear, results: table.results(of: member.school),
                    tolerance: configuration.slopeTolerance, level: configuration.confidenceLevel)
            }
            let series = years.flatMap { year in
                AveragingMethod.allCases.map { table.average(of: group.urns, in: year, method: $0) }
            }
            var result = GroupTrends(name: group.name, schools: group.schools.count, series: series,
                                     beforeAfter: beforeAfter, trajectories: trajectories)
            if let options = configuration.matching, let baseline, let comparisonYear, comparisonYear > baseline {
                let matched = try ComparisonMatching.run(
                    table: table, group: group, supported: allSupported, baselineYear: baseline,
                    comparisonYear: comparisonYear, context: schoolContext, options: options,
                    level: configuration.confidenceLevel)
                for u in matched.unmatched {
                    notes.append(TrendsNote(kind: .notComputed, school: u.school,
                                            message: "\(group.name): school \(u.school) has no matched comparison: \(u.message)"))
                }
                result.matched = matched
            }
            groupResults.append(result)
        }
        if let baseline, let comparisonYear, comparisonYear <= baseline, !groups.isEmpty {
            notes.append(TrendsNote(
                kind: .noChangeYears, year: baseline,
                message: years.count == 1
                    ? "the data hold one year (\(baseline)); no change can be computed"
                    : "the comparison year \(comparisonYear) is not after the baseline year \(baseline); no change can be computed"))
        }

        var ofsted: [OfstedEpisodeSummary] = []
        let latestEpisodeDate = episodes.flatMap { [$0.entered] + ($0.left.map { [$0] } ?? []) }.max()
        let latest = [latestEpisodeDate, years.last?.lastDay].compactMap { $0 }.max()
        if let asOf = ofstedAsOf ?? latest, !episodes.isEmpty {
            let present = OfstedCategory.allCases.filter { category in episodes.contains { $0.category == category } }
            ofsted = present.map { OfstedEpisodeSummary(episodes: episodes, category: $0, asOf: asOf) }
            if present.count > 1 { ofsted.append(OfstedEpisodeSummary(episodes: episodes, category: nil, asOf: asOf)) }
            for episode in episodes where episode.isOpen {
                notes.append(TrendsNote(
                    kind: .ofstedEpisodeOpen, school: episode.school, count: episode.months(asOf: asOf),
                    message: "school \(episode.school) was still in \(episode.category.label) at \(asOf) after \(episode.months(asOf: asOf)) months: censored, not dropped"))
            }
        }
        return TrendsResults(
            measure: configuration.measure, floor: configuration.floorTarget, baselineYear: baseline,
            comparisonYear: comparisonYear, years: years, schoolYears: table.results.count,
            schools: table.schools.count, national: national, groups: groupResults, ofsted: ofsted,
            notes: notes, caveat: caveat)
    }

    /// Notes on the table itself: years missing inside a school's span, results that stop
    /// before the data end or start after they begin, and zero cohorts.
    static func dataNotes(_ table: SchoolYearTable) -> [TrendsNote] {
        let years = table.years
        guard let first = years.first, let last = years.last else { return [] }
        var notes: [TrendsNote] = []
        for school in table.schools {
            let results = table.results(of: school)
            guard let start = results.first?.year, let end = results.last?.year else { continue }
            let present = Set(results.map(\.year))
            for year in years where year > start && year < end && !present.contains(year) {
                notes.append(TrendsNote(kind: .missingYear, school: school, year: year,
                                        message: "school \(school) has no result for \(year) between \(start) and \(end)"))
            }
            if start > first {
                notes.append(TrendsNote(kind: .resultsStart, school: school, year: start,
                                        message: "school \(school)'s results start in \(start) (opened, or a new URN after a merger or conversion)"))
            }
            if end < last {
                notes.append(TrendsNote(kind: .resultsEnd, school: school, year: end,
                                        message: "school \(school)'s results end in \(end) (closed, merged, changed URN or not reported)"))
            }
            for result in results where result.cohort == 0 {
                notes.append(TrendsNote(kind: .zeroCohort, school: school, year: result.year,
                                        message: "school \(school) has a cohort of zero in \(result.year); left out of averages"))
            }
        }
        return notes
    }
}
