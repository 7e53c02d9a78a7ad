import Foundation
import Testing

/// The progress8 and survey commands on the shipped example files, and a trends measure the
/// pupil file does not carry.
@Suite struct AccountabilityCommandTests {
    @Test("progress8 prints the worked example's school scores and writes its four files")
    func progress8WorkedExample() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run("progress8", "--pupils", "Data/synthetic/progress8_example.csv", "--out", directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        // Docs/progress8.md: A 0.25 [−0.05, 0.55], B −0.25 [−0.55, 0.05], one exclusion each.
        #expect(result.stdout.contains("100001         6         1   47.50    0.25  [-0.05, 0.55]"), "\(result.stdout)")
        #expect(result.stdout.contains("100002         6         1   42.50   -0.25  [-0.55, 0.05]"), "\(result.stdout)")
        #expect(result.stdout.contains("excluded: 2 (no_prior_attainment 1, no_attainment8 1)"))
        for name in ["progress8.csv", "progress8_groups.csv", "progress8_exclusions.csv", "progress8.json"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("progress8.json")))
        #expect((json as? [String: Any])?["results"] != nil)
    }

    @Test("progress8 with published means: a group without one excludes its pupils; a bad --national-sd is refused")
    func progress8PublishedMeans() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let means = directory.appendingPathComponent("means.csv")
        try "prior_group,mean_attainment8\n1,24\n2,46\n".write(to: means, atomically: true, encoding: .utf8)
        let result = try CLI.run("progress8", "--pupils", "Data/synthetic/progress8_example.csv",
                                 "--national-means", means.path, "--national-sd", "1", "--out", directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        // Groups 1 and 2 only: four pupils in each school's measure (Docs/progress8.md).
        #expect(result.stdout.contains("100001         4         3"), "\(result.stdout)")
        #expect(result.stdout.contains("no_national_mean 4"), "\(result.stdout)")
        let bad = try CLI.run("progress8", "--pupils", "Data/synthetic/progress8_example.csv",
                              "--national-means", means.path, "--national-sd", "-1", "--out", directory.path)
        #expect(bad.status == 64, "status \(bad.status): \(bad.stderr)")
        #expect(bad.stderr.contains("--national-sd must be more than 0, got '-1'"), "\(bad.stderr)")
    }

    @Test("survey writes its three files and lists a rejected row by number")
    func survey() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("s.csv")
        try "respondent_id,role,item,response\nA,teacher,q1,agree\nB,,q1,agree\nC,teacher,q1,4\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run("survey", "--responses", file.path, "--out", directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("row 2: column role"), "\(result.stderr)")
        for name in ["survey.md", "survey.csv", "survey.json"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        let csv = try String(contentsOf: directory.appendingPathComponent("survey.csv"), encoding: .utf8)
        // Two teachers agree: 2 of 2 substantive answers, 100%.
        #expect(csv.contains("\"q1\",\"teacher\",0,0,0,2,0,0,0,2,2,100,"), "\(csv)")
    }

    @Test("trends refuses a measure the pupil file does not carry, naming it")
    func trendsMeasureNotInPupilFile() throws {
        let result = try CLI.run("trends", "--measure", "ks2-level4-science")
        #expect(result.status == 64, "status \(result.status)")
        #expect(result.stderr.contains("ks2-level4-science"), "\(result.stderr)")
    }
}
