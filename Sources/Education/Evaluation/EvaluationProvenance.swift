import Crypto
import Foundation

/// Where one evaluation's numbers came from: the input files (size, SHA-256, rows read), the
/// library version and git commit, the BLAS and LAPACK libraries loaded, the random seeds, and,
/// kept apart in `timing` because they change on every run, the date and the time each model
/// took. Collecting it never fails: what cannot be found out is recorded as `unknown`.
public struct EvaluationProvenance: Sendable, Codable, Equatable {
    /// One input file.
    public struct InputFile: Sendable, Codable, Equatable {
        /// `pupils`, `schools` or `support`.
        public var role: String
        /// The path as given.
        public var path: String
        /// Size in bytes (nil: the file could not be read).
        public var bytes: Int?
        /// SHA-256 of the file's bytes in lower-case hexadecimal, or `unknown`.
        public var sha256: String
        /// Data rows read (the reader's count, header excluded).
        public var rowsRead: Int?

        public init(role: String, path: String, bytes: Int?, sha256: String, rowsRead: Int?) {
            self.role = role
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
            self.rowsRead = rowsRead
        }
    }

    /// The fields that differ between two runs of the same design on the same data.
    public struct Timing: Sendable, Codable, Equatable {
        /// When the evaluation started, ISO 8601 in UTC.
        public var started: String
        /// Wall-clock seconds of the evaluation: from reading the files to the last fit for
        /// `Evaluation.run(pupilsPath:…)`, all the fits for `Evaluation.run(_:)` on data
        /// already read.
        public var seconds: Double
        /// Wall-clock seconds of each model's fit, by model id, in report order.
        public var models: [ModelTime]

        public struct ModelTime: Sendable, Codable, Equatable {
            public var id: String
            public var seconds: Double
        }
    }

    public var inputs: [InputFile]
    /// `EvaluationProvenance.libraryVersion`.
    public var libraryVersion: String
    /// The commit of the library's source tree (`git rev-parse HEAD`, with `-modified` when the
    /// tree has uncommitted changes), or `unknown` when the source tree or git is not there.
    public var gitCommit: String
    /// The BLAS library loaded, with OpenBLAS's build configuration when it is OpenBLAS.
    public var blas: String
    /// The LAPACK library loaded.
    public var lapack: String
    /// Random seeds by use. The evaluation of files draws no random numbers, so it is empty
    /// there; the reports say so.
    public var seeds: [String: UInt64]
    public var timing: Timing

    /// The version of the SchoolSupport library, raised with each release.
    public static let libraryVersion = "0.9.0"

    public init(inputs: [InputFile], libraryVersion: String = EvaluationProvenance.libraryVersion,
                gitCommit: String, blas: String, lapack: String, seeds: [String: UInt64] = [:], timing: Timing) {
        self.inputs = inputs
        self.libraryVersion = libraryVersion
        self.gitCommit = gitCommit
        self.blas = blas
        self.lapack = lapack
        self.seeds = seeds
        self.timing = timing
    }

    /// The provenance of a run that started at `start` and fitted `models`, with the machine's
    /// library facts and the files of `read` (none for data that were not read from files).
    static func collect(start: Date, seconds: Double, models: [FittedModelSummary], read: NPDReadSummary?) -> EvaluationProvenance {
        let libraries = RuntimeLibraries.current
        var files: [(role: String, path: String, rows: Int?)] = []
        if let read {
            files = [("pupils", read.pupils.file, read.pupils.rows), ("schools", read.schools.file, read.schools.rows)]
            if let support = read.support { files.append(("support", support.file, support.rows)) }
        }
        return EvaluationProvenance(
            inputs: inputFiles(files), gitCommit: SourceCommit.current, blas: libraries.blas, lapack: libraries.lapack,
            timing: Timing(started: Self.isoDate(start), seconds: seconds,
                           models: models.map { Timing.ModelTime(id: $0.id, seconds: $0.seconds) }))
    }

    /// Size and SHA-256 of each file, with the rows its reader read.
    static func inputFiles(_ files: [(role: String, path: String, rows: Int?)]) -> [InputFile] {
        files.map { file in
            let digest = FileDigest.sha256(path: file.path)
            return InputFile(role: file.role, path: file.path, bytes: digest?.bytes,
                             sha256: digest?.hex ?? "unknown", rowsRead: file.rows)
        }
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// SHA-256 of a file, read in 1 MiB chunks (the national pupil file is about 50 MB).
enum FileDigest {
    static func sha256(path: String) -> (hex: String, bytes: Int)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }
}

/// The git commit of the library's source tree, read once at run time with `git rev-parse`
/// in the directory this file was compiled from (SwiftPM has no build-time hook for it).
enum SourceCommit {
    static let current: String = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory),
              let head = git(["-C", directory, "rev-parse", "HEAD"]),
              head.count == 40 || head.count == 64 else { return "unknown" }
        let changes = git(["-C", directory, "status", "--porcelain", "--untracked-files=no"]) ?? ""
        return changes.isEmpty ? head : head + "-modified"
    }()

    /// The trimmed standard output of `git arguments`, or nil when git is missing or fails.
    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The BLAS and LAPACK libraries mapped into this process (Linux's /proc/self/maps), and
/// OpenBLAS's `openblas_get_config()` looked up at run time, so that nothing fails to link or
/// load when the BLAS is another one.
enum RuntimeLibraries {
    static let current: (blas: String, lapack: String) = {
        let mapped = mappedLibraries()
        let blasFiles = mapped.filter { name in
            let base = (name as NSString).lastPathComponent
            return base.contains("blas") && !base.contains("lapack")
        }
        let lapackFiles = mapped.filter { ($0 as NSString).lastPathComponent.contains("lapack") }
        var blas = blasFiles.isEmpty ? "unknown" : blasFiles.joined(separator: ", ")
        if let config = openBLASConfig() { blas = "OpenBLAS (\(config)); " + blas }
        let lapack = lapackFiles.isEmpty ? "unknown" : lapackFiles.joined(separator: ", ")
        return (blas, lapack)
    }()

    /// Shared libraries whose names mention BLAS or LAPACK, in the order first mapped.
    private static func mappedLibraries() -> [String] {
        // procfs files report a size of 0, so read to the end rather than by the size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return [] }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return [] }
        let maps = String(decoding: data, as: UTF8.self)
        var seen = Set<String>()
        var paths: [String] = []
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            let base = (path as NSString).lastPathComponent.lowercased()
            guard base.contains(".so"), base.contains("blas") || base.contains("lapack") else { continue }
            if seen.insert(path).inserted { paths.append(path) }
        }
        return paths
    }

    private static func openBLASConfig() -> String? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "openblas_get_config") else { return nil }
        typealias GetConfig = @convention(c) () -> UnsafePointer<CChar>?
        let getConfig = unsafeBitCast(symbol, to: GetConfig.self)
        guard let text = getConfig() else { return nil }
        return String(cString: text).trimmingCharacters(in: .whitespaces)
    }
}
