import Foundation
import Testing

/// `schoolsupport programme` on the shipped data, its option errors, and `evaluate --ofsted`.
@Suite("schoolsupport programme")
struct ProgrammeCommandTests {
    static let shipped = ["--schools", "Data/synthetic/schools.csv", "--support", "Data/synthetic/support.csv"]

    @Test("programme on the shipped data writes every file and prints the report")
    func shippedData() throws {
        let out = try CLI.temporaryDirectory()
        let result = try CLI.run(["programme"] + Self.shipped + [
            "--pupils", "Data/synthetic/pupils.csv", "--ofsted", "Data/synthetic/ofsted.csv", "--as-of", "2013-08-31",
            "--deflator", "Data/synthetic/deflator.csv", "--price-base-year", "2010", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Grade transitions") && result.stdout.contains("Recorded costs"))
        #expect(result.stdout.contains("In 2010 prices (deflator: deflator.csv)"))
        for name in ["programme.md", "programme.txt", "programme.json", "grade_distributions.csv", "transitions.csv",
                     "time_to_leave.csv", "deployments.csv", "costs.csv", "rejections.csv", "grades.svg"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("programme.json")))
        let object = try #require(json as? [String: Any])
        #expect(object["asOf"] as? String == "2013-08-31")
        let deployments = try #require(object["deployments"] as? [String: Any])
        // support.csv has 56 records.
        #expect(deployments["deployments"] as? Int == 56)
        let ofsted = try #require(object["ofsted"] as? [String: Any])
        #expect(ofsted["inspections"] as? Int == 700)
    }

    @Test("programme option and input errors")
    func errors() throws {
        let out = try CLI.temporaryDirectory()
        let noDeflator = try CLI.run(["programme"] + Self.shipped + ["--price-base-year", "2010", "--out", out.path])
        #expect(noDeflator.status == 64 && noDeflator.stderr.contains("--price-base-year 2010 needs --deflator"), "\(noDeflator.stderr)")
        let badDate = try CLI.run(["programme"] + Self.shipped + ["--as-of", "2013-02-30", "--out", out.path])
        #expect(badDate.status == 64 && badDate.stderr.contains("--as-of 2013-02-30"), "\(badDate.stderr)")
        let ofsted = out.appendingPathComponent("ofsted.csv")
        try "urn,inspection_date\n100001,2008-01-01\n".write(to: ofsted, atomically: true, encoding: .utf8)
        let missing = try CLI.run(["programme"] + Self.shipped + ["--ofsted", ofsted.path, "--out", out.path])
        #expect(missing.status == 65 && missing.stderr.contains("overall_effectiveness"), "\(missing.stderr)")
        // A bad row is excluded and listed, not fatal.
        try "urn,inspection_date,overall_effectiveness\n100001,2008-01-01,5\n100001,2009-01-01,2\n".write(to: ofsted, atomically: true, encoding: .utf8)
        let badRow = try CLI.run(["programme"] + Self.shipped + ["--ofsted", ofsted.path, "--as-of", "2013-08-31", "--out", out.path])
        #expect(badRow.status == 0, "\(badRow.stderr)")
        #expect(badRow.stderr.contains("row 1") && badRow.stderr.contains("overall_effectiveness"), "\(badRow.stderr)")
        let rejections = try String(contentsOf: out.appendingPathComponent("rejections.csv"), encoding: .utf8)
        #expect(rejections.contains(",1,\"overall_effectiveness\",\"5\",\"out_of_range\""), "\(rejections)")
    }

    @Test("evaluate --ofsted adds the programme records and values the recorded costs")
    func evaluateWithOfsted() throws {
        let out = try CLI.temporaryDirectory()
        let result = try CLI.run(["evaluate", "--ofsted", "Data/synthetic/ofsted.csv", "--deflator", "Data/synthetic/deflator.csv",
                                  "--outcomes", "ks4_capped", "--no-areas", "--quiet", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Programme records") && report.contains("### Ofsted transitions"))
        #expect(report.contains("### Deployments") && report.contains("### Recorded costs"))
        #expect(report.contains("*Recorded programme costs:*") && report.contains("2013 prices (deflator: deflator.csv)"))
        #expect(report.contains("| real cost per supported school | 46 |"))
    }

    @Test("the shipped ofsted.csv is what the documented generate command writes, and reads without rejections")
    func shippedOfstedFileIsReproducible() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CLI.run("generate", "--pupils", "5000", "--schools", "150", "--las", "15", "--seed", "2010",
                                 "--ks2-pupils", "2500", "--primary-schools", "100", "--files", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let generated = try Data(contentsOf: out.appendingPathComponent("ofsted.csv"))
        let shipped = try Data(contentsOf: CLI.packageDirectory.appendingPathComponent("Data/synthetic/ofsted.csv"))
        #expect(generated == shipped)
        for name in ["pupils.csv", "schools.csv", "support.csv"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(name))
                == Data(contentsOf: CLI.packageDirectory.appendingPathComponent("Data/synthetic/\(name)")), "\(name) differs")
        }
        let report = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: report) }
        let read = try CLI.run(["programme"] + Self.shipped + ["--ofsted", "Data/synthetic/ofsted.csv", "--out", report.path])
        #expect(read.status == 0 && read.stderr.isEmpty, "\(read.stderr)")
        #expect(read.stdout.contains("Data/synthetic/ofsted.csv    700       700                     0"))
    }
}
