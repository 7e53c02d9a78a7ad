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

    @Test("breakeven names a bad value by the option or --config key the user wrote, with the value as written")
    func breakEvenNamesTheOption() throws {
        let decay = try CLI.run(Self.breakEven + ["--cost", "1000", "--effect", "0.5", "--decay", "5"])
        #expect(decay.status == 64 && decay.stderr.contains("--decay must be at least 0 and below 1, got 5\n"), "\(decay.stderr)")
        let share = try CLI.run(Self.breakEven + ["--cost", "1000", "--effect", "0.5", "--male-share", "1.5"])
        #expect(share.stderr.contains("--male-share must be between 0 and 1, got 1.5"), "\(share.stderr)")
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try file(#"{"cost": 1000, "pupils": 1000, "outcome": "ks4-capped", "effect": 0.5, "standard_error": 0.2, "cohort_decay": 3}"#,
                              in: directory)
        let keyed = try CLI.run("breakeven", "--config", config)
        #expect(keyed.status == 64 && keyed.stderr.contains("cohort_decay in the --config file must be at least 0 and below 1, got 3"),
                "\(keyed.stderr)")
    }

    @Test("trends refuses an out-of-range --floor or year naming the option")
    func trendsNamesTheOption() throws {
        let floor = try CLI.run("trends", "--floor", "120")
        #expect(floor.status == 64 && floor.stderr.contains("--floor must lie in 0...100 (got 120)"), "\(floor.stderr)")
        let year = try CLI.run("trends", "--baseline-year", "1800")
        #expect(year.status == 64 && year.stderr.contains("--baseline-year must lie in"), "\(year.stderr)")
    }

    @Test("a bad prior weight names the --weights column and the data row, counting rows dropped for missing values")
    func weightNamesTheColumn() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = try file("y,x,g,w\n1,1,a,1\nNA,2,a,1\n3,3,b,-2\n4,1,b,1\n5,2,c,1\n6,3,c,2\n", in: directory, name: "w.csv")
        let result = try CLI.run("fit", "--data", data, "--formula", "y ~ x + (1 | g)", "--weights", "w")
        #expect(result.status == 65 && result.stderr.contains("weights column 'w', data row 3: -2 is not a positive, finite weight"),
                "\(result.stderr)")
    }

    @Test("evaluate bounds the coverage study's replications and seeds, and says why a study estimated nothing")
    func coverageStudyBounds() throws {
        let many = try CLI.run("evaluate", "--coverage-replications", "100000000000")
        #expect(many.status == 64 && many.stderr.contains("--coverage-replications must lie in 2...100000"), "\(many.stderr)")
        let seed = try CLI.run("evaluate", "--coverage-replications", "3", "--coverage-seed", "18446744073709551615")
        #expect(seed.status == 64 && seed.stderr.contains("leaves no room for 3 consecutive seeds"), "\(seed.stderr)")
        let tiny = try CLI.run("evaluate", "--coverage-replications", "2", "--coverage-pupils", "60",
                               "--coverage-schools", "12", "--coverage-las", "2", "--quiet")
        #expect(tiny.status == 65 && tiny.stderr.contains("no support effect was estimated"), "\(tiny.stderr)")
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
