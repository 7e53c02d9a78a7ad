import ArgumentParser
import Education
import Foundation

/// `schoolsupport generate`: writes a seeded synthetic KS4 pupil cohort, optionally with a KS2
/// cohort in primary schools, as CSV.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a seeded synthetic NPD-style KS4 (and optionally KS2) pupil cohort as CSV.",
        discussion: """
            The cohort has three levels (local authorities, schools, pupils) and known true \
            parameters; see Docs/synthetic-cohort.md. Defaults give a national-size cohort: \
            600,000 pupils in 3,200 schools in 160 local authorities. The data are synthetic. \
            --out writes one analysis-ready file; --files writes pupils.csv, schools.csv and \
            support.csv (and ofsted.csv, synthetic inspections) in the documented input format (Docs/data-format.md). --ks2 adds a \
            national-size KS2 cohort (600,000 pupils in 16,000 primary schools) to the --files \
            output; --ks2-pupils and --primary-schools set its size (one alone scales the other \
            by the national mean of 37.5 pupils per primary). The KS4 rows are the same with or \
            without KS2. --feeder-primaries N adds a ks2_school column to the KS4 table: each \
            pupil's primary school, N primaries feeding the secondaries (national: 16,800), with \
            true primary effects in ks4_capped (SD --primary-sd, default 8) and --outside-feeder-rate \
            of pupils from a neighbouring secondary's feeders; with --files the pupil file gains \
            ks2_urn. --movers SHARE gives that share of KS4 pupils a second secondary of their LA \
            for part of the year (school2_urn, school2_fraction in the --files pupil file), their \
            outcomes carrying both schools' effects by time. --panel N writes N consecutive KS4 cohorts of the \
            same schools from --year with staggered support spells (start and end dates) to \
            --files, for the event study (Data/synthetic/panel).
            """
    )

    @Option(parsing: .unconditional, help: "Number of pupils.")
    var pupils: Int = 600_000

    @Option(parsing: .unconditional, help: "Number of secondary schools.")
    var schools: Int = 3_200

    @Option(name: .customLong("las"), parsing: .unconditional, help: "Number of local authorities.")
    var localAuthorities: Int = 160

    @Option(help: "Seed of the pseudo-random generator; the same seed gives the same file.")
    var seed: UInt64 = 2010

    @Option(parsing: .unconditional, help: "Share of pupils whose KS2 score is missing (NA), in [0, 1).")
    var missingKS2Rate = NumberArgument(0.03)

    @Option(parsing: .unconditional, help: "Share of pupils whose IDACI score is missing (NA), in [0, 1).")
    var missingIDACIRate = NumberArgument(0.01)

    @Flag(help: "Add a national-size KS2 cohort in primary schools (600,000 pupils in 16,000 primaries).")
    var ks2 = false

    @Option(name: .customLong("ks2-pupils"), parsing: .unconditional, help: "Number of KS2 pupils (adds a KS2 cohort).")
    var ks2Pupils: Int?

    @Option(name: .customLong("primary-schools"), parsing: .unconditional, help: "Number of primary schools (adds a KS2 cohort).")
    var primarySchools: Int?

    @Option(name: .customLong("missing-ks1-rate"), parsing: .unconditional, help: "Share of KS2 pupils whose KS1 score is missing (NA), in [0, 1).")
    var missingKS1Rate: NumberArgument?

    @Option(name: .customLong("feeder-primaries"), parsing: .unconditional, help: "Number of feeder primary schools of the KS4 pupils (adds the ks2_school column).")
    var feederPrimaries: Int?

    @Option(name: .customLong("outside-feeder-rate"), parsing: .unconditional, help: "Share of KS4 pupils from outside their secondary's own feeder primaries, in [0, 1) (default 0.1).")
    var outsideFeederRate: NumberArgument?

    @Option(name: .customLong("primary-sd"), parsing: .unconditional, help: "SD of the feeder primaries' true effects on ks4_capped, in points (default 8; needs --feeder-primaries).")
    var primarySD: NumberArgument?

    @Option(name: .customLong("movers"), parsing: .unconditional, help: "Share of KS4 pupils who moved to a second secondary of their LA during the year, in [0, 1): the pupil file (--files) gains school2_urn and school2_fraction, and the movers' outcomes carry both schools' effects weighted by time (Docs/synthetic-cohort.md, \"Primary schools and movers\").")
    var movers: NumberArgument?

    @Option(parsing: .unconditional, help: "Academic year of the cohort, as the year of its summer (1990-2015).")
    var year: Int = 2010

    @Option(parsing: .unconditional, help: "Write a panel of this many consecutive KS4 cohorts of the same schools (--pupils pupils each year, the first in --year) with staggered support spells that start and may end, and their true event-time effects (Docs/synthetic-cohort.md, \"Several cohorts\"); needs --files.")
    var panel: Int?

    @Option(help: "Output CSV file (one row per pupil with school and support columns), or - for standard output.")
    var out: String?

    @Option(help: "Directory in which to write pupils.csv, schools.csv and support.csv (Docs/data-format.md).")
    var files: String?

    func validate() throws {
        guard out != nil || files != nil else {
            throw ValidationError("Give --out, --files or both.")
        }
        // Rates are checked here, naming the option and quoting the value as typed (the
        // specification's own check names its field, not the option).
        for (option, rate) in [("--missing-ks2-rate", missingKS2Rate), ("--missing-idaci-rate", missingIDACIRate),
                               ("--missing-ks1-rate", missingKS1Rate ?? NumberArgument(0.03)),
                               ("--outside-feeder-rate", outsideFeederRate ?? NumberArgument(0.1)),
                               ("--movers", movers ?? NumberArgument(0.1))] {
            try rate.requireFinite(option)
            guard rate.value >= 0 && rate.value < 1 else {
                throw ValidationError("\(option) must be a share in [0, 1), got '\(rate.text)'")
            }
        }
        // A KS2 count given is checked before it is scaled into the other, so that a zero
        // --primary-schools is not reported as zero KS2 pupils (an option not given).
        for case let (option, count?) in [("--ks2-pupils", ks2Pupils), ("--primary-schools", primarySchools),
                                          ("--feeder-primaries", feederPrimaries)] where count <= 0 {
            throw ValidationError("\(option) must be positive, got \(count)")
        }
        // A panel's last year must be a year the generator allows (checked here, before any
        // arithmetic on a huge count).
        if let panel {
            guard panel >= 2 else { throw ValidationError("--panel must be at least 2 cohort years, got \(panel)") }
            let allowed = NationalCohortSpecification.allowedYears
            guard allowed.contains(year), panel <= allowed.upperBound - year + 1 else {
                let room = allowed.contains(year) ? "at most \(allowed.upperBound - year + 1) fit from --year \(year)" : "--year \(year) is outside that range"
                throw ValidationError("--panel \(panel): the cohorts' summers must lie in \(allowed.lowerBound)-\(allowed.upperBound), and \(room)")
            }
            guard files != nil, out == nil else {
                throw ValidationError("--panel needs --files (and no --out): a panel is written as pupils.csv, schools.csv and support.csv")
            }
            if let option = ks2 ? "--ks2" : ks2Pupils != nil ? "--ks2-pupils" : primarySchools != nil ? "--primary-schools"
                : feederPrimaries != nil ? "--feeder-primaries" : movers != nil ? "--movers" : nil {
                throw ValidationError("\(option) cannot be combined with --panel: a panel holds KS4 cohorts only")
            }
        }
        if files == nil, movers != nil {
            throw ValidationError("--movers needs --files: the second schools are written to the pupil file only, not to the --out table.")
        }
        // The KS2 cohort has its own files (ks2 pupils and primary schools); the single --out
        // table holds KS4 pupils only, so KS2 options without --files would generate nothing.
        if files == nil, let option = ks2 ? "--ks2" : ks2Pupils != nil ? "--ks2-pupils" : primarySchools != nil ? "--primary-schools" : nil {
            throw ValidationError("\(option) needs --files: the KS2 cohort is written only with --files, not to the --out table.")
        }
    }

    func run() throws {
        if let missingKS1Rate, !(ks2 || ks2Pupils != nil || primarySchools != nil) {
            warn("--missing-ks1-rate \(missingKS1Rate.text) is ignored: it applies to the KS2 cohort, which --ks2, --ks2-pupils or --primary-schools adds")
        }
        var spec = NationalCohortSpecification(
            pupils: pupils, schools: schools, localAuthorities: localAuthorities, seed: seed
        )
        spec.missingKS2Rate = missingKS2Rate.value
        spec.missingIDACIRate = missingIDACIRate.value
        if let outsideFeederRate, feederPrimaries == nil {
            warn("--outside-feeder-rate \(outsideFeederRate.text) is ignored: it applies to the feeder primaries, which --feeder-primaries adds")
        }
        if let primarySD, feederPrimaries == nil {
            warn("--primary-sd \(primarySD.text) is ignored: it applies to the feeder primaries, which --feeder-primaries adds")
        }
        if let primarySD {
            try primarySD.requireFinite("--primary-sd")
            guard primarySD.value >= 0 else { throw ValidationError("--primary-sd must not be negative, got '\(primarySD.text)'") }
        }
        if let feederPrimaries {
            spec.feederPrimaries = FeederPrimarySpecification(
                primaries: feederPrimaries, outsideFeederRate: outsideFeederRate?.value ?? 0.1,
                cappedSD: primarySD?.value ?? 8)
        }
        if let movers { spec.movers = MoverSpecification(share: movers.value) }
        if ks2 || ks2Pupils != nil || primarySchools != nil {
            let national = KS2CohortSpecification.national
            let perSchool = Double(national.pupils) / Double(national.schools)
            // One count alone scales the other; a count whose scaled partner is not a
            // representable Int is refused here (the specification checks the rest).
            func scaled(_ value: Int, by factor: Double, option: String, implied: String) throws -> Int {
                let result = (Double(value) * factor).rounded()
                guard let count = Int(exactly: result) else {
                    throw ValidationError("\(option) \(value) is too large: it implies \(result) \(implied), more than can be generated.")
                }
                return count
            }
            var primary = KS2CohortSpecification(
                pupils: try ks2Pupils ?? primarySchools.map { try scaled($0, by: perSchool, option: "--primary-schools", implied: "KS2 pupils") }
                    ?? national.pupils,
                schools: try primarySchools ?? ks2Pupils.map { max(1, try scaled($0, by: 1 / perSchool, option: "--ks2-pupils", implied: "primary schools")) }
                    ?? national.schools)
            primary.missingKS1Rate = missingKS1Rate?.value ?? primary.missingKS1Rate
            spec.ks2 = primary
        }
        do {
            spec.academicYear = try AcademicYear(endingIn: year)
        } catch {
            throw ValidationError(error.description)
        }

        if let panel, let files {
            try writePanel(spec, years: panel, directory: files)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let cohort: SyntheticCohort
        do {
            cohort = try SyntheticCohort.generate(spec)
        } catch {
            throw ValidationError(Self.message(for: error, implied: (ks2Pupils == nil) != (primarySchools == nil)
                                                          && schools <= pupils && localAuthorities <= schools))
        }
        let generated = clock.now
        if out == "-" {
            do {
                try FileHandle.standardOutput.write(contentsOf: Data(cohort.csvBytes()))
            } catch {
                throw OutputError("cannot write the cohort to standard output: \(error.localizedDescription)")
            }
        } else if let out {
            try cohort.writeCSV(path: out)
        }
        if let files {
            do {
                try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("cannot create --files directory '\(files)': \(error.localizedDescription)")
            }
            try cohort.writeFiles(directory: files)
            try cohort.writeOfstedFile(directory: files)
        }
        let written = clock.now
        let targets = [out, files.map { "\($0)/{pupils,schools,support,ofsted}.csv" }].compactMap { $0 }
        let primary = cohort.ks2.map { " and \($0.count) KS2 pupils in \($0.schools.count) primary schools\(out == nil ? "" : " (KS2 in the --files output only)")" } ?? ""
        let summary = "Wrote \(cohort.count) pupils in \(cohort.schools.count) schools\(primary) and "
            + "\(cohort.localAuthorities.count) local authorities (seed \(seed)) to \(targets.joined(separator: " and ")): "
            + "generated in \(Self.seconds(generated - start)) s, written in \(Self.seconds(written - generated)) s.\n"
        writeStandardError(summary)
    }

    /// Writes the panel of `years` cohorts from `--year` (`SyntheticPanel`) into `directory`.
    private func writePanel(_ cohort: NationalCohortSpecification, years: Int, directory: String) throws {
        var spec = SyntheticPanelSpecification(cohort: cohort)
        spec.firstYear = year
        spec.years = years
        let clock = ContinuousClock()
        let start = clock.now
        let panel: SyntheticPanel
        do { panel = try SyntheticPanel.generate(spec) } catch {
            throw ValidationError(Self.message(for: error, implied: false))
        }
        let generated = clock.now
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create --files directory '\(directory)': \(error.localizedDescription)")
        }
        try panel.writeFiles(directory: directory)
        let written = clock.now
        let pupils = panel.cohorts.reduce(0) { $0 + $1.count }
        writeStandardError("Wrote a panel of \(years) KS4 cohorts (\(spec.yearRange.lowerBound)–\(spec.yearRange.upperBound)): \(pupils) pupils in "
            + "\(panel.cohorts.first?.schools.count ?? 0) schools and \(panel.cohorts.first?.localAuthorities.count ?? 0) local authorities, "
            + "\(panel.spells.count) supported schools (seed \(seed)) to \(directory)/{pupils,schools,support}.csv: "
            + "generated in \(Self.seconds(generated - start)) s, written in \(Self.seconds(written - generated)) s.\n")
    }

    /// The specification's message with its field names replaced by the options that set them
    /// (`ks2.pupils` is `--ks2-pupils`), and a note when a KS2 count was implied by the other.
    static func message(for error: CohortSpecificationError, implied: Bool) -> String {
        let options = ["ks2.pupils": "--ks2-pupils", "ks2.schools": "--primary-schools",
                       "feederPrimaries.primaries": "--feeder-primaries",
                       "feederPrimaries.outsideFeederRate": "--outside-feeder-rate",
                       "pupils": "--pupils", "schools": "--schools", "localAuthorities": "--las"]
        switch error {
        case let .nonPositiveCount(name, value):
            return "\(options[name] ?? name) must be positive, got \(value)"
        case let .countTooLarge(name, value, limit):
            return "\(options[name] ?? name) must be at most \(limit), got \(value)"
        case .moreSchoolsThanPupils, .moreLocalAuthoritiesThanSchools:
            // The KS2 check comes after the KS4 one, so a KS2 count is at fault when the
            // KS4 counts are consistent; say where a count not given came from.
            let note = implied ? " (a KS2 count not given is the other scaled by the national 37.5 pupils per primary school)" : ""
            return error.description + note
        default:
            return error.description
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", duration / .seconds(1))
    }
}
