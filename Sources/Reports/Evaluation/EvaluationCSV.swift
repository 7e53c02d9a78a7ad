import Education

/// The tidy results table as CSV (R's `write.csv` style: quoted strings, `NA` for missing),
/// one row per estimate: outcome × analysis × area × phase × term, with the estimate, standard
/// error, interval, p-value, pupils and schools, and the readable scales.
public enum EvaluationCSV {
    public static let columns = [
        "outcome", "analysis", "area", "phase", "category", "term", "meaning", "unit", "estimate", "std_error", "df",
        "ci_lower", "ci_upper", "ci_level", "p_value", "pupils", "schools", "schools_in_category",
        "gcse_grades", "effect_size_sd", "eef_months", "odds_ratio", "odds_ratio_lower", "odds_ratio_upper",
        "baseline_rate", "percentage_points", "rate_ratio", "sessions_per_pupil", "model", "caveat",
    ]

    public static func render(_ results: EvaluationResults) -> String {
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "NA" }
            return "\(value)"
        }
        func integer(_ value: Int?) -> String { value.map(String.init) ?? "NA" }
        var lines = [columns.map(quote).joined(separator: ",")]
        for e in results.estimates {
            let cells: [String] = [
                quote(e.outcome.rawValue), quote(e.analysis.rawValue), quote(e.subgroup), quote(e.phase), quote(e.category),
                quote(e.term), quote(e.meaning), quote(e.unit), number(e.estimate), number(e.standardError),
                number(e.degreesOfFreedom), number(e.lower), number(e.upper), number(e.confidenceLevel), number(e.pValue),
                integer(e.pupils), integer(e.schools), integer(e.schoolsInCategory), number(e.gcseGrades),
                number(e.effectSize), integer(e.eefMonths), number(e.oddsRatio), number(e.oddsRatioLower),
                number(e.oddsRatioUpper), number(e.baselineRate), number(e.percentagePoints), number(e.rateRatio),
                number(e.sessionsPerPupil), quote(e.modelID), quote(results.caveat),
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
