import DataTable
import Education

/// The tidy results table as CSV, written through DataTable's `CSVWriter` (R's `write.csv`
/// style: quoted text, numbers as R prints them, `NA` for missing), one row per estimate:
/// outcome × analysis × area × phase × term, with the estimate, standard error, interval,
/// p-value, pupils and schools, and the readable scales.
public enum EvaluationCSV {
    public static let columns = [
        "outcome", "analysis", "area", "phase", "category", "term", "meaning", "unit", "estimate", "std_error", "df",
        "ci_lower", "ci_upper", "ci_level", "p_value", "pupils", "schools", "schools_in_category",
        "gcse_grades", "effect_size_sd", "eef_months", "odds_ratio", "odds_ratio_lower", "odds_ratio_upper",
        "baseline_rate", "percentage_points", "rate_ratio", "sessions_per_pupil", "model", "caveat",
    ]

    public static func render(_ results: EvaluationResults) -> String {
        var csv = CSVWriter(columns: columns, reservingCapacity: 512 + results.estimates.count * 400)
        for e in results.estimates {
            csv.text(e.outcome.rawValue); csv.text(e.analysis.rawValue); csv.text(e.subgroup); csv.text(e.phase)
            csv.text(e.category); csv.text(e.term); csv.text(e.meaning); csv.text(e.unit)
            csv.number(e.estimate); csv.number(e.standardError); csv.number(e.degreesOfFreedom)
            csv.number(e.lower); csv.number(e.upper); csv.number(e.confidenceLevel); csv.number(e.pValue)
            csv.integer(e.pupils); csv.integer(e.schools); csv.integer(e.schoolsInCategory)
            csv.number(e.gcseGrades); csv.number(e.effectSize); csv.integer(e.eefMonths)
            csv.number(e.oddsRatio); csv.number(e.oddsRatioLower); csv.number(e.oddsRatioUpper)
            csv.number(e.baselineRate); csv.number(e.percentagePoints); csv.number(e.rateRatio)
            csv.number(e.sessionsPerPupil); csv.text(e.modelID); csv.text(results.caveat)
            csv.endRow()
        }
        return String(decoding: csv.bytes, as: UTF8.self)
    }
}
