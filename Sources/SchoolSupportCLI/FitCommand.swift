import ArgumentParser
import DataTable
import Foundation
import MixedModels

/// `schoolsupport fit`: reads a CSV file, fits a mixed model given by an lme4 formula and
/// prints an lme4-style summary or a JSON object.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a linear mixed model given by an lme4 formula to a CSV file.")

    @Option(name: .long, help: "CSV file as written by R's write.csv (NA or empty for missing).")
    var data: String

    @Option(name: .long, help: "Model formula in lme4 syntax, e.g. \"y ~ x + (1|school)\".")
    var formula: String

    @Flag(name: .long, help: "Fit by maximum likelihood instead of REML.")
    var ml = false

    @Flag(name: .long, help: "Print one JSON object instead of the text summary.")
    var json = false

    @Option(name: .long, parsing: .singleValue,
            help: "Reference level for treatment contrasts, as variable=level (repeatable).")
    var reference: [String] = []

    func run() throws {
        var references: [String: String] = [:]
        for r in reference {
            let parts = r.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--reference takes variable=level, got '\(r)'") }
            references[parts[0]] = parts[1]
        }
        let table = try DataTable.readCSV(path: data)
        let start = ContinuousClock.now
        var model = try LinearMixedModel(formula: formula, data: table, reml: !ml,
                                         options: ModelFrame.Options(referenceLevels: references))
        try model.fit()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let frameMessages = model.rowsDropped > 0
            ? ["\(model.rowsDropped) row\(model.rowsDropped == 1 ? "" : "s") of \(data) dropped for missing values"] : []
        let dropped = model.droppedFixedEffects.isEmpty ? [] :
            ["fixed-effect model matrix is rank deficient so dropping \(model.droppedFixedEffects.count) coefficient(s): \(model.droppedFixedEffects.joined(separator: ", "))"]
        let report = LinearFitReport(model: model, tests: model.coefficientTests(),
                                     diagnostics: model.convergenceDiagnostics(), fitSeconds: seconds,
                                     messages: frameMessages + dropped)
        print(json ? report.json.rendered() : report.text, terminator: json ? "\n" : "")
    }
}
