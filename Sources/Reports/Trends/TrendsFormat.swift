import Education
import Foundation

/// Number and label formatting shared by the trends writers.
enum TrendsFormat {
    /// A percentage or points with one decimal, `NA` when missing.
    static func one(_ value: Double?) -> String { EvaluationNumberFormat.fixed(value, 1) }

    /// A signed change in points with one decimal (`+26.0`), `NA` when missing.
    static func signed(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "NA" }
        let text = String(format: "%.1f", value)
        if text == "-0.0" || text == "0.0" { return "0.0" }
        return value > 0 ? "+" + text : text
    }

    /// A threshold as short as exact: `10`, `2.5`.
    static func threshold(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// A ratio with two decimals, `NA` when missing.
    static func ratio(_ value: Double?) -> String { EvaluationNumberFormat.fixed(value, 2) }

    /// An interval `[34.7, 53.8]`, `NA` when missing.
    static func interval(_ interval: PercentageInterval?) -> String {
        guard let interval else { return "NA" }
        return "[\(one(interval.lower)), \(one(interval.upper))]"
    }

    /// A year as "2009/10", or `NA`.
    static func year(_ year: AcademicYear?) -> String { year?.description ?? "NA" }

    /// Machine-readable number (shortest round trip), empty when missing.
    static func machine(_ value: Double?) -> String { EvaluationNumberFormat.machine(value) }

    /// Pads `text` to `width` characters (left-aligned, or right-aligned when `right`).
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = max(0, width - text.count)
        return right ? String(repeating: " ", count: gap) + text : text + String(repeating: " ", count: gap)
    }

    /// A plain-text table with columns sized to fit; the first column left-aligned, the rest
    /// right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { pad($0.element, widths[$0.offset], right: $0.offset > 0) }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n") + "\n"
    }

    /// A Markdown table; `|` in cells is escaped.
    static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return ([line(header), "|" + header.map { _ in " --- |" }.joined()] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// One row per year of the national percentages: year, pupil-weighted, unweighted school
    /// mean, schools, pupils.
    static func nationalRows(_ results: TrendsResults) -> [[String]] {
        results.years.map { year in
            let pooled = results.national.first { $0.year == year && $0.method == .pupilWeighted }
            let mean = results.national.first { $0.year == year && $0.method == .schoolMean }
            return [year.description, one(pooled?.value), one(mean?.value),
                    String(pooled?.schools ?? 0), String(pooled?.pupils ?? 0)]
        }
    }

    /// The summary rows shared by the text and Markdown writers: one per group and averaging
    /// method.
    static func changeRows(_ results: TrendsResults) -> (header: [String], rows: [[String]]) {
        let header = ["group", "figure", "schools", "before", "after", "change", "comparison change", "ratio", "difference"]
        var rows: [[String]] = []
        for group in results.groups {
            guard let analysis = group.beforeAfter else { continue }
            for change in analysis.changes {
                rows.append([
                    group.name, change.label, String(change.groupBefore.schools),
                    one(change.groupBefore.value), one(change.groupAfter.value), signed(change.groupChange),
                    signed(change.comparisonChange), ratio(change.ratio), signed(change.difference),
                ])
            }
        }
        return (header, rows)
    }

    /// One row per supported school.
    static func schoolRows(_ analysis: BeforeAfterAnalysis, trajectories: [SchoolTrajectory]) -> (header: [String], rows: [[String]]) {
        let header = ["school", "support from", "before %", "95% interval", "cohort", "after %", "95% interval", "cohort",
                      "change", "small cohort", "below floor", "slope before", "slope after", "trajectory", "status"]
        let bySchool = Dictionary(trajectories.map { ($0.school, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = analysis.schools.map { school -> [String] in
            let trajectory = bySchool[school.school]
            func floor(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "NA" }
            return [
                school.school.description, year(school.supportStartYear),
                one(school.baseline?.percentage), interval(school.baselineInterval), school.baseline.map { String($0.cohort) } ?? "NA",
                one(school.comparison?.percentage), interval(school.comparisonInterval), school.comparison.map { String($0.cohort) } ?? "NA",
                signed(school.change), school.smallCohort ? "yes" : "no",
                "\(floor(school.belowFloorBefore)) → \(floor(school.belowFloorAfter))",
                signed(trajectory?.slopeBefore), signed(trajectory?.slopeAfter),
                trajectory?.classification.rawValue ?? "NA", school.status.rawValue,
            ]
        }
        return (header, rows)
    }

    /// One row per Ofsted summary.
    static func ofstedRows(_ results: TrendsResults) -> (header: [String], rows: [[String]]) {
        let header = ["category", "episodes", "left", "still in (censored)", "median months (left only)", "range (left only)",
                      "Kaplan-Meier median", "longest open"]
        let rows = results.ofsted.map { summary -> [String] in
            [summary.label, String(summary.episodes), String(summary.left), String(summary.censored),
             one(summary.completedMedian),
             summary.completedMinimum.map { min in "\(min)–\(summary.completedMaximum ?? min)" } ?? "NA",
             summary.kaplanMeierMedian.map { one($0) } ?? "not reached",
             summary.longestOpen.map(String.init) ?? "NA"]
        }
        return (header, rows)
    }
}
