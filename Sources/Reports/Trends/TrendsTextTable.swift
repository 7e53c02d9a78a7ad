import Education
import Foundation

/// The trends analysis as plain text for a terminal: the caveat, the national series, each
/// group's change against the comparison (both averaging methods, each labelled), the
/// distribution of school changes, floor-target counts, the difference-in-differences, the
/// per-school table, Ofsted summaries and the data notes.
public enum TrendsTextTable {
    /// At most this many notes are printed; the rest are counted (all are in the JSON).
    public static let noteLimit = 40

    public static func render(_ results: TrendsResults) -> String {
        var out = "School-level trends: \(results.measure.label)\n"
        out += "\(results.schools) schools, \(results.schoolYears) school-years, years "
            + (results.years.isEmpty ? "none" : results.years.map(\.description).joined(separator: ", ")) + "\n"
        out += "Floor target: \(TrendsFormat.one(results.floor.percentage))%. Baseline \(TrendsFormat.year(results.baselineYear)), "
            + "compared with \(TrendsFormat.year(results.comparisonYear)).\n"
        out += "Note: " + results.caveat + "\n\n"

        if !results.national.isEmpty {
            out += "National percentages (all schools)\n"
            out += TrendsFormat.table(
                ["year", "pupil-weighted", "unweighted school mean", "schools", "pupils"],
                TrendsFormat.nationalRows(results))
            out += "\n"
        }

        let (header, rows) = TrendsFormat.changeRows(results)
        if !rows.isEmpty {
            out += "Change from baseline, against \(results.groups.compactMap(\.beforeAfter).first?.comparison.label ?? "the comparison")\n"
            out += TrendsFormat.table(header, rows)
            out += "(Group figures over its schools with results in both years; ratio = group change / comparison change.)\n\n"
        }

        for group in results.groups {
            out += "\(group.name): \(group.schools) schools\n"
            guard let analysis = group.beforeAfter else {
                out += "  no before/after comparison (no comparison year after the baseline)\n\n"
                continue
            }
            let d = analysis.distribution
            out += "  School changes (\(d.schools) schools with both years): "
            out += d.gains.map { "\($0.schools) gained \(TrendsFormat.threshold($0.threshold))+ points" }.joined(separator: ", ")
            out += ", \(d.declined) declined; median \(TrendsFormat.signed(d.median)), range \(TrendsFormat.signed(d.minimum)) to \(TrendsFormat.signed(d.maximum))\n"
            let f = analysis.floor
            out += "  Below the \(TrendsFormat.one(f.floor.percentage))% floor: \(f.belowBefore) of \(f.schools) before, \(f.belowAfter) after"
            out += f.reductionPercentage.map { " (\(TrendsFormat.one($0))% fewer)" } ?? ""
            out += "\n"
            if let did = analysis.differenceInDifferences {
                out += "  Difference-in-differences (\(DifferenceInDifferences.label)): \(TrendsFormat.signed(did.estimate)) points"
                if let se = did.standardError { out += ", SE \(TrendsFormat.one(se))" }
                if let interval = did.interval {
                    out += ", \(Int((did.level * 100).rounded()))% CI \(TrendsFormat.signed(interval.lowerBound)) to \(TrendsFormat.signed(interval.upperBound))"
                }
                out += " (\(did.supportedSchools) supported, \(did.comparisonSchools) comparison schools)\n"
            }
            if let m = group.matched {
                for line in TrendsFormat.matchingLines(m) { out += "  \(line)\n" }
                let b = TrendsFormat.balanceRows(m)
                out += TrendsFormat.table(b.header, b.rows).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
            }
            let counts = group.classificationCounts
            out += "  Trajectories: " + SchoolTrajectory.Classification.allCases.map { "\(counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ") + "\n"
            out += "  Cohorts under \(analysis.smallCohortThreshold) pupils (volatile): \(analysis.smallCohortSchools) schools\n"
            let table = TrendsFormat.schoolRows(analysis, trajectories: group.trajectories)
            out += TrendsFormat.table(table.header, table.rows).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n\n"
        }

        if !results.ofsted.isEmpty {
            out += "Time in an Ofsted category (whole months; schools still in a category are censored)\n"
            let table = TrendsFormat.ofstedRows(results)
            out += TrendsFormat.table(table.header, table.rows) + "\n"
        }

        if !results.notes.isEmpty {
            let counts = results.noteCounts.sorted { $0.key.rawValue < $1.key.rawValue }
            out += "Data notes (" + counts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")\n"
            for note in results.notes.prefix(noteLimit) { out += "  - \(note.message)\n" }
            if results.notes.count > noteLimit { out += "  ... and \(results.notes.count - noteLimit) more (all are in the JSON output)\n" }
        }
        return out
    }
}
