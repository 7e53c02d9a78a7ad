import DataTable

/// Reads the Progress 8 inputs: the KS4 rows of a pupil file (Docs/data-format.md; no school
/// file is needed) and, optionally, a file of published national group means. Documented in
/// Docs/progress8.md.
///
/// Pupil file columns used: `pupil`, `year`, `key_stage`, `urn` (required, as in the pupil
/// file); `ks4_attainment8`; the KS2 prior attainment `ks2_prior_group` (DfE's group, which
/// takes precedence), or `ks2_english_points`, `ks2_maths_points`, `ks2_aps` (levels), or
/// `ks2_reading_scaled`, `ks2_maths_scaled` (scaled scores). Other columns are ignored. A row
/// with an invalid value, KS2 levels and scaled scores together, an Attainment 8 score before
/// 2016 or a repeated pupil (same identifier and year) is rejected, naming the row, column and
/// value; KS2 rows are accepted but are not in the measure (`ks2Rows`).
public enum Progress8FileReader {
    static let pupilRequired = ["pupil", "year", "key_stage", "urn"]
    static let pupilOptional = [
        "ks4_attainment8", "ks2_prior_group", "ks2_aps", "ks2_english_points", "ks2_maths_points",
        "ks2_reading_scaled", "ks2_maths_scaled",
    ]

    /// The KS4 pupils of a pupil file.
    public struct Pupils: Sendable {
        /// The KS4 pupils, in file order.
        public var pupils: [Progress8Pupil]
        /// Accepted KS2 rows, which are not in the measure.
        public var ks2Rows: Int
        public var summary: FileReadSummary
    }

    public static func readPupils(path: String) throws(NPDReadError) -> Pupils {
        let table: DataTable
        do { table = try DataTable.readCSV(path: path) } catch { throw .table(error) }
        return try readPupils(table)
    }

    public static func readPupils(
        _ table: DataTable, finePoints: PriorAttainmentBanding = .finePoints,
        scaledScores: PriorAttainmentBanding = .scaledScores
    ) throws(NPDReadError) -> Pupils {
        let f = try CSVFields(table, required: pupilRequired, optional: pupilOptional)
        let pupilColumn = f.strings("pupil")
        let yearColumn = f.academicYears()
        let keyStageColumn = f.keyStages()
        let urnColumn = f.urns()
        let a8Column = f.numbers("ks4_attainment8")
        let groupColumn = f.priorGroups()
        let apsColumn = f.numbers("ks2_aps")
        let englishColumn = f.numbers("ks2_english_points")
        let mathsColumn = f.numbers("ks2_maths_points")
        let readingColumn = f.scaledScores("ks2_reading_scaled")
        let mathsScaledColumn = f.scaledScores("ks2_maths_scaled")
        let texts: [String: TypedColumnText] = [
            "ks4_attainment8": a8Column.text, "ks2_aps": apsColumn.text, "ks2_english_points": englishColumn.text,
            "ks2_maths_points": mathsColumn.text,
        ]

        struct Key: Hashable { var pupil: String; var year: AcademicYear }
        var seen = Set<Key>()
        var pupils: [Progress8Pupil] = []
        var ks2Rows = 0
        var rejections: [RowRejection] = []
        for row in 0..<f.rowCount {
            var problems = RowProblems()
            var valid = true
            let pupil = problems.required(pupilColumn, row)
            let year = problems.required(yearColumn, row)
            let keyStage = problems.required(keyStageColumn, row)
            let urn = problems.required(urnColumn, row)
            let a8 = problems.optional(a8Column, row, &valid)
            let supplied = problems.optional(groupColumn, row, &valid)
            let aps = problems.optional(apsColumn, row, &valid)
            let english = problems.optional(englishColumn, row, &valid)
            let maths = problems.optional(mathsColumn, row, &valid)
            let reading = problems.optional(readingColumn, row, &valid)
            let mathsScaled = problems.optional(mathsScaledColumn, row, &valid)
            var made: Progress8Pupil?
            if problems.isEmpty, let pupil, let year, let keyStage, let urn {
                do throws(DomainValueError) {
                    guard !pupil.isEmpty else {
                        throw .invalid(field: "pupil", value: pupil, reason: "the pupil identifier is empty")
                    }
                    let hasLevels = aps != nil || english != nil || maths != nil
                    let hasScaled = reading != nil || mathsScaled != nil
                    if hasLevels && hasScaled {
                        throw .invalid(field: "ks2_reading_scaled", value: "",
                                       reason: "a record holds either KS2 levels or KS2 scaled scores, not both")
                    }
                    let ks2: KS2Result? = hasScaled
                        ? .scaledScores(KS2ScaledResult(reading: reading, maths: mathsScaled))
                        : hasLevels
                            ? .levels(try KS2LevelResult(averagePointScore: aps, englishPoints: english, mathsPoints: maths))
                            : nil
                    let attainment8 = try a8.map { (value: Double) throws(DomainValueError) in try Attainment8(total: value) }
                    if attainment8 != nil, !year.usesAttainment8 {
                        throw .invalid(field: "ks4_attainment8", value: "",
                                       reason: "Attainment 8 starts in 2016; year \(year.endYear) reports the capped point score")
                    }
                    if keyStage == .ks2, a8 != nil || supplied != nil {
                        throw .invalid(field: a8 != nil ? "ks4_attainment8" : "ks2_prior_group", value: "",
                                       reason: "a KS2 cohort record has no Attainment 8 or KS2 prior-attainment group")
                    }
                    made = Progress8Pupil(
                        pupil: pupil, school: urn, year: year, attainment8: attainment8,
                        group: PriorAttainmentGroup.of(ks2: ks2, supplied: supplied,
                                                       finePoints: finePoints, scaledScores: scaledScores),
                        row: row + 1)
                } catch {
                    problems.add(error) { name in texts[name]?(row) ?? "" }
                }
            }
            if let made, keyStage == .ks4, !seen.insert(Key(pupil: made.pupil, year: made.year)).inserted {
                problems.add("pupil", pupilColumn.text(row), .duplicate,
                             "pupil \(made.pupil) already has a KS4 record for \(made.year.endYear)")
            }
            guard problems.isEmpty, let made else {
                rejections.append(RowRejection(file: f.file, row: row + 1, problems: problems.problems))
                continue
            }
            if keyStage == .ks4 { pupils.append(made) } else { ks2Rows += 1 }
        }
        var summary = FileReadSummary(
            file: f.file, rows: f.rowCount, accepted: pupils.count + ks2Rows, rejections: rejections,
            ignoredColumns: f.ignored)
        if ks2Rows > 0 { summary.notes.append("\(f.file): \(ks2Rows) KS2 rows accepted but not in Progress 8 (a KS4 measure)") }
        return Pupils(pupils: pupils, ks2Rows: ks2Rows, summary: summary)
    }

    /// Published national means: one row per group, columns `prior_group` (1–99) and
    /// `mean_attainment8` (0–90), and optionally `scheme` (`supplied`, the default, for DfE's
    /// groups; `ks2-fine-points` or `ks2-scaled` for this code's bands). A repeated group or an
    /// invalid value rejects the row.
    /// (Build `NationalProgress8Estimates` from the means, with a standard deviation if known.)
    public static func readNationalMeans(
        path: String
    ) throws(NPDReadError) -> (means: [PriorAttainmentGroup: Double], summary: FileReadSummary) {
        let table: DataTable
        do { table = try DataTable.readCSV(path: path) } catch { throw .table(error) }
        return try readNationalMeans(table)
    }

    public static func readNationalMeans(
        _ table: DataTable
    ) throws(NPDReadError) -> (means: [PriorAttainmentGroup: Double], summary: FileReadSummary) {
        let f = try CSVFields(table, required: ["prior_group", "mean_attainment8"], optional: ["scheme"])
        let numberColumn = f.integers("prior_group")
        let meanColumn = f.numbers("mean_attainment8")
        let schemeColumn = f.codes("scheme", as: PriorAttainmentGroup.Scheme.self)
        var means: [PriorAttainmentGroup: Double] = [:]
        var rejections: [RowRejection] = []
        for row in 0..<f.rowCount {
            var problems = RowProblems()
            var valid = true
            let number = problems.required(numberColumn, row)
            let mean = problems.required(meanColumn, row)
            let scheme = problems.optional(schemeColumn, row, &valid) ?? .supplied
            var group: PriorAttainmentGroup?
            if let number {
                do { group = try PriorAttainmentGroup(scheme: scheme, number: number, field: "prior_group") } catch {
                    problems.add(error) { _ in numberColumn.text(row) }
                }
            }
            if let mean, !(0...KS4Result.maximumAttainment8).contains(mean) {
                problems.add("mean_attainment8", meanColumn.text(row), .outOfRange, "mean_attainment8 must lie in 0...90")
            }
            if let group, means[group] != nil {
                problems.add("prior_group", numberColumn.text(row), .duplicate, "group \(group) already has a mean")
            }
            guard problems.isEmpty, let group, let mean else {
                rejections.append(RowRejection(file: f.file, row: row + 1, problems: problems.problems))
                continue
            }
            means[group] = mean
        }
        return (means, FileReadSummary(
            file: f.file, rows: f.rowCount, accepted: means.count, rejections: rejections, ignoredColumns: f.ignored))
    }
}
