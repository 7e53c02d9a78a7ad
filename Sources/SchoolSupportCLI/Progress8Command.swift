import ArgumentParser
import Education
import Foundation
import Reports

/// `schoolsupport progress8`: DfE's Progress 8 for each school of a pupil file, with its 95%
/// confidence interval, the pupils counted and the pupils excluded. The computation is in
/// `Education` (Progress8); this command reads arguments, prints and writes files.
struct Progress8Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress8",
        abstract: "Progress 8 per school with DfE's 95% confidence interval.",
        discussion: """
        Reads the KS4 rows of a pupil file (ks4_attainment8 and KS2 prior attainment: ks2_prior_group, or \
        KS2 fine points, or KS2 scaled scores). The national mean Attainment 8 of each prior-attainment group \
        and the standard deviation of pupil scores are computed from the whole file unless published \
        figures are given (--national-means, --national-sd). Writes progress8.csv, progress8_groups.csv, \
        progress8_exclusions.csv and progress8.json to --out. See Docs/progress8.md.
        """)

    @Option(help: "Pupil file (Docs/data-format.md).")
    var pupils: String

    @Option(name: .customLong("national-means"), help: "Published national mean Attainment 8 per prior-attainment group (prior_group, mean_attainment8[, scheme]).")
    var nationalMeans: String?

    @Option(name: .customLong("national-sd"), parsing: .unconditional, help: "Published national standard deviation of pupil Progress 8 scores.")
    var nationalSD: NumberArgument?

    @Option(help: "Output directory.")
    var out: String = "progress8"

    func run() throws {
        try EvaluateCommand.checkWritableDirectory(out)
        let read = try Progress8FileReader.readPupils(path: pupils)
        reportRead(read.summary)
        var meansSummary: FileReadSummary?
        var national: NationalProgress8Estimates?
        if let nationalSD {
            try nationalSD.requireFinite("--national-sd")
            guard nationalSD.value > 0 else { throw ValidationError("--national-sd must be more than 0, got '\(nationalSD.text)'") }
        }
        if let nationalMeans {
            let means = try Progress8FileReader.readNationalMeans(path: nationalMeans)
            reportRead(means.summary)
            meansSummary = means.summary
            national = try NationalProgress8Estimates(means: means.means, standardDeviation: nationalSD?.value)
        } else if nationalSD != nil {
            warn("--national-sd has no effect without --national-means: the cohort's own means and standard deviation are used")
        }
        let results = Progress8.compute(pupils: read.pupils, national: national)
        let json = try Progress8Report.json(
            Progress8Report.Output(results: results, pupilFile: read.summary, nationalMeansFile: meansSummary))
        let files = [
            ("progress8.csv", Progress8Report.schoolsCSV(results)),
            ("progress8_groups.csv", Progress8Report.groupsCSV(results)),
            ("progress8_exclusions.csv", Progress8Report.exclusionsCSV(results)),
            ("progress8.json", json),
        ]
        for (name, text) in files {
            let path = URL(fileURLWithPath: out).appendingPathComponent(name).path
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw OutputError("cannot write \(path): \(error.localizedDescription)")
            }
        }
        print(Progress8Report.text(results), terminator: "")
        for exclusion in results.exclusions.prefix(20) { print("  \(exclusion.description)") }
        if results.exclusions.count > 20 { print("  ... and \(results.exclusions.count - 20) more (\(out)/progress8_exclusions.csv)") }
        print("wrote " + files.map { "\(out)/\($0.0)" }.joined(separator: ", "))
    }
}
