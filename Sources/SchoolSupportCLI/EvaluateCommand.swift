import ArgumentParser
import Education
import Foundation
import Reports

/// `schoolsupport evaluate`: the whole evaluation of school-to-school support in one command
/// (NFER, Rudd et al. 2011, extended): read and validate the pupil, school and support files,
/// fit the five outcome models (and the area, cross-LA, dose and pre/post models), print the
/// results table and write the report directory.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Run the multilevel evaluation of school support and write the report.",
        discussion: """
        With no files, runs on the shipped synthetic data set (Data/synthetic). Writes report.md,
        report.html, results.csv, results.json, forest.svg, caterpillar.svg and design.json (the
        design actually used) to --out. --design-file reads a design (Docs/design-file.md); options
        given with it override its settings, and design.json records the result, so
        `evaluate --design-file DIR/design.json` repeats a run. Progress goes to standard error;
        the results table (or, with --json, the JSON) to standard output. Estimates are
        associations, not causal effects. See Docs/evaluation.md.
        """)

    @Option(help: "Design file (JSON, Docs/design-file.md): input files, model design and value-for-money assumptions; the options below override it.")
    var designFile: String?

    @Option(help: "Pupil file (Docs/data-format.md).")
    var pupils: String?

    @Option(help: "School file.")
    var schools: String?

    @Option(help: "Support-record file (optional when --pupils and --schools are given).")
    var support: String?

    @Option(help: "Directory for the report files.")
    var out: String = "evaluation-report"

    @Option(help: "Ofsted inspections file: adds a \"Programme records\" section (Ofsted transitions, deployments, recorded costs) to the report.")
    var ofsted: String?

    @Option(help: "Deflator file (CSV of year and index) putting the support file's recorded costs in real terms.")
    var deflator: String?

    @Option(name: .customLong("price-base-year"), help: "Price base year of the recorded costs (needs --deflator; default its latest year).")
    var priceBaseYear: Int?

    @Option(parsing: .upToNextOption,
            help: "Outcomes to model: \(EvaluationOutcome.allCases.map(\.rawValue).joined(separator: ", ")) (default all).")
    var outcomes: [String] = []

    @Flag(help: "Pupils in schools in local authorities (three levels) instead of pupils in schools.")
    var threeLevel = false

    @Flag(help: "Fast national run: nAGQ = 0 for the generalised models, area fits for the linear outcomes only, and plain binomial absence models (no (1 | pupil)) unless --overdispersion is given.")
    var fast = false

    @Option(help: "Gauss-Hermite points for the generalised models (1 = Laplace, 0 = lme4's nAGQ = 0).")
    var nagq: Int?

    @Flag(help: "Fit all areas together only (no separate fits for London, the Black Country and Greater Manchester).")
    var noAreas = false

    @Flag(help: "Print the results as JSON on standard output instead of the table.")
    var json = false

    @Flag(help: "No progress messages on standard error.")
    var quiet = false

    @Flag(inversion: .prefixedNo,
          help: "Absence models: a pupil-level random effect (1 | pupil) for overdispersion (default on; --no-overdispersion fits plain binomial models).")
    var overdispersion: Bool?

    @Flag(inversion: .prefixedNo,
          help: "Generalised models (5A*-C, absence): REML, as glmmTMB's REML = TRUE, the fixed effects integrated out with the random effects by the Laplace approximation (default on with nAGQ = 1; --no-generalised-reml fits them by maximum likelihood as glmer does).")
    var generalisedReml: Bool?

    @Flag(help: "Add the disadvantage models: support x FSM (and x FSM Ever 6 when the pupil file has fsm_ever6) for every outcome, with the effect for FSM and other pupils and the change in the gap. With --coverage-replications: study those estimates against the generator's FSM-specific effects.")
    var fsmInteraction = false

    @Flag(help: "Add the event-study model for every outcome when the data hold several cohort years: the difference of supported schools by year from the start of their support (leads, lags, years after support ended), a joint test of the leads and event-study.svg (Docs/evaluation.md, \"Event study\"). With --coverage-replications: study those estimates on generated multi-cohort panels (--coverage-pupils pupils a year) against their true event-time effects.")
    var eventStudy = false

    @Flag(help: "Add school-context controls to every model: each school-year's % FSM, mean and SD of prior attainment and cohort size, computed from its pupils and standardised across school-years (Docs/evaluation.md, \"School context\").")
    var schoolContext = false

    @Flag(help: "Cross-classify the KS4 models by primary and secondary school: add (1 | ks2_urn) (needs the pupil file's ks2_urn; KS4 pupils without it are excluded and counted) (Docs/evaluation.md, \"Primary schools and movers\").")
    var primarySchool = false

    @Flag(help: "KS4 models with multiple membership for pupils who moved school in the year: (1 | mm(school, school2_urn, school3_urn, weights(...))) in place of (1 | school) (needs the pupil file's school2_urn and school2_fraction).")
    var movers = false

    @Flag(help: "Also match each supported school to comparison schools on its pre-support level and trend of the outcome, cohort size, % FSM and area, and refit the pre/post (and event-study) models on the matched sample: the naive before/after change beside the matched difference-in-differences, with a balance table (Docs/evaluation.md, \"Matched comparison\"). With --coverage-replications: the regression-to-the-mean study of naive and matched estimates on generated panels with selection into support.")
    var matched = false

    @Option(name: .customLong("match-neighbours"), help: "Matched comparison schools per supported school (default 1).")
    var matchNeighbours: Int?

    @Option(name: .customLong("match-caliper"), help: "Largest standardised distance of a match, or 'none' (default 0.5).")
    var matchCaliper: String?

    @Flag(name: .customLong("match-without-replacement"), help: "Use each comparison school for at most one supported school.")
    var matchWithoutReplacement = false

    @Option(help: "Instead of evaluating files, run a coverage study of this many generated cohorts (category effects on --coverage-outcome) and print its Markdown table.")
    var coverageReplications: Int?

    @Option(help: "Coverage study: pupils per generated cohort.")
    var coveragePupils: Int = 10_000

    @Option(help: "Coverage study: schools per generated cohort.")
    var coverageSchools: Int = 400

    @Option(help: "Coverage study: local authorities per generated cohort.")
    var coverageLas: Int = 40

    @Option(help: "Coverage study: seed of the first replication (replication r uses seed + r).")
    var coverageSeed: UInt64 = 1

    @Option(help: "Outcome of the coverage study.")
    var coverageOutcome: CoverageOutcomeArgument = .ks4Capped

    func run() throws {
        BLASThreadPolicy.useOneThreadUnlessChosen()
        for option in ignoredOptions() {
            writeStandardError("warning: \(option) has no effect \(coverageReplications == nil ? "without --coverage-replications" : "with --coverage-replications")\n")
        }
        if let coverageReplications, matched {
            try runRegressionToMeanStudy(replications: coverageReplications)
            return
        }
        if let coverageReplications {
            try runCoverageStudy(replications: coverageReplications)
            return
        }
        // The design file (or the defaults), then each option given on top of it.
        var designFile = try self.designFile.map { path throws(EvaluationDesignFileError) in
            try EvaluationDesignFile.load(path: path)
        } ?? EvaluationDesignFile()
        var design = designFile.design
        if fast {
            design.quadraturePoints = EvaluationDesign.fast.quadraturePoints
            design.areaOutcomes = EvaluationDesign.fast.areaOutcomes
            design.absenceOverdispersion = EvaluationDesign.fast.absenceOverdispersion
            design.generalisedREML = EvaluationDesign.fast.generalisedREML
        }
        if threeLevel { design.levels = .three }
        if let nagq { design.quadraturePoints = nagq }
        if let overdispersion { design.absenceOverdispersion = overdispersion }
        if let generalisedReml { design.generalisedREML = generalisedReml }
        if design.generalisedREML && generalisedReml == true && design.quadraturePoints != 1 {
            throw ValidationError("--generalised-reml integrates the fixed effects out by the Laplace approximation, so it needs nAGQ = 1 (got \(design.quadraturePoints)\(fast ? " from --fast" : ""))")
        }
        if fsmInteraction { design.fsmInteraction = true }
        if eventStudy { design.eventStudy = true }
        if schoolContext { design.schoolContext = true }
        if primarySchool { design.primaryEffects = true }
        if movers { design.movers = true }
        for option in unusedMatchingOptions(designMatches: design.matching != nil) { warn("\(option) has no effect without --matched") }
        if matched || design.matching != nil { design.matching = try matchingOptions(base: design.matching) }
        if noAreas { design.areas = [] }
        if !outcomes.isEmpty {
            var chosen: [EvaluationOutcome] = []
            for name in outcomes.flatMap({ $0.split(separator: ",").map(String.init) }) {
                guard let outcome = EvaluationOutcome(parsing: name) else {
                    throw ValidationError("unknown outcome '\(name)'; choose from \(EvaluationOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if !chosen.contains(outcome) { chosen.append(outcome) }
            }
            design.outcomes = chosen
        }

        let files = try inputFiles(designFile.data)
        designFile.data = .init(pupils: files.pupils, schools: files.schools, support: files.support)
        designFile.design = design
        try Self.checkWritableDirectory(out)
        let quiet = self.quiet
        let start = Date()
        let progress: @Sendable (String) -> Void = { message in
            guard !quiet else { return }
            let line = String(format: "[%6.1f s] ", Date().timeIntervalSince(start)) + message + "\n"
            writeStandardError(line)
        }
        // Read first and list every rejected row in the output folder before any model runs,
        // so that the list is there even when nothing can be modelled. Errors (files that
        // cannot be read, a design the data cannot support) go to the one exit path.
        try design.validate()
        progress("reading \(files.pupils), \(files.schools)" + (files.support.map { ", \($0)" } ?? ""))
        let data = try EvaluationData.read(pupilsPath: files.pupils, schoolsPath: files.schools,
                                           supportPath: files.support, classification: design.classification)
        for warning in data.readSummary?.allNotes ?? [] {
            writeStandardError("warning: \(warning)\n")
        }
        if let read = data.readSummary, !read.allRejections.isEmpty {
            progress("rejected rows:\n" + read.description)
            let path = URL(fileURLWithPath: out).appendingPathComponent("rejections.csv").path
            try read.rejectionsTable().writeCSV(path: path)
            progress("every rejected row: \(path)")
        }
        // Recorded costs (the value-for-money default) and, with --ofsted, the programme section.
        let programme = try ProgrammeCommand.evaluationAnalysis(
            schools: files.schools, support: files.support, pupils: files.pupils, ofsted: ofsted,
            deflator: deflator, priceBaseYear: priceBaseYear)
        let results = try Evaluation(design: design).run(data, progress: progress)
        var writeError: String?
        do {
            try EvaluationReportFiles.write(results, to: out, design: designFile, recordedCosts: programme?.costs,
                                            programme: ofsted == nil ? nil : programme)
            progress("wrote \((EvaluationReportFiles.fileNames + [EvaluationDesignFile.fileName]).map { "\(out)/\($0)" }.joined(separator: ", "))")
        } catch {
            // The models are fitted: print the results before reporting the failure.
            writeError = "\(error)"
        }
        if json {
            print(try EvaluationJSON.render(results, includeSchoolEffects: false), terminator: "")
        } else {
            print(EvaluationTextTable.render(results, analyses: [.categories, .crossLA, .dose, .prePost, .fsm, .fsmEver6, .eventStudy]), terminator: "")
            print(EvaluationMatchedText.render(results), terminator: "")
            if writeError == nil {
                print("Report: \(out)/report.md")
                print("Report page: \(out)/report.html")
            }
        }
        if results.estimates.isEmpty {
            // With --json, standard output must stay one JSON document.
            if json {
                writeStandardError(Self.nothingEstimated(results))
            } else {
                print(Self.nothingEstimated(results), terminator: "")
            }
        }
        if let writeError {
            writeStandardError("error: the report could not be written to \(out): \(writeError)\n")
            throw ExitCode(1)
        }
        if results.estimates.isEmpty { throw ExitCode(1) }
    }

    /// The options given that the chosen mode (an evaluation of files, or a coverage study)
    /// does not use. Options with a default count as given when they differ from it.
    func ignoredOptions() -> [String] {
        var ignored: [String] = []
        if coverageReplications == nil {
            if coveragePupils != 10_000 { ignored.append("--coverage-pupils") }
            if coverageSchools != 400 { ignored.append("--coverage-schools") }
            if coverageLas != 40 { ignored.append("--coverage-las") }
            if coverageSeed != 1 { ignored.append("--coverage-seed") }
            if coverageOutcome != .ks4Capped { ignored.append("--coverage-outcome") }
        } else {
            if designFile != nil { ignored.append("--design-file") }
            if pupils != nil { ignored.append("--pupils") }
            if schools != nil { ignored.append("--schools") }
            if support != nil { ignored.append("--support") }
            if out != "evaluation-report" { ignored.append("--out") }
            if ofsted != nil { ignored.append("--ofsted") }
            if deflator != nil { ignored.append("--deflator") }
            if priceBaseYear != nil { ignored.append("--price-base-year") }
            if !outcomes.isEmpty { ignored.append("--outcomes") }
            if fast { ignored.append("--fast") }
            if nagq != nil { ignored.append("--nagq") }
            if noAreas { ignored.append("--no-areas") }
            if json { ignored.append("--json") }
            if schoolContext { ignored.append("--school-context") }
            if primarySchool { ignored.append("--primary-school") }
            if movers { ignored.append("--movers") }
            if let overdispersion, !coverageOutcome.outcome.isAbsence {
                ignored.append(overdispersion ? "--overdispersion" : "--no-overdispersion")
            }
        }
        return ignored
    }

    /// Why an evaluation estimated nothing: the analysis table's size and each model's status
    /// and message.
    static func nothingEstimated(_ results: EvaluationResults) -> String {
        var text = "No effect was estimated: \(results.pupils) pupils in the analysis table"
        if let read = results.readSummary {
            text += " (\(read.pupils.accepted) of \(read.pupils.rows) pupil rows accepted)"
        }
        text += ".\n"
        if results.models.isEmpty { text += "No model was run.\n" }
        for model in results.models {
            text += "- \(model.id): \(model.status)" + (model.message.map { ": \($0)" } ?? "")
            if !model.droppedTerms.isEmpty {
                text += "; terms dropped (no variation or collinear): " + model.droppedTerms.joined(separator: ", ")
            }
            for warning in model.warnings { text += "; \(warning)" }
            text += "\n"
        }
        return text
    }

    /// Creates the report directory `directory` if needed and writes and removes a probe file
    /// in it, so that an unusable `--out` is reported before any model is fitted.
    static func checkWritableDirectory(_ directory: String) throws(ValidationError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ValidationError("--out \(directory) is a file, not a directory")
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("--out \(directory): cannot create the directory: \(error.localizedDescription)")
            }
        }
        let probe = URL(fileURLWithPath: directory).appendingPathComponent(".schoolsupport-write-test").path
        guard manager.createFile(atPath: probe, contents: Data()) else {
            throw ValidationError("--out \(directory): the directory is not writable")
        }
        do { try manager.removeItem(atPath: probe) } catch {
            warn("--out \(directory): could not remove the write test file \(probe): \(error.localizedDescription)")
        }
    }

    /// The simulation study of the design (Docs/evaluation.md, scripts/coverage-study.sh).
    private func runCoverageStudy(replications: Int) throws {
        guard (2...Self.maximumReplications).contains(replications) else {
            throw ValidationError("--coverage-replications must lie in 2...\(Self.maximumReplications) (got \(replications))")
        }
        // Replication r uses seed + r: the last seed must exist.
        guard coverageSeed <= UInt64.max - UInt64(replications - 1) else {
            throw ValidationError("--coverage-seed \(coverageSeed) leaves no room for \(replications) consecutive seeds (at most \(UInt64.max - UInt64(replications - 1)))")
        }
        guard !(fsmInteraction && eventStudy) else {
            throw ValidationError("a coverage study studies one analysis: give --fsm-interaction or --event-study, not both")
        }
        var spec = NationalCohortSpecification(pupils: coveragePupils, schools: coverageSchools,
                                               localAuthorities: coverageLas, seed: coverageSeed)
        if fsmInteraction { spec = spec.withDisadvantageEffects() }
        do { try spec.validate() } catch { throw ValidationError(error.description) }
        let outcome = coverageOutcome.outcome
        var study = CoverageStudy(specification: spec, replications: replications, firstSeed: coverageSeed,
                                  levels: threeLevel ? .three : .two, outcome: outcome,
                                  analysis: fsmInteraction ? .fsm : eventStudy ? .eventStudy : .categories)
        if let overdispersion { study.design.absenceOverdispersion = overdispersion }
        if let generalisedReml { study.design.generalisedREML = generalisedReml }
        let pupilEffect = outcome.isAbsence && study.design.absenceOverdispersion ? " with (1 | pupil)" : ""
        let kind = fsmInteraction ? "support x FSM " : eventStudy ? "event-study " : ""
        let panel = eventStudy ? ", \(study.panel.years) cohort years each (\(study.panel.yearRange.lowerBound)–\(study.panel.yearRange.upperBound))" : ""
        let criterion = outcome.modelKind == .linear ? "" : study.design.generalisedREML ? ", REML" : ", maximum likelihood"
        let model = "\(threeLevel ? "three" : "two")-level \(kind)model\(pupilEffect)\(criterion)\(panel)"
        let quiet = self.quiet
        let start = Date()
        let rows = try study.run { done in
            guard !quiet else { return }
            let line = String(format: "[%6.1f s] ", Date().timeIntervalSince(start)) + "\(done) of \(replications) replications\n"
            writeStandardError(line)
        }
        let seconds = Date().timeIntervalSince(start)
        print("\(replications) replications of \(coveragePupils) pupils in \(coverageSchools) schools and \(coverageLas) LAs "
              + "(seeds \(coverageSeed)–\(coverageSeed + UInt64(replications) - 1)), \(outcome.rawValue), \(model), "
              + String(format: "%.0f s in release mode.\n", seconds))
        print(CoverageStudyMarkdown.table(rows), terminator: "")
    }

    /// The most replications a coverage study runs: 100,000 replications give Monte-Carlo
    /// standard errors of 0.07 percentage points on a 95% coverage, far below anything a study
    /// needs, and bound the time and the memory of the rows kept.
    static let maximumReplications = 100_000

    /// The files to read: those given as options, else those of the design file, else the
    /// shipped synthetic data set.
    private func inputFiles(_ fromDesign: EvaluationDesignFile.DataFiles) throws -> (pupils: String, schools: String, support: String?) {
        if let pupils, let schools { return (pupils, schools, support) }
        guard pupils == nil, schools == nil, support == nil else {
            throw ValidationError("give --pupils and --schools (and optionally --support), or none of them for the shipped synthetic data")
        }
        if let pupils = fromDesign.pupils, let schools = fromDesign.schools { return (pupils, schools, fromDesign.support) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("Data/synthetic") }
        for directory in candidates {
            let pupils = directory.appendingPathComponent("pupils.csv").path
            if FileManager.default.fileExists(atPath: pupils) {
                return (pupils, directory.appendingPathComponent("schools.csv").path,
                        directory.appendingPathComponent("support.csv").path)
            }
        }
        throw ValidationError("no files given and the shipped data set Data/synthetic was not found; run from the package directory or give --pupils and --schools")
    }
}
