import ArgumentParser
import DataTable
import Foundation
import MixedModels

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

    func run() throws {
        let table = try DataTable.readCSV(path: data)
        var models: [LinearMixedModel] = []
        for f in formula {
            var m = try LinearMixedModel(formula: f, data: table, reml: false)
            try m.fit()
            models.append(m)
        }
        let test = try LikelihoodRatioTest.compare(models[0], models[1])
        if json {
            func row(_ r: LikelihoodRatioTest.Row) -> JSONValue {
                .object([("formula", .string(r.formula)), ("npar", .integer(r.parameters)), ("AIC", .number(r.aic)),
                         ("BIC", .number(r.bic)), ("logLik", .number(r.logLikelihood)), ("deviance", .number(r.deviance))])
            }
            let value: JSONValue = .object([("models", .array([row(test.smaller), row(test.larger)])),
                                            ("chisq", .number(test.chiSquared)), ("df", .integer(test.degreesOfFreedom)),
                                            ("p", .number(test.pValue))])
            print(value.rendered())
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
        }
    }
}
