import Foundation
import Testing

/// `generate --movers --feeder-primaries` and `evaluate --movers --primary-school`: the KS4
/// models with multiple membership and primary schools, end to end through the files.
@Suite struct MoversCommandTests {
    /// Writes a small cohort with movers and feeder primaries to a new directory.
    static func generated() throws -> URL {
        let directory = try CLI.temporaryDirectory()
        let result = try CLI.run("generate", "--pupils", "2400", "--schools", "24", "--las", "4", "--seed", "12",
                                 "--movers", "0.2", "--feeder-primaries", "120", "--files", directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        return directory
    }

    static func evaluate(_ directory: URL, _ extra: [String]) throws -> CLI.Result {
        try CLI.run(["evaluate", "--pupils", directory.appendingPathComponent("pupils.csv").path,
                     "--schools", directory.appendingPathComponent("schools.csv").path,
                     "--support", directory.appendingPathComponent("support.csv").path,
                     "--outcomes", "ks4_capped", "--no-areas", "--quiet",
                     "--out", directory.appendingPathComponent("report").path] + extra)
    }

    @Test("evaluate --movers --primary-school --json: the mm() and ks2_urn components of every KS4 model")
    func moversJSON() throws {
        let directory = try Self.generated()
        let header = try String(contentsOf: directory.appendingPathComponent("pupils.csv"), encoding: .utf8)
            .prefix { $0 != "\n" }
        #expect(header.hasSuffix("\"ks2_urn\",\"school2_urn\",\"school2_fraction\""))
        let result = try Self.evaluate(directory, ["--movers", "--primary-school", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let models = try #require(try result.object()["models"] as? [[String: Any]])
        #expect(models.count == 3)  // categories, cross-LA and dose
        for model in models {
            #expect(model["status"] as? String == "fitted", "\(model["id"] ?? "")")
            let formula = try #require(model["formula"] as? String)
            #expect(formula.hasSuffix("+ (1 | mm(school, school2_urn, school3_urn, weights(school_fraction, school2_fraction, school3_fraction))) + (1 | ks2_urn)"))
            let components = try #require(model["components"] as? [[String: Any]])
            let groups = components.compactMap { $0["group"] as? String }
            #expect(groups.contains { $0.hasPrefix("mm(school, school2_urn, school3_urn") })
            #expect(groups.contains("ks2_urn") && groups.contains("Residual") && !groups.contains("school"))
            for component in components {
                let sd = try #require(component["standardDeviation"] as? Double)
                #expect(sd.isFinite && sd >= 0)
            }
            let warnings = model["warnings"] as? [String] ?? []
            #expect(warnings.contains { $0.contains("scripts/reference-multimember.R") })
        }
    }

    @Test("evaluate --movers on files without school2_urn fails saying which columns are missing")
    func moversWithoutColumns() throws {
        let directory = try CLI.temporaryDirectory()
        let generate = try CLI.run("generate", "--pupils", "600", "--schools", "12", "--las", "3", "--files", directory.path)
        #expect(generate.status == 0, "\(generate.stderr)")
        let movers = try Self.evaluate(directory, ["--movers"])
        #expect(movers.status != 0)
        #expect(movers.stderr.contains("school2_urn"), "\(movers.stderr)")
        let primary = try Self.evaluate(directory, ["--primary-school"])
        #expect(primary.status != 0)
        #expect(primary.stderr.contains("ks2_urn"), "\(primary.stderr)")
    }

    @Test("generate --movers: a share outside [0, 1), or without --files, is refused")
    func badMoverOptions() throws {
        let directory = try CLI.temporaryDirectory()
        for share in ["1.5", "-0.1", "nan"] {
            let result = try CLI.run("generate", "--pupils", "600", "--schools", "12", "--las", "3",
                                     "--movers", share, "--files", directory.path)
            #expect(result.status != 0 && result.stderr.contains("--movers"), "\(share): \(result.stderr)")
        }
        let noFiles = try CLI.run("generate", "--pupils", "600", "--schools", "12", "--las", "3", "--movers", "0.1",
                                  "--out", directory.appendingPathComponent("cohort.csv").path)
        #expect(noFiles.status != 0 && noFiles.stderr.contains("--files"), "\(noFiles.stderr)")
    }
}
