import Foundation
import Testing

/// Hostile values for options and files found by sweeping every subcommand: each must end in a
/// usage message that names the option (or file) and quotes the value as typed, never a trap,
/// a hang or a silently reinterpreted value.
@Suite("schoolsupport on hostile option values and files")
struct SweepTests {
    /// Writes `text` to a new file in `directory` and returns its path.
    private func file(_ text: String, in directory: URL, name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("generate refuses a non-finite or out-of-range rate, naming the option and quoting the value",
          arguments: ["--missing-ks2-rate", "--missing-idaci-rate", "--missing-ks1-rate"],
          ["nan", "1e400", "-inf", "-0.25", "1", "1e308"])
    func generateRates(option: String, value: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run("generate", "--pupils", "100", "--schools", "10", "--las", "2",
                                 "--files", directory.path, option, value)
        #expect(result.status != 0 && result.status < 128, "status \(result.status)")
        #expect(result.stderr.contains(option) && result.stderr.contains("'\(value)'"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("generate accepts a rate at the edge of its range")
    func generateRateEdge() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run("generate", "--pupils", "100", "--schools", "10", "--las", "2",
                                 "--out", directory.appendingPathComponent("c.csv").path,
                                 "--missing-ks2-rate", "0", "--missing-idaci-rate", "0.999")
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Runs the executable with standard output (and optionally standard error) on /dev/full,
    /// where every write fails with ENOSPC; returns the status and what reached a stderr file.
    private func runToFullDevice(_ arguments: [String], stderrToo: Bool = false) throws -> (status: Int32, stderr: String) {
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return (-1, "no /dev/full") }
        let process = Process()
        process.executableURL = try CLI.executable()
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageDirectory
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = full
        process.standardError = stderrToo ? full : errorHandle
        try process.run()
        process.waitUntilExit()
        try errorHandle.close()
        try full.close()
        return (process.terminationStatus, String(decoding: FileManager.default.contents(atPath: errorFile.path) ?? Data(), as: UTF8.self))
    }

    @Test("Standard output on a full disk is an error with a message, not a trap or a silent success",
          arguments: [
            ["generate", "--pupils", "100", "--schools", "10", "--las", "2", "--out", "-"],
            ["fit", "--data", "Data/sleepstudy.csv", "--formula", "Reaction ~ Days + (1|Subject)"],
            ["breakeven", "--cost", "1000", "--pupils", "100", "--effect", "0.1", "--se", "0.05", "--outcome", "ks4-capped"],
          ])
    func fullStandardOutput(_ arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let result = try runToFullDevice(arguments)
        #expect(result.status == 1, "status \(result.status): \(result.stderr.prefix(300))")
        #expect(result.stderr.contains("cannot write") && result.stderr.contains("standard output"), "\(result.stderr.prefix(300))")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("Warnings and the generate summary on a full standard error do not trap")
    func fullStandardError() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generate = try runToFullDevice(["generate", "--pupils", "100", "--schools", "10", "--las", "2",
                                            "--files", directory.path], stderrToo: true)
        #expect(generate.status == 0, "status \(generate.status)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("pupils.csv").path))
        let bad = try runToFullDevice(["fit", "--data", "Data/sleepstudy.csv", "--formula", "Reaction ~ nope + (1|Subject)"],
                                      stderrToo: true)
        #expect(bad.status == 65, "status \(bad.status)")
    }

    @Test("fit and compare with weights or a covariate near 1e308 report a non-finite criterion, not NaN estimates")
    func overflowingFit() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try String(contentsOf: CLI.packageDirectory.appendingPathComponent("Data/sleepstudy.csv"), encoding: .utf8)
        var lines = source.split(separator: "\n").map(String.init)
        lines[0] += ",\"w\",\"big\""
        for i in 1..<lines.count { lines[i] += ",1e308,\(i % 2 == 0 ? "1e308" : "-1e308")" }
        let data = try file(lines.joined(separator: "\n") + "\n", in: directory, name: "big.csv")
        for json in [false, true] {
            let fit = try CLI.run(["fit", "--data", data, "--formula", "Reaction ~ Days + (1|Subject)", "--weights", "w"]
                                  + (json ? ["--json"] : []))
            #expect(fit.status == 65, "status \(fit.status): \(fit.stdout.prefix(300))")
            #expect(fit.stderr.contains("non-finite") && fit.stderr.contains("Reaction ~ Days + (1|Subject)"), "\(fit.stderr)")
            #expect(!fit.stdout.contains("nan"))
        }
    }

    @Test("generate with a negative or zero count names the option; a negative value is not taken for an option",
          arguments: [("--pupils", "-5"), ("--las", "0"), ("--schools", "-1"), ("--ks2-pupils", "-3"), ("--primary-schools", "0")])
    func generateCounts(option: String, value: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = ["generate", "--pupils", "100", "--schools", "10", "--las", "2", "--files", directory.path]
        if let index = arguments.firstIndex(of: option) { arguments[index + 1] = value } else { arguments += [option, value] }
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "status \(result.status)")
        #expect(result.stderr.contains("\(option) must be positive, got \(value)"), "\(result.stderr)")
    }

    @Test("generate --missing-ks1-rate without a KS2 cohort is reported as ignored")
    func generateIgnoredKS1Rate() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run("generate", "--pupils", "100", "--schools", "10", "--las", "2",
                                 "--out", directory.appendingPathComponent("c.csv").path, "--missing-ks1-rate", "0.5")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: --missing-ks1-rate 0.5 is ignored"), "\(result.stderr)")
    }

    @Test("generate --out and --files write through a symbolic link rather than replacing it")
    func generateThroughSymlink() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manager = FileManager.default
        let target = directory.appendingPathComponent("target.csv").path
        let link = directory.appendingPathComponent("link.csv").path
        #expect(manager.createFile(atPath: target, contents: Data()))
        try manager.createSymbolicLink(atPath: link, withDestinationPath: target)
        let out = try CLI.run("generate", "--pupils", "100", "--schools", "10", "--las", "2", "--out", link)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try manager.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("\"pupil\""))

        let files = directory.appendingPathComponent("files")
        try manager.createDirectory(at: files, withIntermediateDirectories: true)
        let pupilsTarget = directory.appendingPathComponent("pupils-target.csv").path
        #expect(manager.createFile(atPath: pupilsTarget, contents: Data()))
        try manager.createSymbolicLink(atPath: files.appendingPathComponent("pupils.csv").path, withDestinationPath: pupilsTarget)
        let written = try CLI.run("generate", "--pupils", "100", "--schools", "10", "--las", "2", "--files", files.path)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try manager.destinationOfSymbolicLink(atPath: files.appendingPathComponent("pupils.csv").path) == pupilsTarget)
        #expect((try manager.attributesOfItem(atPath: pupilsTarget)[.size] as? Int ?? 0) > 0)
    }

    private static let breakEven = ["breakeven", "--outcome", "ks4-capped", "--se", "0.2", "--cost", "1000",
                                    "--pupils", "100", "--effect", "0.5"]

    @Test("breakeven --draws: a JSON array with draws of exactly 0 and 1 is accepted, not refused as Booleans")
    func drawsZeroAndOne() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for text in ["[0, 1]", "[1.0, 0.5, 0]"] {
            let result = try CLI.run(Self.breakEven + ["--draws", try file(text, in: directory, name: "d.json")])
            #expect(result.status == 0, "\(text): \(result.stderr)")
            #expect(result.stdout.contains("parametric bootstrap"), "\(text)")
        }
        let bool = try CLI.run(Self.breakEven + ["--draws", try file("[0.5, true]", in: directory, name: "b.json")])
        #expect(bool.status == 64 && bool.stderr.contains("value 2 (the Boolean true)"), "\(bool.stderr)")
        let nested = try CLI.run(Self.breakEven + ["--draws", try file("[1, 2, [3]]", in: directory, name: "n.json")])
        #expect(nested.status == 64 && nested.stderr.contains("value 3 (an array"), "\(nested.stderr)")
    }

    @Test("breakeven --draws: an empty value between commas is an error, not skipped",
          arguments: ["0.1,,0.2", "0.1, 0.2,", ",0.1"])
    func drawsEmptyField(_ text: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(Self.breakEven + ["--draws", try file(text, in: directory, name: "d.txt")])
        #expect(result.status == 64, "\(text): status \(result.status)")
        #expect(result.stderr.contains("--draws") && result.stderr.contains("is empty"), "\(result.stderr)")
    }
}
