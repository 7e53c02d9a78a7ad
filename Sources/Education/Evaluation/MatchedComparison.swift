import DataTable
import Foundation

/// The evaluation on matched comparison schools (`EvaluationDesign.matching`, `evaluate
/// --matched`; Docs/evaluation.md, "Matched comparison").
///
/// Supported schools are often chosen because their results were low, and a low year is partly
/// bad luck that does not repeat: their later rise contains regression to the mean. For each
/// outcome of the hypothesis models the pupils are aggregated to school-years (the school's
/// mean outcome, `SchoolYearMeans`) and every supported school is matched, with the trends'
/// matcher (`ComparisonMatching.match`), to comparison schools on:
///
/// - its level in the year before its support started (baseline year B = S − 1, S the first
///   year in which the school's support category is not the none label) and its trend from
///   B − 1 to B (when the data hold three or more years), its cohort size and % FSM in B;
/// - exactly within the same baseline year and area (the phase is the outcome's key stage),
///   so that a pair's changes cover the same calendar years.
///
/// Comparison schools are those not supported in any year up to and including S (the window
/// of the comparison, B − 1 to S). A school supported only later is a fair comparison for
/// these years; requiring comparison schools never to be supported in the whole data would
/// select them on their results after B (support follows low results), which biases the
/// matched estimate. A school's change is its mean in S minus its mean in B. The naive
/// before/after estimate is the mean change of the supported schools; the matched
/// difference-in-differences is the mean of (own change − mean change of its matches).
///
/// The models are then refitted on the pupils of the matched supported schools and their
/// comparison schools, all years: the pre/post model (and the event study when the design asks
/// for it) for several cohorts, the category model for one. With a single cohort no school has
/// a year before its support: every supported school is listed as unmatched (`no_pre_period`),
/// `singleCohort` says so and the models are listed as skipped.
public struct MatchedComparison: Sendable, Codable {
    /// One outcome's matching.
    public struct OutcomeMatching: Sendable, Codable {
        public var outcome: EvaluationOutcome
        /// The unit of the school means and the changes ("capped points", "%").
        public var unit: String
        public var matching: ComparisonMatching
        /// Schools with some support in the data (at the outcome's key stage).
        public var supportedSchools: Int
        /// Supported schools whose support started in the first year of the data.
        public var schoolsWithoutPrePeriod: Int
        /// Schools (supported and comparison) and pupils in the matched sample.
        public var matchedSampleSchools: Int
        public var matchedSamplePupils: Int
    }

    public var options: MatchingOptions
    /// The data hold one cohort year: there is no pre-period and nothing can be matched.
    public var singleCohort: Bool
    /// What the reader must know first (the single cohort), if anything.
    public var note: String?
    public var outcomes: [OutcomeMatching]
    /// The models fitted on the matched samples, and their estimates.
    public var models: [FittedModelSummary]
    public var estimates: [EvaluationEstimate]

    /// The analyses refitted on the matched sample.
    public static func analyses(years: Int, design: EvaluationDesign) -> [EvaluationAnalysis] {
        years > 1 ? [.prePost] + (design.eventStudy ? [.eventStudy] : []) : [.categories]
    }

    /// Matches and refits every outcome of the hypothesis models found in `data`.
    static func run(
        _ data: EvaluationData, design: EvaluationDesign, options: MatchingOptions,
        progress: (@Sendable (String) -> Void)? = nil
    ) throws(EvaluationError) -> MatchedComparison {
        do { try options.validate() } catch { throw .invalidDesign(error.description) }
        let data = design.eventStudy ? try data.addingEventStudyColumns() : data
        let columns = try EvaluationColumns(table: data.table, design: design)
        let singleCohort = data.years.count <= 1
        var outcomes: [OutcomeMatching] = []
        var models: [FittedModelSummary] = []
        var estimates: [EvaluationEstimate] = []
        for outcome in design.outcomes where design.hypothesisOutcomes.contains(outcome) {
            let keyStage = outcome.keyStage(absenceKeyStage: design.absenceKeyStage)
            guard columns.keyStage.contains(Double(keyStage.rawValue)) else { continue }
            progress?("matching comparison schools on \(outcome.rawValue)")
            let means = try SchoolYearMeans(data, outcome: outcome, keyStage: keyStage, columns: columns)
            let matching = means.match(options: options, level: design.confidenceLevel)
            let sample = Set(matching.pairs.flatMap { [$0.school] + $0.comparisons })
            let subset = sample.isEmpty ? nil : try data.restricted(toSchools: Set(sample.map { Double($0.value) }))
            let supported = means.supportedSchools
            outcomes.append(OutcomeMatching(
                outcome: outcome, unit: means.unit, matching: matching, supportedSchools: supported,
                schoolsWithoutPrePeriod: matching.unmatched.filter { $0.reason == .noPrePeriod }.count,
                matchedSampleSchools: sample.count, matchedSamplePupils: subset?.table.rowCount ?? 0))
            for analysis in analyses(years: data.years.count, design: design) {
                let sampleColumns = try subset.map { d throws(EvaluationError) in try EvaluationColumns(table: d.table, design: design) }
                let run = ModelRun(outcome: outcome, analysis: analysis, subgroup: .all, keyStage: keyStage, design: design,
                                   data: subset ?? data, columns: sampleColumns ?? columns, wantSchoolEffects: false)
                guard subset != nil else {
                    let why = singleCohort
                        ? "the data hold a single cohort, so no supported school has a year before its support to be matched on"
                        : "no supported school could be matched (\(matching.unmatched.count) unmatched, listed with their reasons)"
                    models.append(FittedModelSummary(
                        specification: run.specification(yearEffects: false), status: .skipped,
                        message: "matched sample: \(why)", pupils: 0, schools: 0, localAuthorities: nil, exclusions: nil,
                        components: [], droppedTerms: [], warnings: [], converged: false, singular: false, seconds: 0))
                    continue
                }
                progress?("fitting \(outcome.rawValue) / \(analysis.rawValue) / matched sample")
                let result = run.run()
                models.append(result.summary)
                estimates += result.estimates
            }
        }
        var note: String?
        if singleCohort {
            let year = data.years.first.map { " (\($0))" } ?? ""
            let count = outcomes.map(\.schoolsWithoutPrePeriod).max() ?? 0
            note = "The data hold a single cohort\(year): no supported school has a year before its support started, so "
                + "none can be matched on its pre-support level and trend (\(count) supported school\(count == 1 ? "" : "s") without a pre-period) "
                + "and no matched model is fitted. Matching needs several cohort years of the same schools."
        }
        return MatchedComparison(options: options, singleCohort: singleCohort, note: note, outcomes: outcomes,
                                 models: models, estimates: estimates)
    }
}

extension EvaluationData {
    /// The data of the pupils of `schools` (URNs as the table's `school` values) only.
    func restricted(toSchools schools: Set<Double>) throws(EvaluationError) -> EvaluationData {
        let school: [Double]
        do { school = try table.column("school").numericValues ?? [] } catch { throw .table(error.description) }
        let rows = school.indices.filter { schools.contains(school[$0]) }
        let subset: DataTable
        do { subset = try table.selectingRows(rows, source: table.source) } catch { throw .table(error.description) }
        return try EvaluationData(table: subset, classification: classification, readSummary: readSummary)
    }
}
