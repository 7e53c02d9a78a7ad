import ArgumentParser
import Education
import Foundation
import Reports

/// `schoolsupport trends`: school-level attainment trends of supported schools against the
/// national change, floor-target counts, trajectories and Ofsted category durations, as the
/// reports on National Leaders of Education and City Challenge presented them. The
/// computations are in `Education` (TrendsAnalysis); this command reads arguments and prints.
struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "School-level trends: before/after changes, floor targets, trajectories, Ofsted categories.",
        discussion: """
        Reads a school-year file (--school-years) or pupil files (--pupils, --schools, --support); with no
        files, the shipped synthetic data set (Data/synthetic, a single year, so no change can be computed
        and the notes say so). Supported schools are the clients of NLE/LLE support (and, as a second
        group, schools providing support). Figures are associations, not causal effects. See Docs/trends.md.
        """)

    @Option(name: .customLong("school-years"), help: "School-year results file (urn, year, cohort, meeting or percentage).")
    var schoolYears: String?

    @Option(help: "Pupil file (Docs/data-format.md).")
    var pupils: String?

    @Option(help: "School file.")
    var schools: String?

    @Option(help: "Support-record file.")
    var support: String?

    @Option(help: "Ofsted category episodes file (urn, category, entered, left).")
    var ofsted: String?

    @Option(help: "Censoring date for schools still in an Ofsted category (YYYY-MM-DD; default the latest date in the file).")
    var ofstedAsOf: String?

    @Option(help: "Threshold measure.")
    var measure: ThresholdMeasure = .ks4FiveAStarToCEnglishMaths

    @Option(name: .customLong("baseline-year"), help: "Baseline year (summer, e.g. 2008; default the year before support starts).")
    var baselineYear: Int?

    @Option(name: .customLong("comparison-year"), help: "Year compared with the baseline (default the latest year).")
    var comparisonYear: Int?

    @Option(parsing: .unconditional, help: "Floor target in percent (default 30 for KS4, 65 for KS2).")
    var floor: Double?

    @Option(name: .customLong("small-cohort"), parsing: .unconditional, help: "Flag cohorts smaller than this.")
    var smallCohort: Int = 30

    @Option(help: "Compare the supported schools with the national figures or with the schools not supported.")
    var comparison: ComparisonArgument = .national

    @Flag(help: "Also compare each group with matched never-supported schools (nearest neighbours on the baseline level and trend, cohort size and, from pupil files, % FSM, within phase and area): the naive before/after change beside the matched difference-in-differences, with a balance table.")
    var matched = false

    @Option(name: .customLong("match-neighbours"), help: "Matched comparison schools per supported school.")
    var matchNeighbours: Int = 1

    @Option(name: .customLong("match-caliper"), help: "Largest standardised distance of a match, or 'none'.")
    var matchCaliper: String = "0.5"

    @Flag(name: .customLong("match-without-replacement"), help: "Use each comparison school for at most one supported school.")
    var matchWithoutReplacement = false

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print the summary as CSV.")
    var csv = false

    @Flag(help: "Print Markdown.")
    var markdown = false

    @Option(name: .customLong("schools-csv"), help: "Also write one CSV row per supported school to this file.")
    var schoolsCSV: String?

    @Option(help: "Also write the trajectory chart (SVG) to this file.")
    var svg: String?

    func validate() throws {
        guard [json, csv, markdown].filter({ $0 }).count <= 1 else { throw ValidationError("give at most one of --json, --csv, --markdown") }
        if schoolYears != nil, pupils != nil || schools != nil {
            throw ValidationError("give --school-years or --pupils/--schools, not both")
        }
        if (pupils == nil) != (schools == nil) { throw ValidationError("--pupils and --schools go together") }
        guard smallCohort >= 0 else { throw ValidationError("--small-cohort must be zero or more pupils, got \(smallCohort)") }
        if schoolYears == nil, !measure.isRecordedInPupilFiles {
            throw ValidationError("--measure \(measure.rawValue) is not in the pupil file; give it in a --school-years file")
        }
    }

    /// Options given that the chosen input does not use, each with the reason.
    func ignoredOptions() -> [String] {
        var ignored: [String] = []
        if schoolYears != nil, support != nil {
            ignored.append("--support has no effect with --school-years: support starts come from the file's support_start column")
        }
        if ofsted == nil, ofstedAsOf != nil {
            ignored.append("--ofsted-as-of has no effect without --ofsted")
        }
        if !matched {
            if matchNeighbours != 1 { ignored.append("--match-neighbours has no effect without --matched") }
            if matchCaliper != "0.5" { ignored.append("--match-caliper has no effect without --matched") }
            if matchWithoutReplacement { ignored.append("--match-without-replacement has no effect without --matched") }
        }
        return ignored
    }

    func run() throws {
        for message in ignoredOptions() { warn(message) }
        var configuration = TrendsConfiguration(measure: measure, smallCohort: smallCohort)
        // Each value is refused naming its option, not the library's field.
        func option<T>(_ name: String, _ make: () throws(DomainValueError) -> T) throws -> T {
            do { return try make() } catch {
                switch error {
                case let .outOfRange(_, value, allowed): throw ValidationError("\(name) must lie in \(allowed) (got \(value))")
                case let .invalid(_, value, reason): throw ValidationError("\(name) \(value): \(reason)")
                }
            }
        }
        if let baselineYear { configuration.baselineYear = try option("--baseline-year") { () throws(DomainValueError) in try AcademicYear(endingIn: baselineYear) } }
        if let comparisonYear { configuration.comparisonYear = try option("--comparison-year") { () throws(DomainValueError) in try AcademicYear(endingIn: comparisonYear) } }
        if let floor { configuration.floor = try option("--floor") { () throws(DomainValueError) in try FloorTarget(percentage: floor) } }
        if matched {
            let options = try MatchingArguments.options(neighbours: matchNeighbours, caliper: matchCaliper,
                                                        withoutReplacement: matchWithoutReplacement)
            configuration.matching = options
        }
        switch comparison {
        case .national: configuration.comparison = .national
        case .notSupported: configuration.comparison = .notSupported
        }
        var asOf: CalendarDate?
        if let ofstedAsOf {
            do { asOf = try CalendarDate(iso: ofstedAsOf) } catch { throw ValidationError(error.description) }
        }

        let (table, groups, context) = try input(measure: measure)
        var episodes: [OfstedEpisode] = []
        if let ofsted {
            let contents = try OfstedEpisodeFileReader.read(path: ofsted)
            reportRead(contents.summary)
            episodes = contents.episodes
        }
        let results = try TrendsAnalysis.run(table: table, groups: groups, episodes: episodes, ofstedAsOf: asOf,
                                             configuration: configuration, schoolContext: context)

        if let schoolsCSV { try write(TrendsCSV.schools(results), to: schoolsCSV) }
        if let svg { try write(TrajectoryChart(results: results).svg(), to: svg) }
        if json {
            print(try TrendsJSON.render(results), terminator: "")
        } else if csv {
            print(TrendsCSV.summary(results), terminator: "")
        } else if markdown {
            print(TrendsMarkdown.render(results), terminator: "")
        } else {
            print(TrendsTextTable.render(results), terminator: "")
        }
    }

    /// The school-year table and support groups from the files given (or the shipped data).
    private func input(measure: ThresholdMeasure) throws
        -> (SchoolYearTable, [SupportGroup], [URN: ComparisonMatching.SchoolContext]) {
        if let schoolYears {
            let contents = try SchoolYearFileReader.read(path: schoolYears, measure: measure)
            reportRead(contents.summary)
            var groups = [SupportGroup(name: "receiving support", schools: contents.receiving)]
            if !contents.providing.isEmpty { groups.append(SupportGroup(name: "providing support", schools: contents.providing)) }
            return (contents.table, groups, [:])
        }
        let files = try pupilFiles()
        let data = try NPDDataSet.read(pupilsPath: files.pupils, schoolsPath: files.schools, supportPath: files.support)
        if !data.summary.allRejections.isEmpty {
            writeStandardError(("rejected rows:\n" + data.summary.description + "\n"))
        }
        let table = SchoolYearTable.aggregate(pupils: data.pupils, measure: measure)
        var groups = [SupportGroup(name: "receiving support", schools: SupportedSchool.from(records: data.supportRecords))]
        let providing = SupportedSchool.from(records: data.supportRecords, category: SupportCategory.providing.rawValue)
        if !providing.isEmpty { groups.append(SupportGroup(name: "providing support", schools: providing)) }
        return (table, groups, ComparisonMatching.SchoolContext.from(data, measure: measure))
    }

    private func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw OutputError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The pupil files given, or the shipped synthetic data set.
    private func pupilFiles() throws -> (pupils: String, schools: String, support: String?) {
        if let pupils, let schools { return (pupils, schools, support) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("Data/synthetic") }
        for directory in candidates where FileManager.default.fileExists(atPath: directory.appendingPathComponent("pupils.csv").path) {
            return (directory.appendingPathComponent("pupils.csv").path, directory.appendingPathComponent("schools.csv").path,
                    support ?? directory.appendingPathComponent("support.csv").path)
        }
        throw ValidationError("no files given and the shipped data set Data/synthetic was not found; run from the package directory or give --school-years or --pupils and --schools")
    }
}
