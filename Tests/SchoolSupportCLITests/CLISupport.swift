import Foundation
import Testing

/// Runs the built `schoolsupport` executable from the package directory and collects what it
/// prints. The executable is found next to the test bundle (both are in the build directory).
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Standard output decoded as a JSON object.
        func object() throws -> [String: Any] {
            let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(value as? [String: Any], "output is not a JSON object: \(stdout.prefix(200))")
        }
    }

    /// The package directory (this file is Tests/SchoolSupportCLITests/CLISupport.swift).
    static let packageDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func executable() throws -> URL {
        var candidates: [URL] = []
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("schoolsupport"))
        }
        if let first = CommandLine.arguments.first {
            let path = URL(fileURLWithPath: first).resolvingSymlinksInPath()
            candidates.append(path.deletingLastPathComponent().appendingPathComponent("schoolsupport"))
            candidates.append(path.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schoolsupport"))
        }
        candidates.append(packageDirectory.appendingPathComponent(".build/debug/schoolsupport"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "schoolsupport executable not found; tried \(candidates.map(\.path))")
    }

    static func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = packageDirectory
        // Standard error goes to a file, so that neither stream can fill a pipe and block.
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolsupport-cli-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CLIError("cannot create \(errorFile.path)")
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errorHandle
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let stderrData = FileManager.default.contents(atPath: errorFile.path) ?? Data()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A new empty directory under the temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolsupport-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
