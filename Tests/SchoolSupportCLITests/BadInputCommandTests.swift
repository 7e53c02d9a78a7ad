import Foundation
import Testing

/// Input at the edges: magnitudes a Double holds but an Int does not, configuration files with
/// mistakes, options that would otherwise be ignored. Each must give a message, never a trap.
@Suite("schoolsupport on bad input and extreme values")
struct BadInputCommandTests {
    private static let breakEven = ["breakeven", "--pupils", "1000", "--outcome", "ks4-capped", "--se", "0.2"]

    /// Writes `text` to a new file and returns its path.
    private func file(_ text: String, in directory: URL, name: String = "config.json") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("breakeven with a cost or effect beyond Int's range prints money in scientific notation")
    func breakEvenHugeMoney() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let markdown = try CLI.run(Self.breakEven + ["--cost", "1e19", "--effect", "0.5", "--markdown"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("£1.000e+19"), "\(markdown.stdout.prefix(400))")
        let svg = directory.appendingPathComponent("t.svg").path
        let chart = try CLI.run(Self.breakEven + ["--cost", "1000", "--effect", "2e16", "--svg", svg])
        #expect(chart.status == 0, "\(chart.stderr)")
        #expect(chart.stdout.contains("e+"), "\(chart.stdout.prefix(400))")
        #expect(FileManager.default.fileExists(atPath: svg))
        let text = try CLI.run(Self.breakEven + ["--cost", "1e19", "--effect", "0.5"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("-£1.000e+19"), "\(text.stdout.prefix(400))")
    }

    @Test("breakeven text output shows thousands separators and the discounting used")
    func breakEvenTextAssumptions() throws {
        let result = try CLI.run(Self.breakEven + ["--cost", "100000", "--effect", "0.5", "--discount", "3.5%"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("£100,000"))
        #expect(result.stdout.contains("discount") && result.stdout.contains("constant 3.5%"), "\(result.stdout)")
        #expect(result.stdout.contains("deadweight"))
    }

    @Test("breakeven --config with discount 3.5 is an error naming the field and the file")
    func configDiscountPercent() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try file(#"{"cost": 100000, "discount": 3.5}"#, in: directory)
        let result = try CLI.run(Self.breakEven + ["--effect", "0.5", "--config", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("discount") && result.stderr.contains("0.035") && result.stderr.contains(path), "\(result.stderr)")
        let fine = try file(#"{"cost": 100000, "discount": "3.5%"}"#, in: directory, name: "fine.json")
        #expect(try CLI.run(Self.breakEven + ["--effect", "0.5", "--config", fine]).status == 0)
    }

    @Test("breakeven --config: a wrongly typed field and a repeated key are errors naming the key path")
    func configErrorsNameTheField() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let typed = try file(#"{"cost": 100000, "costs": [{"kind": "other", "unit_cost": "lots"}]}"#, in: directory)
        let wrong = try CLI.run(Self.breakEven + ["--effect", "0.5", "--config", typed])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("costs[0].unit_cost") && wrong.stderr.contains(typed), "\(wrong.stderr)")
        let repeated = try file(#"{"cost": 100000, "deadweight": 0.1, "deadweight": 0.9}"#, in: directory, name: "twice.json")
        let twice = try CLI.run(Self.breakEven + ["--effect", "0.5", "--config", repeated])
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("deadweight") && twice.stderr.contains("more than once"), "\(twice.stderr)")
        let notObject = try file("[1, 2]", in: directory, name: "array.json")
        let array = try CLI.run(Self.breakEven + ["--effect", "0.5", "--config", notObject])
        #expect(array.status != 0)
        #expect(!array.stderr.contains(":  is invalid"), "\(array.stderr)")
    }

    @Test("breakeven --draws with an unclosed JSON array is an error")
    func drawsUnclosedArray() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unclosed = try file("[0.1, 0.2, 0.3", in: directory, name: "draws.json")
        let bad = try CLI.run(Self.breakEven + ["--cost", "100000", "--effect", "0.5", "--draws", unclosed])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--draws") && bad.stderr.contains("JSON array"), "\(bad.stderr)")
        let closed = try file("[0.1, 0.2, 0.3]", in: directory, name: "closed.json")
        let good = try CLI.run(Self.breakEven + ["--cost", "100000", "--effect", "0.5", "--draws", closed, "--json"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try good.object()["bootstrap_draws"] as? Int == 3 || good.stdout.contains("3"))
    }

    @Test("generate --out with --ks2 but no --files is an error, not a false claim")
    func generateKS2NeedsFiles() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("a.csv").path
        let result = try CLI.run("generate", "--pupils", "100", "--schools", "10", "--las", "2", "--out", out, "--ks2")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--ks2") && result.stderr.contains("--files"), "\(result.stderr)")
        #expect(!result.stderr.contains("KS2 pupils in"))
    }
}
