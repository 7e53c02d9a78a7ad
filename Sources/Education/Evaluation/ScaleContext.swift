import DataTable
import Foundation
import MixedModels
import ProbabilityDistributions

/// What the readable scales of one model's estimates need from its pupils: the pupil-level SD
/// of an attainment outcome, and for logit models the rate among pupils in schools without
/// support and the mean possible sessions (see `EvaluationEstimate`).
struct ScaleContext {
    let outcome: EvaluationOutcome
    /// Pupil-level SD of the response among the modelled pupils (attainment).
    var outcomeSD: Double?
    /// Rate among modelled pupils in schools without support (logit models).
    var baselineRate: Double?
    /// Mean possible sessions among modelled pupils (absence).
    var meanSessionsPossible: Double?

    /// The context of the pupils of `subset` marked `complete`; `EvaluationError.table` when
    /// `subset` lacks the response (or, for absence, `sessions_possible`) or it is not numeric.
    init(outcome: EvaluationOutcome, subset: DataTable, complete: [Bool], support: EvaluationColumns.Labels,
         noneLabel: String) throws(EvaluationError) {
        self.outcome = outcome
        let y = try Self.numeric(subset, outcome.responseColumn)
        let rows = complete.indices.filter { complete[$0] && $0 < y.count }
        switch outcome.modelKind {
        case .linear:
            let values = rows.map { y[$0] }
            if values.count > 1 {
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
                outcomeSD = variance > 0 ? variance.squareRoot() : nil
            }
        case .bernoulliLogit:
            let none = rows.filter { support[$0] == noneLabel }
            if !none.isEmpty { baselineRate = none.reduce(0) { $0 + y[$1] } / Double(none.count) }
        case .binomialLogit:
            let possible = try Self.numeric(subset, "sessions_possible")
            let none = rows.filter { support[$0] == noneLabel && $0 < possible.count }
            let missed = none.reduce(0) { $0 + y[$1] }, trials = none.reduce(0) { $0 + possible[$1] }
            if trials > 0 { baselineRate = missed / trials }
            let all = rows.filter { $0 < possible.count }
            if !all.isEmpty { meanSessionsPossible = all.reduce(0) { $0 + possible[$1] } / Double(all.count) }
        }
    }

    /// The values of the numeric column `name` of `table`.
    private static func numeric(_ table: DataTable, _ name: String) throws(EvaluationError) -> [Double] {
        let column: DataColumn
        do { column = try table.column(name) } catch { throw .table(error.description) }
        guard let values = column.numericValues else { throw .table("column '\(name)' must be numeric") }
        return values
    }

    /// The tidy estimate of one coefficient.
    func estimate(test: CoefficientTest, term: ModelSpecification.Term, spec: ModelSpecification, level: Double,
                  pupils: Int, schools: Int, schoolsInCategory: Int?) -> EvaluationEstimate {
        let df = test.degreesOfFreedom
        let critical = df.isFinite && df > 0
            ? Distributions.studentTQuantile(0.5 + level / 2, degreesOfFreedom: df)
            : Distributions.normalQuantile(0.5 + level / 2)
        let b = test.estimate, se = test.standardError
        var row = EvaluationEstimate(
            modelID: spec.id, outcome: outcome, analysis: spec.analysis, subgroup: spec.subgroup.label,
            phase: spec.phase, category: term.category, term: term.coefficient, meaning: term.meaning,
            estimate: b, standardError: se, degreesOfFreedom: df.isFinite ? df : nil,
            lower: b - critical * se, upper: b + critical * se, confidenceLevel: level, pValue: test.pValue,
            pupils: pupils, schools: schools, schoolsInCategory: schoolsInCategory, unit: outcome.coefficientUnit)
        switch outcome.modelKind {
        case .linear:
            if outcome == .ks4Capped { row.gcseGrades = b / 6 }
            if let sd = outcomeSD {
                row.effectSize = b / sd
                row.eefMonths = EEFMonths.months(effectSize: b / sd)
            }
        case .bernoulliLogit, .binomialLogit:
            row.oddsRatio = exp(b)
            row.oddsRatioLower = exp(row.lower)
            row.oddsRatioUpper = exp(row.upper)
            if let p0 = baselineRate, p0 > 0, p0 < 1 {
                let odds = exp(b) * p0 / (1 - p0)
                let p1 = odds / (1 + odds)
                row.baselineRate = p0
                row.percentagePoints = 100 * (p1 - p0)
                if outcome.modelKind == .binomialLogit {
                    row.rateRatio = p1 / p0
                    if let sessions = meanSessionsPossible { row.sessionsPerPupil = sessions * (p1 - p0) }
                }
            }
        }
        return row
    }
}
