import DataTable
import Education

/// Progress 8 results as text, CSV (DataTable's `CSVWriter`) and JSON (``JSONOutput``).
///
/// - `schoolsCSV`: one row per school and year: `year`, `urn`, `pupils` (in the measure),
///   `excluded`, `mean_attainment8`, `progress8`, `lower_95`, `upper_95`;
/// - `groupsCSV`: the national estimates, one row per year and prior-attainment group:
///   `year`, `scheme`, `prior_group`, `pupils`, `mean_attainment8`, `source`;
/// - `exclusionsCSV`: one row per excluded pupil: `year`, `urn`, `pupil`, `row`, `reason`.
public enum Progress8Report {
    /// Everything `progress8` writes as JSON: the results and what was read from each file.
    public struct Output: Sendable, Codable {
        public var results: Progress8Results
        public var pupilFile: FileReadSummary
        public var nationalMeansFile: FileReadSummary?

        public init(results: Progress8Results, pupilFile: FileReadSummary, nationalMeansFile: FileReadSummary?) {
            self.results = results
            self.pupilFile = pupilFile
            self.nationalMeansFile = nationalMeansFile
        }
    }

    public static func json(_ output: Output) throws -> String {
        try JSONOutput.encode(output) + "\n"
    }

    public static func schoolsCSV(_ results: Progress8Results) -> String {
        var csv = CSVWriter(columns: [
            "year", "urn", "pupils", "excluded", "mean_attainment8", "progress8", "lower_95", "upper_95",
        ])
        for cohort in results.cohorts {
            for school in cohort.schools {
                csv.integer(cohort.year.endYear); csv.integer(school.school.value)
                csv.integer(school.pupils); csv.integer(school.excluded)
                csv.number(school.meanAttainment8); csv.number(school.score)
                csv.number(school.lower); csv.number(school.upper)
                csv.endRow()
            }
        }
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    public static func groupsCSV(_ results: Progress8Results) -> String {
        var csv = CSVWriter(columns: ["year", "scheme", "prior_group", "pupils", "mean_attainment8", "source"])
        for cohort in results.cohorts {
            for group in cohort.groupMeans {
                csv.integer(cohort.year.endYear); csv.text(group.group.scheme.rawValue)
                csv.integer(group.group.number); csv.integer(group.pupils)
                csv.number(group.meanAttainment8); csv.text(group.source.rawValue)
                csv.endRow()
            }
        }
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    public static func exclusionsCSV(_ results: Progress8Results) -> String {
        var csv = CSVWriter(columns: ["year", "urn", "pupil", "row", "reason"])
        for exclusion in results.exclusions {
            csv.integer(exclusion.year.endYear); csv.integer(exclusion.school.value)
            csv.text(exclusion.pupil); csv.integer(exclusion.row); csv.text(exclusion.reason.rawValue)
            csv.endRow()
        }
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    /// A plain-text table per year: each school's Progress 8 score (two decimals, as DfE
    /// publishes it) with its 95% interval, pupils counted and excluded; then the exclusions
    /// by reason.
    public static func text(_ results: Progress8Results) -> String {
        var out = ""
        for cohort in results.cohorts {
            let sd = cohort.standardDeviation.map { EvaluationNumberFormat.fixed($0, 3) } ?? "NA"
            out += "Progress 8, \(cohort.year) (national SD of pupil scores \(sd), \(cohort.standardDeviationSource.rawValue); "
                + "\(cohort.groupMeans.count) prior-attainment groups)\n"
            out += TrendsFormat.pad("URN", 8) + TrendsFormat.pad("pupils", 8, right: true)
                + TrendsFormat.pad("excluded", 10, right: true) + TrendsFormat.pad("A8", 8, right: true)
                + TrendsFormat.pad("P8", 8, right: true) + "  95% interval\n"
            for school in cohort.schools {
                let interval = school.lower.flatMap { lower in
                    school.upper.map { "[\(EvaluationNumberFormat.fixed(lower, 2)), \(EvaluationNumberFormat.fixed($0, 2))]" }
                } ?? "NA"
                out += TrendsFormat.pad(school.school.description, 8)
                    + TrendsFormat.pad(String(school.pupils), 8, right: true)
                    + TrendsFormat.pad(String(school.excluded), 10, right: true)
                    + TrendsFormat.pad(EvaluationNumberFormat.fixed(school.meanAttainment8, 2), 8, right: true)
                    + TrendsFormat.pad(EvaluationNumberFormat.fixed(school.score, 2), 8, right: true)
                    + "  " + interval + "\n"
            }
            let counts = cohort.exclusionsByReason.sorted { $0.key < $1.key }
            out += "pupils in the measure: \(cohort.pupils.count); excluded: \(cohort.exclusions.count)"
            if !counts.isEmpty { out += " (" + counts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")" }
            out += "\n\n"
        }
        if results.cohorts.isEmpty { out += "No KS4 pupils: nothing to compute.\n" }
        for note in results.notes { out += "note: \(note)\n" }
        return out
    }
}
