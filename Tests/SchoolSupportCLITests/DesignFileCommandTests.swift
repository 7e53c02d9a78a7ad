import Foundation
import Testing

/// `evaluate --design-file`: the design written beside the report repeats the run, options
/// override the file, and a design file that cannot be used is refused naming the key.
@Suite("evaluate --design-file")
struct DesignFileCommandTests {
    /// results.json without the fields that differ between runs: `seconds`, `models[].seconds`
    /// and `provenance.timing` (Docs/design-file.md), re-encoded with sorted keys.
    static func withoutTiming(_ path: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["seconds"] != nil)
        object["seconds"] = nil
        var models = try #require(object["models"] as? [[String: Any]])
        for i in models.indices {
            #expect(models[i]["seconds"] != nil)
            models[i]["seconds"] = nil
        }
        object["models"] = models
        var provenance = try #require(object["provenance"] as? [String: Any])
        #expect(provenance["timing"] != nil)
        provenance["timing"] = nil
        object["provenance"] = provenance
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    @Test("Rerunning from the written design.json reproduces results.json, timing aside, on the shipped data")
    func reproducible() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("first").path
        let again = directory.appendingPathComponent("again").path
        // Linear and generalised models, three levels, by area, with the hypothesis models.
        let run = try CLI.run("evaluate", "--outcomes", "ks2", "ks4_capped", "ks4_5ac_em", "--three-level", "--nagq", "0",
                              "--quiet", "--out", first)
        #expect(run.status == 0, "\(run.stderr)")
        let rerun = try CLI.run("evaluate", "--design-file", first + "/design.json", "--quiet", "--out", again)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let a = try Self.withoutTiming(first + "/results.json")
        let b = try Self.withoutTiming(again + "/results.json")
        #expect(a == b, "results.json differs between the run and its rerun from design.json")
        #expect(FileManager.default.contents(atPath: first + "/design.json") == FileManager.default.contents(atPath: again + "/design.json"))
        let design = try String(contentsOfFile: first + "/design.json", encoding: .utf8)
        #expect(design.contains(#""levels" : "three""#) && design.contains(#""quadraturePoints" : 0"#))
        #expect(design.contains("Data/synthetic/pupils.csv"))
        let results = try String(contentsOfFile: first + "/results.json", encoding: .utf8)
        #expect(results.contains(#""sha256" : ""#) && results.contains("ks4_5ac_em/categories/london"))
        for name in ["report.md", "report.html"] {
            let text = try String(contentsOfFile: first + "/" + name, encoding: .utf8)
            #expect(text.contains("design.json"), "\(name) names the design file")
        }
    }

    @Test("Options given with a design file override it, and the written design records the result")
    func optionsOverride() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("design.json").path
        try #"{"version": 1, "design": {"outcomes": ["ks2", "unauthorised"], "levels": "three", "crossLA": false, "dose": false}, "valueForMoney": {"bursary": 5000}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out").path
        let result = try CLI.run("evaluate", "--design-file", file, "--outcomes", "ks4_capped", "--no-areas", "--quiet", "--out", out)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/design.json"))) as? [String: Any])
        let design = try #require(written["design"] as? [String: Any])
        #expect(design["outcomes"] as? [String] == ["ks4_capped"])      // the option
        #expect(design["areas"] as? [String] == [])                      // the option
        #expect(design["levels"] as? String == "three")                  // the file
        #expect(design["crossLA"] as? Bool == false)                     // the file
        #expect((written["valueForMoney"] as? [String: Any])?["bursary"] as? Double == 5000)
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("plus a £5,000 bursary"))
    }

    @Test("A design file with an unknown key, a wrong type or an impossible value: exit 64, the key named, nothing fitted")
    func refused() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, String)] = [
            (#"{"design": {"levls": "three"}}"#, "key 'design.levls': unknown key"),
            (#"{"design": {"threeLevel": true}}"#, "key 'design.threeLevel': unknown key"),
            (#"{"design": {"crossLA": "yes"}}"#, "key 'design.crossLA': wrong type: expected true or false"),
            (#"{"design": {"quadraturePoints": 30}}"#, "key 'design.quadraturePoints': quadrature points must be 0 to 25, not 30"),
            (#"{"valueForMoney": {"leaderDays": -3}}"#, "key 'valueForMoney.leaderDays': must be a finite number of at least 0"),
            (#"{"design": {}, "design": {}}"#, "key 'design': the key is given twice"),
        ]
        let out = directory.appendingPathComponent("out").path
        for (i, (text, message)) in cases.enumerated() {
            let file = directory.appendingPathComponent("design-\(i).json").path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try CLI.run("evaluate", "--design-file", file, "--out", out)
            #expect(result.status == 64, "\(text): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("design file '\(file)': " + message), "\(result.stderr)")
            #expect(result.stdout.isEmpty && !result.stderr.contains("[ "))
        }
        let missing = try CLI.run("evaluate", "--design-file", directory.appendingPathComponent("none.json").path, "--out", out)
        #expect(missing.status == 64 && missing.stderr.contains("cannot read the file"), "\(missing.stderr)")
    }
}
