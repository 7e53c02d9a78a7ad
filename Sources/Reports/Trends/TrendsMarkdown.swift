import Education
import Foundation

/// The trends analysis as a Markdown section to paste into a report.
public enum TrendsMarkdown {
    public static func render(_ results: TrendsResults) -> String {
        var out = "## School-level trends: \(results.measure.label)\n\n"
        out += "> \(results.caveat)\n\n"
        out += "\(results.schools) schools and \(results.schoolYears) school-years. Baseline \(TrendsFormat.year(results.baselineYear)), "
            + "compared with \(TrendsFormat.year(results.comparisonYear)); floor target \(TrendsFormat.one(results.floor.percentage))%.\n\n"
        if !results.national.isEmpty {
            out += "### National percentages\n\n"
            out += TrendsFormat.markdownTable(
                ["year", "pupil-weighted (all pupils pooled)", "unweighted mean of school percentages", "schools", "pupils"],
                TrendsFormat.nationalRows(results))
            out += "\n"
        }
        let (header, rows) = TrendsFormat.changeRows(results)
        if !rows.isEmpty {
            out += "### Change against the comparison\n\n"
            out += TrendsFormat.markdownTable(header, rows)
            out += "\nGroup figures are over the group's schools with results in both years; the ratio is the group's change divided by the comparison change.\n\n"
        }
        for group in results.groups {
            out += "### \(group.name)\n\n"
            guard let analysis = group.beforeAfter else {
                out += "No before/after comparison: the data hold no comparison year after the baseline.\n\n"
                continue
            }
            let d = analysis.distribution
            out += "- Schools with both years: \(d.schools); "
                + d.gains.map { "gaining \(TrendsFormat.threshold($0.threshold))+ points: \($0.schools)" }.joined(separator: "; ")
                + "; declining: \(d.declined).\n"
            let f = analysis.floor
            out += "- Below the \(TrendsFormat.one(f.floor.percentage))% floor: \(f.belowBefore) of \(f.schools) before, \(f.belowAfter) after"
                + (f.reductionPercentage.map { " (\(TrendsFormat.one($0))% fewer)" } ?? "") + ".\n"
            if let did = analysis.differenceInDifferences {
                out += "- Difference-in-differences (\(DifferenceInDifferences.label)): \(TrendsFormat.signed(did.estimate)) points"
                    + (did.standardError.map { ", standard error \(TrendsFormat.one($0))" } ?? "") + ".\n"
            }
            out += "- Cohorts under \(analysis.smallCohortThreshold) pupils (volatile figures): \(analysis.smallCohortSchools) schools.\n\n"
            if let m = group.matched {
                for line in TrendsFormat.matchingLines(m) { out += "- \(line).\n" }
                out += "\nBalance before and after matching (standardised differences below 0.1 in absolute value are usually taken as balanced):\n\n"
                let b = TrendsFormat.balanceRows(m)
                out += TrendsFormat.markdownTable(b.header, b.rows) + "\n"
            }
            let table = TrendsFormat.schoolRows(analysis, trajectories: group.trajectories)
            out += TrendsFormat.markdownTable(table.header, table.rows) + "\n"
        }
        if !results.ofsted.isEmpty {
            out += "### Time in an Ofsted category\n\nWhole months; schools still in a category are censored at \(results.ofsted[0].asOf), not dropped.\n\n"
            let table = TrendsFormat.ofstedRows(results)
            out += TrendsFormat.markdownTable(table.header, table.rows) + "\n"
        }
        if !results.notes.isEmpty {
            out += "### Data notes\n\n"
            for note in results.notes { out += "- \(note.message)\n" }
            out += "\n"
        }
        return out
    }
}
