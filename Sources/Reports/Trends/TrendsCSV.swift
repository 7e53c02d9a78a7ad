import Education
import Foundation

/// The trends analysis as CSV in R's `write.csv` style (quoted text, `NA` for missing).
///
/// - `summary`: one row per figure, long format: `section`, `group`, `method`, `year`,
///   `statistic`, `value`. Every group percentage carries its averaging method.
/// - `schools`: one row per supported school and group.
public enum TrendsCSV {
    private static func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    private static func number(_ value: Double?) -> String {
        let text = TrendsFormat.machine(value)
        return text.isEmpty ? "NA" : text
    }
    private static func integer(_ value: Int?) -> String { value.map(String.init) ?? "NA" }

    public static func summary(_ results: TrendsResults) -> String {
        var lines = ["\"section\",\"group\",\"method\",\"year\",\"statistic\",\"value\""]
        func add(_ section: String, _ group: String, _ method: String, _ year: AcademicYear?, _ statistic: String, _ value: String) {
            lines.append([quote(section), quote(group), method.isEmpty ? "NA" : quote(method),
                          year.map { String($0.endYear) } ?? "NA", quote(statistic), value].joined(separator: ","))
        }
        for figure in results.national {
            add("national", "national", figure.method.rawValue, figure.year, "percentage", number(figure.value))
            add("national", "national", figure.method.rawValue, figure.year, "schools", String(figure.schools))
        }
        for group in results.groups {
            for figure in group.series {
                add("group_series", group.name, figure.method.rawValue, figure.year, "percentage", number(figure.value))
            }
            guard let analysis = group.beforeAfter else { continue }
            for change in analysis.changes {
                let m = change.method.rawValue
                add("change", group.name, m, analysis.baselineYear, "group_percentage", number(change.groupBefore.value))
                add("change", group.name, m, analysis.comparisonYear, "group_percentage", number(change.groupAfter.value))
                add("change", group.name, m, nil, "group_change", number(change.groupChange))
                add("change", group.name, m, nil, "comparison_change", number(change.comparisonChange))
                add("change", group.name, m, nil, "ratio", number(change.ratio))
                add("change", group.name, m, nil, "difference", number(change.difference))
            }
            let d = analysis.distribution
            add("distribution", group.name, "", nil, "schools", String(d.schools))
            for band in d.gains { add("distribution", group.name, "", nil, "gained_\(TrendsFormat.machine(band.threshold))_or_more", String(band.schools)) }
            add("distribution", group.name, "", nil, "declined", String(d.declined))
            add("distribution", group.name, "", nil, "median_change", number(d.median))
            let f = analysis.floor
            add("floor", group.name, "", nil, "floor_percentage", number(f.floor.percentage))
            add("floor", group.name, "", analysis.baselineYear, "below_floor", String(f.belowBefore))
            add("floor", group.name, "", analysis.comparisonYear, "below_floor", String(f.belowAfter))
            add("floor", group.name, "", nil, "reduction_percentage", number(f.reductionPercentage))
            if let did = analysis.differenceInDifferences {
                add("difference_in_differences", group.name, "school_mean", nil, "estimate", number(did.estimate))
                add("difference_in_differences", group.name, "school_mean", nil, "standard_error", number(did.standardError))
                add("difference_in_differences", group.name, "school_mean", nil, "supported_schools", String(did.supportedSchools))
                add("difference_in_differences", group.name, "school_mean", nil, "comparison_schools", String(did.comparisonSchools))
            }
            add("volatility", group.name, "", nil, "small_cohort_schools", String(analysis.smallCohortSchools))
        }
        for summary in results.ofsted {
            let name = summary.category?.rawValue ?? "any"
            add("ofsted", name, "", nil, "episodes", String(summary.episodes))
            add("ofsted", name, "", nil, "censored", String(summary.censored))
            add("ofsted", name, "", nil, "completed_median_months", number(summary.completedMedian))
            add("ofsted", name, "", nil, "kaplan_meier_median_months", number(summary.kaplanMeierMedian))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func schools(_ results: TrendsResults) -> String {
        var lines = [[
            "group", "urn", "support_start_year", "baseline_year", "baseline_cohort", "baseline_percentage", "baseline_lower",
            "baseline_upper", "comparison_year", "comparison_cohort", "comparison_percentage", "comparison_lower", "comparison_upper",
            "change", "small_cohort", "below_floor_before", "below_floor_after", "slope_before", "slope_after", "trajectory", "status",
        ].map(quote).joined(separator: ",")]
        for group in results.groups {
            guard let analysis = group.beforeAfter else { continue }
            let trajectories = Dictionary(group.trajectories.map { ($0.school, $0) }, uniquingKeysWith: { first, _ in first })
            for school in analysis.schools {
                let t = trajectories[school.school]
                func flag(_ value: Bool?) -> String { value.map { $0 ? "1" : "0" } ?? "NA" }
                lines.append([
                    quote(group.name), String(school.school.value), school.supportStartYear.map { String($0.endYear) } ?? "NA",
                    String(analysis.baselineYear.endYear), integer(school.baseline?.cohort), number(school.baseline?.percentage),
                    number(school.baselineInterval?.lower), number(school.baselineInterval?.upper),
                    String(analysis.comparisonYear.endYear), integer(school.comparison?.cohort), number(school.comparison?.percentage),
                    number(school.comparisonInterval?.lower), number(school.comparisonInterval?.upper),
                    number(school.change), school.smallCohort ? "1" : "0", flag(school.belowFloorBefore), flag(school.belowFloorAfter),
                    number(t?.slopeBefore), number(t?.slopeAfter), t.map { quote($0.classification.rawValue) } ?? "NA",
                    quote(school.status.rawValue),
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
