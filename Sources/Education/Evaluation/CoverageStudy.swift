import DataTable

/// A simulation study of the evaluation design: generate many seeded cohorts with known
/// support effects (`SyntheticCohort`, Docs/synthetic-cohort.md), run the category model on
/// each, and compare the estimates and 95% intervals with the truth. Reports, per category,
/// the mean estimate against the truth with its Monte Carlo SE, the mean model SE against the
/// empirical SD of the estimates, and the coverage of the intervals with its Monte Carlo SE.
/// With 1,000 replications a true 95% coverage falls within 93.6%–96.4% with probability
/// about 0.96 (±2 binomial SEs, √(0.95 · 0.05 / 1000) = 0.69%). Reports writes the rows as
/// Markdown (`CoverageStudyMarkdown`). With `analysis` `.eventStudy` each replication is a
/// multi-cohort panel (`panel`) and the rows are the event-study indicators against their
/// true event-time effects.
public struct CoverageStudy: Sendable {
    /// One category's summary.
    public struct Row: Sendable, Equatable, Codable {
        public var category: String
        /// The coefficient (or linear combination) studied, as the evaluation names it:
        /// `supportreceiving`, or for the disadvantage study also
        /// `supportreceiving + fsm:support_receiving` and `fsm:support_receiving`.
        public var term: String
        public var truth: Double
        public var replications: Int
        public var meanEstimate: Double
        public var monteCarloSE: Double
        public var meanStandardError: Double
        public var empiricalSD: Double
        public var coverage: Double
        public var coverageMonteCarloSE: Double

        public init(category: String, term: String? = nil, truth: Double, replications: Int, meanEstimate: Double,
                    monteCarloSE: Double, meanStandardError: Double, empiricalSD: Double, coverage: Double,
                    coverageMonteCarloSE: Double) {
            self.category = category
            self.term = term ?? "support" + category
            self.truth = truth
            self.replications = replications
            self.meanEstimate = meanEstimate
            self.monteCarloSE = monteCarloSE
            self.meanStandardError = meanStandardError
            self.empiricalSD = empiricalSD
            self.coverage = coverage
            self.coverageMonteCarloSE = coverageMonteCarloSE
        }

        /// Whether the coverage lies within the 93.6%–96.4% band.
        public var coverageInBand: Bool { coverage >= 0.936 && coverage <= 0.964 }
    }

    /// The cohort of each replication (its seed is replaced by `firstSeed + replication`).
    public var specification: NationalCohortSpecification
    public var design: EvaluationDesign
    public var replications: Int
    public var firstSeed: UInt64
    /// The outcome whose category effects are studied: the KS4 capped score (linear model),
    /// 5A*–C incl. English and maths (Bernoulli model), total or unauthorised absence (binomial
    /// models, with the pupil-level effect of the default design); effects of the generalised
    /// models on the log-odds scale. The unauthorised-absence truth is the effect the
    /// total-absence effects imply (`ImpliedUnauthorisedEffect`), computed per replication.
    public var outcome: EvaluationOutcome
    /// `.categories` (the category effects) or `.fsm` (the disadvantage model: the effect for
    /// other pupils, for FSM pupils and the change in the gap, against the generator's
    /// `support…FSM` interactions).
    public var analysis: EvaluationAnalysis
    /// For `.eventStudy`: the panel of each replication (`SyntheticPanel`; its cohort is
    /// `specification` with the replication's seed), whose event-time effects are the truth
    /// of each event-study indicator (Docs/synthetic-cohort.md, "Several cohorts").
    public var panel = SyntheticPanelSpecification()

    /// A study of the category effects on `outcome` with three-level models (the generator's
    /// true structure), all pupils.
    public init(specification: NationalCohortSpecification, replications: Int, firstSeed: UInt64 = 1,
                levels: EvaluationLevels = .three, outcome: EvaluationOutcome = .ks4Capped,
                analysis: EvaluationAnalysis = .categories) {
        self.specification = specification
        self.replications = replications
        self.firstSeed = firstSeed
        self.outcome = outcome
        self.analysis = analysis
        var design = EvaluationDesign()
        design.outcomes = [outcome]
        design.areas = []
        design.crossLA = false
        design.dose = false
        design.prePost = false
        design.levels = levels
        design.schoolEffectsOutcome = nil
        design.fsmInteraction = analysis == .fsm
        design.eventStudy = analysis == .eventStudy
        self.design = design
    }

    /// The models of one replication: the design's, or for the event study only the event-study
    /// model (the evaluation would fit the category model as well, doubling the time).
    func fit(_ data: EvaluationData) throws(EvaluationError) -> (models: [FittedModelSummary], estimates: [EvaluationEstimate]) {
        guard analysis == .eventStudy else {
            let results = try Evaluation(design: design).run(data)
            return (results.models, results.estimates)
        }
        try design.validate()
        let data = try data.addingEventStudyColumns()
        let columns = try EvaluationColumns(table: data.table, design: design)
        let result = ModelRun(
            outcome: outcome, analysis: .eventStudy, subgroup: .all,
            keyStage: outcome.keyStage(absenceKeyStage: design.absenceKeyStage), design: design, data: data,
            columns: columns, wantSchoolEffects: false).run()
        return ([result.summary], result.estimates)
    }

    /// Runs the replications; `progress` is told every 50.
    public func run(progress: (@Sendable (Int) -> Void)? = nil) throws(EvaluationError) -> [Row] {
        let c: OutcomeCoefficients
        switch outcome {
        case .ks4Capped: c = specification.capped.coefficients
        case .ks4FiveACEM: c = specification.fiveACEM.coefficients
        case .totalAbsence, .unauthorisedAbsence: c = specification.absence.coefficients
        case .ks2Attainment:
            throw .invalidDesign("the coverage study covers ks4_capped, ks4_5ac_em, absence and unauthorised, whose true effects the generator sets (the KS4 cohort)")
        }
        // The generator sets the total-absence effects; those on unauthorised absence follow
        // from them, replication by replication (`ImpliedUnauthorisedEffect`).
        struct Target { var category: String, term: String, truth: Double }
        let categories: [(String, Double, Double)] = [
            ("receiving", c.supportReceiving, c.supportReceivingFSM), ("providing", c.supportProviding, c.supportProvidingFSM),
            ("ts_programme", c.supportTSProgramme, c.supportTSProgrammeFSM)]
        let setTruth: [Target]
        switch analysis {
        case .categories:
            setTruth = categories.map { Target(category: $0.0, term: "support" + $0.0, truth: $0.1) }
        case .fsm:
            guard outcome != .unauthorisedAbsence else {
                throw .invalidDesign("the disadvantage coverage study covers ks4_capped, ks4_5ac_em and absence (the unauthorised-absence truth is derived only for the category effects)")
            }
            setTruth = categories.flatMap { category, main, extra in
                [Target(category: category, term: "support" + category, truth: main),
                 Target(category: category, term: "support\(category) + fsm:support_\(category)", truth: main + extra),
                 Target(category: category, term: "fsm:support_\(category)", truth: extra)]
            }
        case .eventStudy:
            let full: Double
            switch outcome {
            case .ks4Capped: full = panel.cappedEffect
            case .ks4FiveACEM: full = panel.fiveACEMEffect
            case .totalAbsence: full = panel.absenceEffect
            default:
                throw .invalidDesign("the event-study coverage study covers ks4_capped, ks4_5ac_em and absence, whose event-time effects the panel generator sets")
            }
            setTruth = EventStudy.indicators.map { Target(category: "event_time", term: $0.name, truth: full * panel.trueShare(of: $0)) }
        default:
            throw .invalidDesign("the coverage study covers the category, FSM-interaction and event-study analyses, not \(analysis.rawValue)")
        }
        var truths: [String: [Double]] = [:]
        guard replications >= 2 else { throw .invalidDesign("a coverage study needs at least 2 replications (got \(replications))") }
        guard firstSeed <= UInt64.max - UInt64(replications - 1) else {
            throw .invalidDesign("first seed \(firstSeed) leaves no room for \(replications) consecutive seeds")
        }
        var estimates: [String: [Double]] = [:], errors: [String: [Double]] = [:], covered: [String: Int] = [:]
        var firstFailure: String?
        for replication in 0..<replications {
            var spec = specification
            spec.seed = firstSeed + UInt64(replication)
            let data: EvaluationData
            var scale = 1.0
            do {
                let files: (pupils: [UInt8], schools: [UInt8], support: [UInt8])
                if analysis == .eventStudy {
                    var panelSpec = panel
                    panelSpec.cohort = spec
                    let generated = try SyntheticPanel.generate(panelSpec)
                    files = (generated.pupilFileBytes(), generated.schoolFileBytes(), try generated.supportFileBytes())
                } else {
                    let cohort = try SyntheticCohort.generate(spec)
                    if outcome == .unauthorisedAbsence {
                        guard let implied = cohort.impliedUnauthorisedEffect.scale else {
                            throw EvaluationError.invalidDesign("replication \(replication) (seed \(spec.seed)): no pupil with possible sessions, so no unauthorised-absence truth")
                        }
                        scale = implied
                    }
                    files = (cohort.pupilFileBytes(), cohort.schoolFileBytes(), try cohort.supportFileBytes())
                }
                let dataSet = try NPDDataSet.read(
                    pupils: DataTable.parseCSV(files.pupils, source: "pupils.csv"),
                    schools: DataTable.parseCSV(files.schools, source: "schools.csv"),
                    support: DataTable.parseCSV(files.support, source: "support.csv"))
                data = try EvaluationData(dataSet: dataSet)
            } catch let error as EvaluationError {
                throw error
            } catch {
                throw .table("replication \(replication) (seed \(spec.seed)): \(error)")
            }
            let results = try fit(data)
            if firstFailure == nil, let failed = results.models.first(where: { $0.status != .fitted }) {
                firstFailure = "replication \(replication) (seed \(spec.seed)), \(failed.id): \(failed.message ?? "\(failed.status)")"
            }
            for target in setTruth {
                let value = target.truth * scale
                guard let e = results.estimates.first(where: {
                    $0.outcome == outcome && $0.analysis == analysis && $0.subgroup == "all" && $0.term == target.term
                }) else { continue }
                let key = target.term
                truths[key, default: []].append(value)
                estimates[key, default: []].append(e.estimate)
                errors[key, default: []].append(e.standardError)
                if e.lower <= value && value <= e.upper { covered[key, default: 0] += 1 }
            }
            if (replication + 1) % 50 == 0 { progress?(replication + 1) }
        }
        guard setTruth.contains(where: { (estimates[$0.term]?.count ?? 0) > 1 }) else {
            throw .invalidDesign("no support effect was estimated in two or more of the \(replications) replications"
                                 + (firstFailure.map { "; the first model not fitted: \($0)" } ?? ""))
        }
        return setTruth.compactMap { target in
            let key = target.term
            guard let values = estimates[key], values.count > 1 else { return nil }
            let n = Double(values.count)
            // The mean truth over the replications that estimated the category (the set value
            // itself except for unauthorised absence).
            let value = (truths[key] ?? []).reduce(0, +) / n
            let mean = values.reduce(0, +) / n
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
            let coverage = Double(covered[key] ?? 0) / n
            return Row(category: target.category, term: key, truth: value, replications: values.count, meanEstimate: mean,
                       monteCarloSE: sd / n.squareRoot(),
                       meanStandardError: (errors[key] ?? []).reduce(0, +) / n, empiricalSD: sd,
                       coverage: coverage, coverageMonteCarloSE: (coverage * (1 - coverage) / n).squareRoot())
        }
    }
}
