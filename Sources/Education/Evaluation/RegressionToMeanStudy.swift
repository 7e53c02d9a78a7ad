import DataTable

/// A simulation study of regression to the mean (Docs/evaluation.md, "Matched comparison";
/// scripts/rtm-study.sh): seeded multi-cohort panels (`SyntheticPanel`) in which schools are
/// selected into support on low results in the year before (`SupportSelection`), each run
/// through the evaluation's matched comparison (`MatchedComparison`, KS4 capped score), and
/// the naive before/after change and the matched difference-in-differences compared with the
/// true effect in the first year of support, `cappedEffect × lagShares[0]`.
///
/// The panel has no year effects, so the naive change's only bias is regression to the mean;
/// the matched estimate compares each supported school with comparison schools whose baseline
/// was as low, so it should be unbiased up to the matching's residual imbalance. Each full
/// effect in `effects` is studied on the same seeds.
public struct RegressionToMeanStudy: Sendable {
    /// One estimator at one true effect.
    public struct Row: Sendable, Equatable, Codable {
        /// "naive before/after", "matched difference-in-differences" or "matched, bias-corrected".
        public var estimator: String
        public var truth: Double
        /// Replications in which the estimator had a value.
        public var replications: Int
        public var meanEstimate: Double
        public var monteCarloSE: Double
        public var empiricalSD: Double
        /// Mean number of supported schools the estimate averages over.
        public var meanSchools: Double

        public var bias: Double { meanEstimate - truth }
        /// Whether the mean lies within two Monte Carlo SEs of the truth.
        public var withinTwoMonteCarloSE: Bool { abs(bias) <= 2 * monteCarloSE }
    }

    /// The panel of each replication (its cohort's seed is replaced by `firstSeed + replication`,
    /// its `cappedEffect` by each of `effects`).
    public var panel: SyntheticPanelSpecification
    public var replications: Int
    public var firstSeed: UInt64
    public var options: MatchingOptions
    /// Full capped effects studied (points). Default 0 and 6.
    public var effects: [Double] = [0, 6]

    public init(panel: SyntheticPanelSpecification, replications: Int, firstSeed: UInt64 = 1,
                options: MatchingOptions = MatchingOptions()) {
        var panel = panel
        if panel.selection == nil { panel.selection = SupportSelection() }
        self.panel = panel
        self.replications = replications
        self.firstSeed = firstSeed
        self.options = options
    }

    /// The matching of one generated panel.
    static func matching(_ generated: SyntheticPanel, options: MatchingOptions) throws(EvaluationError) -> ComparisonMatching {
        let data: EvaluationData
        do {
            let dataSet = try NPDDataSet.read(
                pupils: DataTable.parseCSV(generated.pupilFileBytes(), source: "pupils.csv"),
                schools: DataTable.parseCSV(generated.schoolFileBytes(), source: "schools.csv"),
                support: DataTable.parseCSV(try generated.supportFileBytes(), source: "support.csv"))
            data = try EvaluationData(dataSet: dataSet)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .table("seed \(generated.specification.cohort.seed): \(error)")
        }
        var design = EvaluationDesign()
        design.outcomes = [.ks4Capped]
        let columns = try EvaluationColumns(table: data.table, design: design)
        let means = try SchoolYearMeans(data, outcome: .ks4Capped, keyStage: .ks4, columns: columns)
        return means.match(options: options, level: design.confidenceLevel)
    }

    /// Runs the replications for each effect; `progress` is told every 50.
    public func run(progress: (@Sendable (Int) -> Void)? = nil) throws(EvaluationError) -> [Row] {
        guard replications >= 2 else { throw .invalidDesign("the study needs at least 2 replications (got \(replications))") }
        guard firstSeed <= UInt64.max - UInt64(replications - 1) else {
            throw .invalidDesign("first seed \(firstSeed) leaves no room for \(replications) consecutive seeds")
        }
        do { try options.validate() } catch { throw .invalidDesign(error.description) }
        let share = panel.lagShares.first ?? 0
        var rows: [Row] = []
        var done = 0
        for effect in effects {
            var naive: [Double] = [], matched: [Double] = [], corrected: [Double] = []
            var naiveSchools = 0, matchedSchools = 0, correctedSchools = 0
            for replication in 0..<replications {
                var spec = panel
                spec.cohort.seed = firstSeed + UInt64(replication)
                spec.cappedEffect = effect
                let generated: SyntheticPanel
                do { generated = try SyntheticPanel.generate(spec) } catch {
                    throw .invalidDesign("seed \(spec.cohort.seed): \(error.description)")
                }
                let m = try Self.matching(generated, options: options)
                if let e = m.naiveChange { naive.append(e.estimate); naiveSchools += e.schools }
                if let e = m.matchedDifference { matched.append(e.estimate); matchedSchools += e.schools }
                if let e = m.biasCorrectedDifference { corrected.append(e.estimate); correctedSchools += e.schools }
                done += 1
                if done % 50 == 0 { progress?(done) }
            }
            for (name, values, schools) in [("naive before/after", naive, naiveSchools),
                                            ("matched difference-in-differences", matched, matchedSchools),
                                            ("matched, bias-corrected", corrected, correctedSchools)] where values.count >= 2 {
                let n = Double(values.count)
                let mean = values.reduce(0, +) / n
                let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
                rows.append(Row(estimator: name, truth: effect * share, replications: values.count, meanEstimate: mean,
                                monteCarloSE: sd / n.squareRoot(), empiricalSD: sd, meanSchools: Double(schools) / n))
            }
        }
        guard !rows.isEmpty else { throw .invalidDesign("no replication produced an estimate") }
        return rows
    }
}
