// Benchmarks of the national KS4 analyses: reading the cohort CSV, the three-level linear mixed
// model (REML) and the two generalised models (Bernoulli 5A*-C incl. E&M, binomial absence),
// each at national size (600,000 pupils) and on the first 20,000 pupils (whole schools); the
// cross-classified model by primary and secondary school at national size (16,800 feeder
// primaries); and lme4's InstEval model (the CSV written by R, see Docs/benchmarks.md).
//
// The data are made at setup time by the project's seeded generator and written to a
// temporary directory (SCHOOLSUPPORT_BENCH_DIR, default $TMPDIR/schoolsupport-benchmarks);
// each benchmark runs in a process of its own, so the files are reused between them and the
// national cohort is generated only once per directory. Setup (generation and, for the fits,
// reading the CSV) is not measured: a fit's time is the model frame plus the fit, as in the
// CLI's `fit_seconds`.
//
// Peak resident memory covers the whole process, including the table already in memory;
// peakMemoryResidentDelta is the growth during the measured part only.
//
// Run: cd Benchmarks && swift package --disable-sandbox benchmark

import Benchmark
import DataTable
import Education
import Foundation
import MixedModels
import Synchronization

// MARK: - Formulas (as in Docs/benchmarks.md and scripts/benchmark-vs-lme4.sh)

private let controls = "ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support"
private let cappedFormula = "ks4_capped ~ \(controls) + (1|la) + (1|school)"
private let fiveACFormula = "ks4_5ac_em ~ \(controls) + (1|school)"
private let fiveACThreeLevelFormula = "ks4_5ac_em ~ \(controls) + (1|la) + (1|school)"
private let crossedFormula = "ks4_capped ~ \(controls) + (1|ks2_school) + (1|school)"
private let instEvalFormula = "y ~ service + factor(lectage) + factor(studage) + (1|s) + (1|d) + (1|dept:service)"
private let absenceFormula = "cbind(sessions_absent, sessions_possible - sessions_absent) ~ \(controls) + (1|school)"
/// The evaluation's default absence model: an observation-level effect for overdispersion.
private let absenceOverdispersedFormula =
    "cbind(sessions_absent, sessions_possible - sessions_absent) ~ \(controls) + (1|school) + (1|pupil)"
/// glmmTMB's nbinom2 with the sessions possible as exposure (Benchmarks/R/glmmtmb_national.R).
private let absenceNegativeBinomialFormula =
    "sessions_absent ~ \(controls) + offset(log(sessions_possible)) + (1|school)"

// MARK: - Data

/// The national cohort of the project's default specification (600,000 pupils, 3,200
/// schools, 160 LAs, seed 2010).
private let national = NationalCohortSpecification()
/// Pupils in the smaller data set: the first schools of the national file, whole, until at
/// least this many pupils are included.
private let smallPupils = 20_000

private enum BenchmarkDataError: Error, CustomStringConvertible {
    case noSchoolColumn(String)
    case notLoaded(String)
    case noInstEval(String)
    var description: String {
        switch self {
        case .noInstEval(let path):
            "no InstEval CSV at \(path): write it with Rscript -e 'write.csv(lme4::InstEval, \"\(path)\", row.names = FALSE)'"

        case .noSchoolColumn(let path): "no 'school' column in the header of \(path)"
        case .notLoaded(let key): "data set '\(key)' was not loaded in setup"
        }
    }
}

private enum BenchmarkData {
    static let tables = Mutex<[String: DataTable]>([:])

    static var directory: String {
        if let dir = ProcessInfo.processInfo.environment["SCHOOLSUPPORT_BENCH_DIR"], !dir.isEmpty { return dir }
        return (NSTemporaryDirectory() as NSString).appendingPathComponent("schoolsupport-benchmarks")
    }

    static func nationalPath() -> String {
        (directory as NSString).appendingPathComponent(
            "cohort-\(national.pupils)-\(national.schools)-\(national.localAuthorities)-\(national.seed).csv")
    }

    /// The national cohort with 16,800 feeder primaries (the `ks2_school` column).
    static func crossedPath() -> String {
        (nationalPath() as NSString).deletingPathExtension + "-feeder-primaries.csv"
    }

    /// lme4's InstEval as R writes it: `write.csv(lme4::InstEval, PATH, row.names = FALSE)`.
    static func instEvalPath() -> String {
        (directory as NSString).appendingPathComponent("insteval.csv")
    }

    static func ensureCrossedFile() throws -> String {
        let path = crossedPath()
        if FileManager.default.fileExists(atPath: path) { return path }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var spec = national
        spec.feederPrimaries = FeederPrimarySpecification()
        try SyntheticCohort.generate(spec).writeCSV(path: path)
        return path
    }

    static func requireInstEvalFile() throws -> String {
        let path = instEvalPath()
        guard FileManager.default.fileExists(atPath: path) else { throw BenchmarkDataError.noInstEval(path) }
        return path
    }

    static func subsetPath(pupils: Int) -> String {
        (nationalPath() as NSString).deletingPathExtension + "-first\(pupils).csv"
    }

    /// Generates the national CSV unless it is already there (written atomically, so a file
    /// that exists is complete).
    static func ensureNationalFile() throws -> String {
        let path = nationalPath()
        if FileManager.default.fileExists(atPath: path) { return path }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cohort = try SyntheticCohort.generate(national)
        try cohort.writeCSV(path: path)
        return path
    }

    /// The header and the rows of the first whole schools of the national file, until at least
    /// `pupils` rows are included (the generator writes each school's pupils together).
    static func ensureSubsetFile(pupils: Int) throws -> String {
        let path = subsetPath(pupils: pupils)
        if FileManager.default.fileExists(atPath: path) { return path }
        let source = try ensureNationalFile()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source)))
        let newline = UInt8(ascii: "\n"), comma = UInt8(ascii: ",")
        guard let headerEnd = bytes.firstIndex(of: newline) else { throw BenchmarkDataError.noSchoolColumn(source) }
        let header = String(decoding: bytes[..<headerEnd], as: UTF8.self)
            .split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\r")) }
        guard let schoolIndex = header.firstIndex(of: "school") else { throw BenchmarkDataError.noSchoolColumn(source) }

        func field(_ lineStart: Int) -> ArraySlice<UInt8> {
            var start = lineStart
            for _ in 0..<schoolIndex {
                guard let comma = bytes[start...].firstIndex(of: comma) else { return [] }
                start = comma + 1
            }
            let end = bytes[start...].firstIndex(where: { $0 == comma || $0 == newline }) ?? bytes.count
            return bytes[start..<end]
        }
        var lineStart = headerEnd + 1
        var rows = 0
        var previousSchool: ArraySlice<UInt8> = []
        while lineStart < bytes.count {
            let school = field(lineStart)
            if rows >= pupils && school != previousSchool { break }
            previousSchool = school
            rows += 1
            lineStart = (bytes[lineStart...].firstIndex(of: newline) ?? (bytes.count - 1)) + 1
        }
        try Data(bytes[..<lineStart]).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    /// Reads a data set once per process and keeps it.
    static func load(_ key: String, path: () throws -> String) throws {
        if tables.withLock({ $0[key] }) != nil { return }
        let table = try DataTable.readCSV(path: try path())
        tables.withLock { $0[key] = table }
    }

    /// The data set loaded in setup.
    static func table(_ key: String) throws -> DataTable {
        guard let table = tables.withLock({ $0[key] }) else { throw BenchmarkDataError.notLoaded(key) }
        return table
    }
}

private func loadNational() throws { try BenchmarkData.load("national") { try BenchmarkData.ensureNationalFile() } }
private func loadSmall() throws {
    try BenchmarkData.load("small") { try BenchmarkData.ensureSubsetFile(pupils: smallPupils) }
}

private func loadCrossed() throws { try BenchmarkData.load("crossed") { try BenchmarkData.ensureCrossedFile() } }
private func loadInstEval() throws { try BenchmarkData.load("insteval") { try BenchmarkData.requireInstEvalFile() } }

// MARK: - Fits

/// Model frame, fit and the inference the summary prints (the derivatives computed at the end
/// of `fit()`, then the Satterthwaite t tests).
private func fitLinear(_ table: DataTable, formula: String = cappedFormula) throws -> Double {
    var model = try LinearMixedModel(formula: formula, data: table, reml: true)
    try model.fit()
    blackHole(model.coefficientTests())
    return model.logLikelihood
}

private func fitBernoulli(_ formula: String, _ table: DataTable) throws -> Double {
    let model = try GeneralizedLinearMixedModel.fit(formula, table, distribution: .binomial, quadraturePoints: 1)
    return model.logLikelihood
}

private func fitAbsence(_ table: DataTable, formula: String = absenceFormula, distribution: Distribution = .binomial) throws -> Double {
    let model = try GeneralizedLinearMixedModel.fit(formula, table, distribution: distribution, quadraturePoints: 1)
    return model.logLikelihood
}

/// The whole evaluation (read and validate the three files, every outcome model, the default
/// design), as `schoolsupport evaluate` runs it.
private func evaluateNational() throws -> Int {
    let dir = (BenchmarkData.directory as NSString).appendingPathComponent("national-files")
    let results = try Evaluation.run(pupilsPath: (dir as NSString).appendingPathComponent("pupils.csv"),
                                     schoolsPath: (dir as NSString).appendingPathComponent("schools.csv"),
                                     supportPath: (dir as NSString).appendingPathComponent("support.csv"))
    return results.estimates.count
}

private func writeNationalFiles() throws {
    let dir = (BenchmarkData.directory as NSString).appendingPathComponent("national-files")
    if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("support.csv")) { return }
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    _ = try SyntheticCohort.generate(national).writeFiles(directory: dir)
}

// MARK: - Suite

private let metrics: [BenchmarkMetric] = [.wallClock, .peakMemoryResident, .peakMemoryResidentDelta]

/// A configuration for runs of seconds to tens of seconds: no warm-up (the first run is the one
/// a user sees) and a bounded number of iterations.
private func slow(iterations: Int, seconds: Int, setup: @escaping Benchmark.BenchmarkSetupHook) -> Benchmark.Configuration {
    .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 0,
          maxDuration: .seconds(seconds), maxIterations: iterations, setup: setup)
}

let benchmarks: @Sendable () -> Void = {
    // Reading: the whole national CSV (about 600,000 rows, 17 columns) into a DataTable.
    Benchmark("CSV read, national (600k pupils)",
              configuration: slow(iterations: 5, seconds: 30, setup: { _ = try BenchmarkData.ensureNationalFile() })) { benchmark in
        let path = BenchmarkData.nationalPath()
        for _ in benchmark.scaledIterations {
            blackHole(try DataTable.readCSV(path: path))
        }
    }

    // Three-level linear mixed model, REML: model frame and fit, the table already in memory.
    Benchmark("LMM capped REML (1|la)+(1|school), national",
              configuration: slow(iterations: 5, seconds: 60, setup: loadNational)) { benchmark in
        let table = try BenchmarkData.table("national")
        for _ in benchmark.scaledIterations { blackHole(try fitLinear(table)) }
    }
    Benchmark("LMM capped REML (1|la)+(1|school), 20k",
              configuration: slow(iterations: 10, seconds: 10, setup: loadSmall)) { benchmark in
        let table = try BenchmarkData.table("small")
        for _ in benchmark.scaledIterations { blackHole(try fitLinear(table)) }
    }

    // Cross-classified by primary and secondary school (16,800 x 3,200, sparse second block).
    Benchmark("LMM capped REML (1|ks2_school)+(1|school), national",
              configuration: slow(iterations: 5, seconds: 60, setup: loadCrossed)) { benchmark in
        let table = try BenchmarkData.table("crossed")
        for _ in benchmark.scaledIterations { blackHole(try fitLinear(table, formula: crossedFormula)) }
    }
    // lme4's InstEval: 73,421 ratings, 2,972 students x 1,128 lecturers (dense second block).
    Benchmark("LMM InstEval REML (1|s)+(1|d)+(1|dept:service)",
              configuration: slow(iterations: 5, seconds: 60, setup: loadInstEval)) { benchmark in
        let table = try BenchmarkData.table("insteval")
        for _ in benchmark.scaledIterations { blackHole(try fitLinear(table, formula: instEvalFormula)) }
    }

    // Bernoulli GLMM (Laplace) for 5A*-C incl. English and maths.
    Benchmark("GLMM 5A*-C Bernoulli (1|school), national",
              configuration: slow(iterations: 2, seconds: 120, setup: loadNational)) { benchmark in
        let table = try BenchmarkData.table("national")
        for _ in benchmark.scaledIterations { blackHole(try fitBernoulli(fiveACFormula, table)) }
    }
    Benchmark("GLMM 5A*-C Bernoulli (1|school), 20k",
              configuration: slow(iterations: 5, seconds: 20, setup: loadSmall)) { benchmark in
        let table = try BenchmarkData.table("small")
        for _ in benchmark.scaledIterations { blackHole(try fitBernoulli(fiveACFormula, table)) }
    }
    Benchmark("GLMM 5A*-C Bernoulli (1|la)+(1|school), 20k",
              configuration: slow(iterations: 5, seconds: 20, setup: loadSmall)) { benchmark in
        let table = try BenchmarkData.table("small")
        for _ in benchmark.scaledIterations { blackHole(try fitBernoulli(fiveACThreeLevelFormula, table)) }
    }

    // The whole evaluation at national size: read and validate the pupil, school and support
    // files, then every outcome model of the default design (by area as well).
    Benchmark("Evaluation, national (read + validate + all outcome models)",
              configuration: slow(iterations: 1, seconds: 300, setup: { try writeNationalFiles() })) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try evaluateNational()) }
    }

    // Binomial GLMM (Laplace) for sessions missed out of sessions possible.
    Benchmark("GLMM absence binomial (1|school), national",
              configuration: slow(iterations: 2, seconds: 120, setup: loadNational)) { benchmark in
        let table = try BenchmarkData.table("national")
        for _ in benchmark.scaledIterations { blackHole(try fitAbsence(table)) }
    }
    Benchmark("GLMM absence binomial (1|school)+(1|pupil), national",
              configuration: slow(iterations: 1, seconds: 120, setup: loadNational)) { benchmark in
        let table = try BenchmarkData.table("national")
        for _ in benchmark.scaledIterations { blackHole(try fitAbsence(table, formula: absenceOverdispersedFormula)) }
    }
    Benchmark("GLMM absence nbinom2 offset (1|school), national",
              configuration: slow(iterations: 1, seconds: 300, setup: loadNational)) { benchmark in
        let table = try BenchmarkData.table("national")
        for _ in benchmark.scaledIterations {
            blackHole(try fitAbsence(table, formula: absenceNegativeBinomialFormula, distribution: .negativeBinomial))
        }
    }
    // glmmTMB's betabinomial on the same formula (Benchmarks/R/glmmtmb_national.R ... betabinomial).
    Benchmark("GLMM absence betabinomial (1|school), national",
              configuration: slow(iterations: 1, seconds: 600, setup: loadNational)) { benchmark in
        let table = try BenchmarkData.table("national")
        for _ in benchmark.scaledIterations {
            blackHole(try fitAbsence(table, formula: absenceFormula, distribution: .betaBinomial))
        }
    }
    Benchmark("GLMM absence binomial (1|school), 20k",
              configuration: slow(iterations: 5, seconds: 20, setup: loadSmall)) { benchmark in
        let table = try BenchmarkData.table("small")
        for _ in benchmark.scaledIterations { blackHole(try fitAbsence(table)) }
    }
}
