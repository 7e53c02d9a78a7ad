import DataTable
import Education

/// The trends analysis as CSV, written through DataTable's `CSVWriter` (R's `write.csv`
/// style: quoted text, numbers as R prints them, `NA` for missing).
///
/// - `summary`: one row per figure, long format: `section`, `group`, `method`, `year`,
///   `statistic`, `value`. Every group percentage carries its averaging method.
/// - `schools`: one row per supported school and group.
public enum TrendsCSV {
    /// The `value` of one summary row: a figure (R's number format) or a count.
    private enum Value {
        case number(Double?)
        case count(Int)
    }

    public static func summary(_ results: TrendsResults) -> String {
        var csv = CSVWriter(columns: ["section", "group", "method", "year", "statistic", "value"])
        func add(_ section: String, _ group: String, _ method: String, _ year: AcademicYear?, _ statistic: String, _ value: Value) {
            csv.text(section); csv.text(group); csv.text(method.isEmpty ? nil : method)
            csv.integer(year?.endYear); csv.text(statistic)
            switch value {
            case let .number(number): csv.number(number)
            case let .count(count): csv.integer(count)
            }
            csv.endRow()
        }
        for figure in results.national {
            add("national", "national", figure.method.rawValue, figure.year, "percentage", .number(figure.value))
            add("national", "national", figure.method.rawValue, figure.year, "schools", .count(figure.schools))
        }
        for group in results.groups {
            for figure in group.series {
                add("group_series", group.name, figure.method.rawValue, figure.year, "percentage", .number(figure.value))
            }
            guard let analysis = group.beforeAfter else { continue }
            for change in analysis.changes {
                let m = change.method.rawValue
                add("change", group.name, m, analysis.baselineYear, "group_percentage", .number(change.groupBefore.value))
                add("change", group.name, m, analysis.comparisonYear, "group_percentage", .number(change.groupAfter.value))
                add("change", group.name, m, nil, "group_change", .number(change.groupChange))
                add("change", group.name, m, nil, "comparison_change", .number(change.comparisonChange))
                add("change", group.name, m, nil, "ratio", .number(change.ratio))
                add("change", group.name, m, nil, "difference", .number(change.difference))
            }
            let d = analysis.distribution
            add("distribution", group.name, "", nil, "schools", .count(d.schools))
            for band in d.gains {
                add("distribution", group.name, "", nil, "gained_\(TrendsFormat.machine(band.threshold))_or_more", .count(band.schools))
            }
            add("distribution", group.name, "", nil, "declined", .count(d.declined))
            add("distribution", group.name, "", nil, "median_change", .number(d.median))
            let f = analysis.floor
            add("floor", group.name, "", nil, "floor_percentage", .number(f.floor.percentage))
            add("floor", group.name, "", analysis.baselineYear, "below_floor", .count(f.belowBefore))
            add("floor", group.name, "", analysis.comparisonYear, "below_floor", .count(f.belowAfter))
            add("floor", group.name, "", nil, "reduction_percentage", .number(f.reductionPercentage))
            if let did = analysis.differenceInDifferences {
                add("difference_in_differences", group.name, "school_mean", nil, "estimate", .number(did.estimate))
                add("difference_in_differences", group.name, "school_mean", nil, "standard_error", .number(did.standardError))
                add("difference_in_differences", group.name, "school_mean", nil, "supported_schools", .count(did.supportedSchools))
                add("difference_in_differences", group.name, "school_mean", nil, "comparison_schools", .count(did.comparisonSchools))
            }
            add("volatility", group.name, "", nil, "small_cohort_schools", .count(analysis.smallCohortSchools))
        }
        for summary in results.ofsted {
            let name = summary.category?.rawValue ?? "any"
            add("ofsted", name, "", nil, "episodes", .count(summary.episodes))
            add("ofsted", name, "", nil, "censored", .count(summary.censored))
            add("ofsted", name, "", nil, "completed_median_months", .number(summary.completedMedian))
            add("ofsted", name, "", nil, "kaplan_meier_median_months", .number(summary.kaplanMeierMedian))
        }
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    public static func schools(_ results: TrendsResults) -> String {
        var csv = CSVWriter(columns: [
            "group", "urn", "support_start_year", "baseline_year", "baseline_cohort", "baseline_percentage", "baseline_lower",
            "baseline_upper", "comparison_year", "comparison_cohort", "comparison_percentage", "comparison_lower", "comparison_upper",
            "change", "small_cohort", "below_floor_before", "below_floor_after", "slope_before", "slope_after", "trajectory", "status",
        ])
        func flag(_ value: Bool?) -> Int? { value.map { $0 ? 1 : 0 } }
        for group in results.groups {
            guard let analysis = group.beforeAfter else { continue }
            let trajectories = Dictionary(group.trajectories.map { ($0.school, $0) }, uniquingKeysWith: { first, _ in first })
            for school in analysis.schools {
                let t = trajectories[school.school]
                csv.text(group.name); csv.integer(school.school.value); csv.integer(school.supportStartYear?.endYear)
                csv.integer(analysis.baselineYear.endYear); csv.integer(school.baseline?.cohort)
                csv.number(school.baseline?.percentage)
                csv.number(school.baselineInterval?.lower); csv.number(school.baselineInterval?.upper)
                csv.integer(analysis.comparisonYear.endYear); csv.integer(school.comparison?.cohort)
                csv.number(school.comparison?.percentage)
                csv.number(school.comparisonInterval?.lower); csv.number(school.comparisonInterval?.upper)
                csv.number(school.change); csv.integer(flag(school.smallCohort))
                csv.integer(flag(school.belowFloorBefore)); csv.integer(flag(school.belowFloorAfter))
                csv.number(t?.slopeBefore); csv.number(t?.slopeAfter); csv.text(t?.classification.rawValue)
                csv.text(school.status.rawValue)
                csv.endRow()
            }
        }
        return String(decoding: csv.bytes, as: UTF8.self)
    }
}
