import Foundation
import MixedModels

/// The `fit` command's report of a linear mixed model: a JSON object with lme4's quantities
/// under the names of the reference files, or a text summary laid out like lme4's
/// `summary(lmer(...))` with lmerTest's Satterthwaite columns.
struct LinearFitReport {
    let model: LinearMixedModel
    let tests: [CoefficientTest]
    let diagnostics: ConvergenceDiagnostics
    let fitSeconds: Double
    let messages: [String]

    var json: JSONValue {
        var ngroups: [(String, JSONValue)] = []
        for t in model.terms where !ngroups.contains(where: { $0.0 == t.groupingName }) {
            ngroups.append((t.groupingName, .integer(t.levelCount)))
        }
        let fixef: [JSONValue] = tests.map {
            .object([("name", .string($0.name)), ("estimate", .number($0.estimate)), ("se", .number($0.standardError)),
                     ("df", .number($0.degreesOfFreedom)), ("t", .number($0.tValue)), ("p", .number($0.pValue))])
        }
        let varcorr: [JSONValue] = model.varianceComponents.map {
            .object([("group", .string($0.group)), ("var1", .optional($0.var1)), ("var2", .optional($0.var2)),
                     ("variance", .number($0.variance)), ("sdcor", .number($0.sdcor))])
        }
        var pairs: [(String, JSONValue)] = [
            ("formula", .string(model.formula)),
            ("REML", .bool(model.reml)),
            ("nobs", .integer(model.observationCount)),
            ("ngroups", .object(ngroups)),
            ("fixef", .array(fixef)),
            ("varcorr", .array(varcorr)),
            ("sigma", .number(model.sigma)),
            ("theta", .array(model.theta.map(JSONValue.number))),
            ("logLik", .number(model.logLikelihood)),
        ]
        pairs.append(model.reml ? ("REMLcrit", .number(model.objective)) : ("deviance", .number(model.objective)))
        pairs += [
            ("AIC", .number(model.aic)),
            ("BIC", .number(model.bic)),
            ("converged", .bool(diagnostics.converged)),
            ("singular", .bool(model.isSingular)),
            ("rows_dropped", .integer(model.rowsDropped)),
            ("dropped_coefficients", .array(model.droppedFixedEffects.map(JSONValue.string))),
            ("icc", .object(model.intraclassCorrelations.map { ($0.group, .number($0.icc)) })),
            ("optimizer", .object([
                ("algorithm", .string("BOBYQA (NLopt)")),
                ("evaluations", .integer(model.optimization?.evaluations ?? 0)),
                ("message", .string(model.optimization?.message ?? "")),
                ("seconds", .number(model.optimization?.seconds ?? 0)),
            ])),
            ("gradient", .array(diagnostics.gradient.map(JSONValue.number))),
            ("scaled_gradient_max", .number(diagnostics.scaledGradientMaximum)),
            ("messages", .array((messages + diagnostics.messages).map(JSONValue.string))),
            ("fit_seconds", .number(fitSeconds)),
        ]
        return .object(pairs)
    }

    var text: String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        line("Linear mixed model fit by \(model.reml ? "REML" : "maximum likelihood").")
        line(" t-tests use Satterthwaite's method")
        line("Formula: \(model.formula)")
        line()
        if model.reml {
            line("REML criterion at convergence: " + String(format: "%.4f", model.objective))
        } else {
            line("     AIC      BIC   logLik deviance df.resid")
            line(String(format: "%8.1f %8.1f %8.1f %8.1f %8d", model.aic, model.bic, model.logLikelihood,
                        model.objective, model.observationCount - model.parameterCount))
        }
        line()
        line("Random effects:")
        line(pad("Groups", 12) + pad("Name", 14) + pad("Variance", 12, right: true) + pad("Std.Dev.", 11, right: true) + "  Corr")
        var lastGroup = ""
        let comps = model.varianceComponents
        for c in comps where c.var2 == nil {
            let g = c.group == lastGroup ? "" : c.group
            lastGroup = c.group
            var row = pad(g, 12) + pad(c.var1 ?? "", 14) + pad(String(format: "%.5g", c.variance), 12, right: true)
                + pad(String(format: "%.5g", c.sdcor), 11, right: true)
            let corr = comps.filter { $0.group == c.group && $0.var2 != nil && $0.var2 == c.var1 }
            if !corr.isEmpty { row += "  " + corr.map { String(format: "%5.2f", $0.sdcor) }.joined(separator: " ") }
            out += row + "\n"
        }
        var groups: [String] = []
        for t in model.terms where !groups.contains(where: { $0.hasPrefix(t.groupingName + ",") }) {
            groups.append("\(t.groupingName), \(t.levelCount)")
        }
        line("Number of obs: \(model.observationCount), groups:  \(groups.joined(separator: "; "))")
        line()
        line("Fixed effects:")
        line(pad("", 20) + pad("Estimate", 12, right: true) + pad("Std. Error", 12, right: true) + pad("df", 10, right: true)
             + pad("t value", 9, right: true) + pad("Pr(>|t|)", 11, right: true))
        for t in tests {
            line(pad(t.name, 20) + pad(String(format: "%.5g", t.estimate), 12, right: true)
                 + pad(String(format: "%.5g", t.standardError), 12, right: true)
                 + pad(String(format: "%.1f", t.degreesOfFreedom), 10, right: true)
                 + pad(String(format: "%.3f", t.tValue), 9, right: true)
                 + pad(t.pValue < 2e-16 ? "<2e-16" : String(format: "%.3g", t.pValue), 11, right: true))
        }
        let notes = messages + diagnostics.messages
        if !notes.isEmpty {
            line()
            for n in notes { line(n) }
        }
        line()
        line(String(format: "Fitted in %.3f s (%d deviance evaluations).", fitSeconds, model.optimization?.evaluations ?? 0))
        return out
    }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        guard s.count < width else { return s + " " }
        let space = String(repeating: " ", count: width - s.count)
        return right ? space + s : s + space
    }
}
