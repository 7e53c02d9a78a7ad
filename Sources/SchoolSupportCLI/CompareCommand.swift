import ArgumentParser
import DataTable
import Foundation
import MixedModels
import Reports

/// `schoolsupport compare`: a likelihood-ratio test of two nested linear mixed models on the
/// same data (lme4's `anova(m0, m1)`; REML fits are refitted by maximum likelihood).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Likelihood-ratio test of two nested linear mixed models (lme4's anova).")

    @Option(name: .long, help: "CSV file as written by R's write.csv.")
    var data: String

    @Option(name: .long, help: "A model formula; give exactly two.")
    var formula: [String] = []

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard formula.count == 2 else { throw ValidationError("give exactly two --formula options, got \(formula.count)") }
    }

    /// A likelihood-ratio test needs one response on the same rows (an error otherwise, as
    /// lme4's anova refuses models fitted to different numbers of observations); its χ²
    /// reference distribution also needs the smaller model nested in the larger, which is
    /// checked term by term and reported as a warning when it fails.
    static func checkComparable(_ a: LinearMixedModel, _ b: LinearMixedModel, formulas: [String]) throws -> [String] {
        guard a.observationRows == b.observationRows else {
            throw ValidationError("the two --formula models use different rows of the data "
                + "(\(a.observationCount) and \(b.observationCount) observations after dropping missing values); "
                + "a likelihood-ratio test needs the same observations: drop the incomplete rows from the file first")
        }
        guard a.response == b.response else {
            throw ValidationError("the two --formula models have different responses ('\(formulas[0])' and '\(formulas[1])'); "
                + "a likelihood-ratio test compares models of the same response")
        }
        let (small, large) = a.parameterCount <= b.parameterCount ? (a, b) : (b, a)
        var missing = small.fixedEffectNames.filter { !large.fixedEffectNames.contains($0) }
        for term in small.terms {
            let covered = large.terms.contains { $0.groupingName == term.groupingName && Set(term.columnNames).isSubset(of: $0.columnNames) }
            if !covered { missing.append("(\(term.columnNames.joined(separator: " + ")) | \(term.groupingName))") }
        }
        guard !missing.isEmpty else { return [] }
        return ["the models may not be nested: the smaller model's \(missing.joined(separator: ", ")) "
                + "\(missing.count == 1 ? "is" : "are") not in the larger model, so the chi-square test may not apply"]
    }

    func run() throws {
        let table = try DataTable.readCSV(path: data)
        var models: [LinearMixedModel] = []
        for f in formula {
            var m = try LinearMixedModel(formula: f, data: table, reml: false)
            try m.fit()
            try NonFiniteFitError.check(m.objective, criterion: "deviance", formula: f)
            models.append(m)
        }
        let warnings = try Self.checkComparable(models[0], models[1], formulas: formula)
        for w in warnings { warn(w) }
        let test = try LikelihoodRatioTest.compare(models[0], models[1])
        if json {
            print(try JSONOutput.encode(CompareJSON(test, warnings: warnings)))
        } else {
            print("Models fitted by maximum likelihood:")
            for (name, r) in [("m0", test.smaller), ("m1", test.larger)] {
                print("\(name): \(r.formula)")
            }
            print("   npar        AIC        BIC     logLik   deviance")
            for (name, r) in [("m0", test.smaller), ("m1", test.larger)] {
                print(String(format: "%@ %4d %10.2f %10.2f %10.2f %10.2f", name, r.parameters, r.aic, r.bic, r.logLikelihood, r.deviance))
            }
            print(String(format: "Chisq %.4f on %d df, Pr(>Chisq) = %.4g", test.chiSquared, test.degreesOfFreedom, test.pValue))
            for w in warnings { print("Warning: \(w)") }
        }
    }
}
