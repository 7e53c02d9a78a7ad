import DataTable
import Foundation
import MixedModels

/// The evaluation in one call: read the pupil, school and support files, build the analysis
/// table, fit every model of the design and collect a tidy table of estimates, the exclusions
/// of each model and the school effects.
///
///     let results = try Evaluation.run(pupilsPath: "pupils.csv", schoolsPath: "schools.csv",
///                                      supportPath: "support.csv")
///
/// The design (`EvaluationDesign`) follows NFER's quantitative evaluation of the City
/// Challenge Leadership Strategies (Rudd et al. 2011). Every estimate is an association, not a
/// causal effect. A model that the data cannot support is skipped, and a model that fails is
/// reported as failed, without stopping the others.
public struct Evaluation: Sendable {
    public var design: EvaluationDesign

    public init(design: EvaluationDesign = EvaluationDesign()) {
        self.design = design
    }

    /// Reads the three files and runs the evaluation. `progress` receives one line per step.
    public static func run(
        pupilsPath: String, schoolsPath: String, supportPath: String?,
        design: EvaluationDesign = EvaluationDesign(),
        progress: (@Sendable (String) -> Void)? = nil
    ) throws(EvaluationError) -> EvaluationResults {
        try design.validate()
        let start = Date()
        progress?("reading \(pupilsPath), \(schoolsPath)" + (supportPath.map { ", \($0)" } ?? ""))
        let data = try EvaluationData.read(
            pupilsPath: pupilsPath, schoolsPath: schoolsPath, supportPath: supportPath,
            classification: design.classification)
        var results = try Evaluation(design: design).run(data, progress: progress)
        // The whole run, reading included.
        results.provenance?.timing.started = EvaluationProvenance.isoDate(start)
        results.provenance?.timing.seconds = Date().timeIntervalSince(start)
        return results
    }

    /// Why no pupil reached the analysis table: the pupil file's counts by rejection reason
    /// and its first rejected row, or that the file had no data rows.
    static func emptyTableReason(_ summary: NPDReadSummary?) -> String {
        guard let pupils = summary?.pupils else { return "the analysis table is empty" }
        guard pupils.rows > 0 else { return "\(pupils.file) has no data rows" }
        let reasons = pupils.rejectedByKind.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        var text = "every one of the \(pupils.rows) rows of \(pupils.file) was rejected (\(reasons.joined(separator: ", ")))"
        if let first = pupils.rejections.first { text += "; the first: \(first)" }
        return text
    }

    /// Runs every model of the design on `data`.
    public func run(_ data: EvaluationData, progress: (@Sendable (String) -> Void)? = nil) throws(EvaluationError) -> EvaluationResults {
        try design.validate()
        guard data.classification == design.classification else {
            throw .invalidDesign("the data were prepared with another support classification than the design's")
        }
        // The school-context columns (SchoolContext), computed once from the whole table.
        var data = data
        if design.eventStudy { data = try data.addingEventStudyColumns() }
        var schoolContext: SchoolContext.Summary?
        if design.schoolContext {
            (data, schoolContext) = try data.addingSchoolContext()
            for note in schoolContext?.notes ?? [] { progress?("school context: \(note)") }
        }
        let start = Date()
        let columns = try EvaluationColumns(table: data.table, design: design)
        guard data.table.rowCount > 0 else { throw .noPupils(Self.emptyTableReason(data.readSummary)) }

        let multiYear = data.years.count > 1
        var jobs: [(run: ModelRun, label: String)] = []
        for outcome in design.outcomes {
            let keyStage = outcome.keyStage(absenceKeyStage: design.absenceKeyStage)
            var subgroups: [EvaluationSubgroup] = [.all]
            if design.areaOutcomes?.contains(outcome) ?? true {
                subgroups += design.areas.map { .area($0) }
            }
            if !columns.keyStage.contains(Double(keyStage.rawValue)) {
                // One entry for the outcome rather than one per area and analysis.
                subgroups = [.all]
            }
            for subgroup in subgroups {
                var analyses: [EvaluationAnalysis] = [.categories]
                if subgroup == .all && design.hypothesisOutcomes.contains(outcome)
                    && columns.keyStage.contains(Double(keyStage.rawValue)) {
                    if design.crossLA { analyses.append(.crossLA) }
                    if design.dose { analyses.append(.dose) }
                    if design.prePost && multiYear { analyses.append(.prePost) }
                }
                if subgroup == .all && design.fsmInteraction && columns.keyStage.contains(Double(keyStage.rawValue)) {
                    analyses.append(.fsm)
                    if data.table.columns.contains(where: { $0.name == "fsm_ever6" && $0.missingCount < $0.count }) {
                        analyses.append(.fsmEver6)
                    }
                }
                // With one cohort year the event-study model is listed as skipped, saying why.
                if subgroup == .all && design.eventStudy && columns.keyStage.contains(Double(keyStage.rawValue)) {
                    analyses.append(.eventStudy)
                }
                for analysis in analyses {
                    let fit = ModelRun(
                        outcome: outcome, analysis: analysis, subgroup: subgroup, keyStage: keyStage,
                        design: design, data: data, columns: columns,
                        wantSchoolEffects: analysis == .categories && subgroup == .all && outcome == design.schoolEffectsOutcome)
                    jobs.append((fit, "\(outcome.rawValue) / \(analysis.rawValue) / \(subgroup.label)"))
                }
            }
        }

        // The models are fitted two at a time (one per core), generalised models first because
        // they take longest. A generalised event-study model follows its outcome's category
        // model on the same core and starts at its θ̂ (the same pupils and random effects, other
        // fixed effects), instead of at the moments' start. Results keep the design's order.
        var chains: [[Int]] = []
        var chainOf: [Int: Int] = [:]
        for (i, job) in jobs.enumerated() {
            let run = job.run
            if run.analysis == .eventStudy, run.outcome.modelKind != .linear, let first = jobs.indices.first(where: {
                jobs[$0].run.analysis == .categories && jobs[$0].run.outcome == run.outcome && jobs[$0].run.subgroup == run.subgroup
            }), let chain = chainOf[first] {
                chains[chain].append(i)
                continue
            }
            chainOf[i] = chains.count
            chains.append([i])
        }
        // Longest first, so that the two cores finish together: generalised before linear, the
        // whole cohort before an area, binomial counts (with their observation-level effect)
        // before Bernoulli outcomes, and two models before one.
        func cost(_ chain: Int) -> (Int, Int, Int, Int, Int) {
            let run = jobs[chains[chain][0]].run
            return (run.outcome.modelKind == .linear ? 1 : 0, run.subgroup == .all ? 0 : 1,
                    run.outcome.modelKind == .binomialLogit ? 0 : 1, -chains[chain].count, chain)
        }
        let order = chains.indices.sorted { cost($0) < cost($1) }
        let slots = ResultSlots<ModelRun.Result>(count: jobs.count)
        let frozenJobs = jobs, frozenChains = chains
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            var start: ModelRun.ThetaStart?
            for i in frozenChains[order[k]] {
                progress?("fitting \(frozenJobs[i].label)" + (start == nil ? "" : " (θ from the category model)"))
                let result = frozenJobs[i].run.run(startingFrom: start)
                progress?(String(format: "  %@ in %.1f s (%@): %@", result.summary.status.rawValue, result.summary.seconds,
                                 frozenJobs[i].label,
                                 result.summary.message ?? "\(result.summary.pupils) pupils, \(result.summary.schools) schools"))
                slots.set(i, result)
                start = result.theta
            }
        }
        var models: [FittedModelSummary] = []
        var estimates: [EvaluationEstimate] = []
        var schoolEffects: [SchoolEffect] = []
        for result in slots.values {
            models.append(result.summary)
            estimates += result.estimates
            if let effects = result.schoolEffects { schoolEffects = effects }
        }
        let matched = try design.matching.map { options throws(EvaluationError) in
            try MatchedComparison.run(data, design: design, options: options, progress: progress)
        }
        let seconds = Date().timeIntervalSince(start)
        var results = EvaluationResults(
            readSummary: data.readSummary, pupils: data.table.rowCount, years: data.years,
            categories: design.classification.categories, noneLabel: design.classification.noneLabel,
            levels: design.levels, quadraturePoints: design.quadraturePoints, confidenceLevel: design.confidenceLevel,
            models: models, estimates: estimates, schoolEffectsOutcome: design.schoolEffectsOutcome,
            schoolEffects: schoolEffects, seconds: seconds,
            provenance: .collect(start: start, seconds: seconds, models: models, read: data.readSummary),
            schoolContext: schoolContext)
        results.matched = matched
        results.generalisedREML = design.fitsGeneralisedREML
        return results
    }
}
