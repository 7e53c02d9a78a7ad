import ArgumentParser
import DataTable
import Foundation
import MixedModels
import Reports

/// `schoolsupport fit`: reads a CSV file, fits a linear or generalised mixed model given by an
/// lme4 formula and prints an lme4-style summary or a JSON object.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a mixed model given by an lme4 formula to a CSV file.")

    @Option(name: .long, help: "CSV file as written by R's write.csv (NA or empty for missing).")
    var data: String

    @Option(name: .long, help: "Model formula in lme4 syntax, e.g. \"y ~ x + (1|school)\". Pupils in several schools: (1 | mm(school1, school2, weights(w1, w2))), each row's weights positive and summing to 1 (see Docs/methods.md).")
    var formula: String

    @Option(name: .long, help: "Model family: gaussian is the linear mixed model; binomial, poisson, nbinom2 (negative binomial, Var = mu + mu^2/phi) and betabinomial are generalised, the last two with a dispersion phi as glmmTMB's sigma().")
    var family: FamilyArgument = .gaussian

    @Option(name: .long, help: "Link function (default: the family's canonical link).")
    var link: Link?

    @Option(name: .customLong("nagq"), parsing: .unconditional, help: "Adaptive Gauss-Hermite points for one scalar random effect (1 = Laplace).")
    var quadraturePoints: Int = 1

    @Option(name: .long, help: "Binomial and betabinomial: column holding the number of trials when the response is a count of successes.")
    var trials: String?

    @Option(name: .long, help: "Linear models: column of prior weights (residual variance σ²/w), as lmer's weights =.")
    var weights: String?

    @Flag(name: .long, help: "Linear models: fit by maximum likelihood instead of REML.")
    var ml = false

    @Flag(name: .long, help: "Generalised binomial-logit and Poisson-log models: restricted maximum likelihood, as glmmTMB's REML = TRUE (β integrated out with the random effects by the Laplace approximation). Linear models use REML unless --ml.")
    var reml = false

    @Flag(name: .long, help: "Print one JSON object instead of the text summary.")
    var json = false

    @Flag(name: .long, help: "Include the conditional modes (random effects) of every level in the JSON.")
    var ranef = false

    @Option(name: .long, parsing: .singleValue,
            help: "Reference level for treatment contrasts, as variable=level (repeatable).")
    var reference: [String] = []

    func validate() throws {
        guard quadraturePoints >= 0 else {
            throw ValidationError("--nagq must be 0 (θ alone), 1 (Laplace) or more adaptive Gauss-Hermite points, got \(quadraturePoints)")
        }
        if reml && ml { throw ValidationError("--reml and --ml ask for different criteria: give one") }
    }

    func run() throws {
        if family.distribution == nil, quadraturePoints != 1 {
            warn("--nagq \(quadraturePoints) is ignored: quadrature applies to generalised models; a gaussian model's likelihood is exact")
        }
        var references: [String: String] = [:]
        for r in reference {
            let parts = r.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--reference takes variable=level, got '\(r)'") }
            references[parts[0]] = parts[1]
        }
        let options = ModelFrame.Options(referenceLevels: references, weights: weights)
        let reading = ContinuousClock.now
        let table = try DataTable.readCSV(path: data)
        let readSeconds = Self.seconds(since: reading)
        for warning in table.inferenceWarnings { warn("\(warning)") }
        for variable in references.keys.sorted() {
            guard table.columnNames.contains(variable) else {
                throw ValidationError("--reference \(variable)=\(references[variable] ?? ""): '\(variable)' is not a column of \(data)")
            }
            if let column = table.columns.first(where: { $0.name == variable }), column.isNumeric, !formula.contains("factor(\(variable))") {
                warn("--reference \(variable)=\(references[variable] ?? "") is ignored: '\(variable)' is numeric, so it has no levels (use factor(\(variable)) in the formula)")
            }
        }
        let start = ContinuousClock.now
        let summary: ModelSummary
        let modes: [ConditionalModes]
        if let distribution = family.distribution {
            BLASThreadPolicy.useOneThreadUnlessChosen()
            var model = try GeneralizedLinearMixedModel(formula: formula, data: table, distribution: distribution,
                                                        link: link, quadraturePoints: quadraturePoints,
                                                        trials: trials, options: options)
            model.identifiabilityWarnings.forEach { warn($0) }
            model.reml = reml
            try model.fit()
            summary = ModelSummary(model, fitSeconds: Self.seconds(since: start), messages: Self.notes(model.rowsDropped, model.droppedFixedEffects))
            modes = ranef ? model.randomEffects : []
        } else {
            guard link == nil || link == .identity else { throw ValidationError("the gaussian family takes the identity link") }
            guard trials == nil else { throw ValidationError("--trials needs --family binomial or betabinomial") }
            // One BLAS thread while the model is built (its BLAS calls are small, and idle
            // OpenBLAS threads spin afterwards), the default again for a fit that spends its
            // time in one large dense factorisation.
            let threads = BLASThreads.count
            BLASThreadPolicy.useOneThreadUnlessChosen()
            var model = try LinearMixedModel(formula: formula, data: table, reml: !ml, options: options)
            model.identifiabilityWarnings.forEach { warn($0) }
            if model.benefitsFromParallelBLAS, BLASThreads.count != threads { BLASThreads.set(threads) }
            try model.fit()
            var linear = ModelSummary(model, fitSeconds: 0, messages: Self.notes(model.rowsDropped, model.droppedFixedEffects)
                                        + model.terms.flatMap(\.notes))
            modes = ranef ? try model.randomEffects(conditionalVariances: true) : []
            // fit_seconds covers everything printed; the stages after the optimiser (the
            // derivatives, standard errors, degrees of freedom, modes) count as inference.
            linear.fitSeconds = Self.seconds(since: start)
            var timing = model.timing
            timing.read = readSeconds
            timing.inference = max(linear.fitSeconds - timing.frame - timing.optimise, 0)
            linear.timing = timing
            summary = linear
        }
        // A criterion that overflowed (a response, covariate or weight near 1e308) would print
        // NaN estimates with exit status 0; it is an error naming the formula instead.
        try NonFiniteFitError.check(summary.criterion.1, criterion: summary.criterion.0, formula: formula)
        if json {
            print(try JSONOutput.encode(FitJSON(summary: summary, randomEffects: ranef ? modes : nil)))
        } else {
            print(summary.description, terminator: "")
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start) / .seconds(1)
    }

    static func notes(_ rowsDropped: Int, _ dropped: [String]) -> [String] {
        var out: [String] = []
        if rowsDropped > 0 { out.append("\(rowsDropped) row\(rowsDropped == 1 ? "" : "s") dropped for missing values") }
        if !dropped.isEmpty {
            out.append("fixed-effect model matrix is rank deficient so dropping \(dropped.count) coefficient(s): \(dropped.joined(separator: ", "))")
        }
        return out
    }
}
