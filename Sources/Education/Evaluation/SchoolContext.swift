import DataTable
import MixedModels

/// School context: compositional controls at school level, computed from the pupil records of
/// each school's cohort, so that a support estimate compares schools of similar intake rather
/// than attributing to support what goes with who a school teaches.
///
/// For every school, year and key stage (one school-year: the school's cohort of that summer),
/// from the pupils of the analysis table:
///
/// - `ctx_pct_fsm`: the percentage of pupils eligible for free school meals (of those with a
///   known `fsm`);
/// - `ctx_prior_mean`, `ctx_prior_sd`: the mean and the standard deviation (denominator n − 1)
///   of prior attainment, `ks2_aps` for KS4 and `ks1_aps` for KS2, over the pupils who have it;
/// - `ctx_cohort_size`: the number of pupils of the school-year in the table.
///
/// Each raw value is standardised within its key stage across school-years, each counted once
/// (not weighted by its pupils): z = (x − m) / s with m and s (n − 1) the mean and standard
/// deviation of the school-years' values. A coefficient is therefore the difference per
/// school-level standard deviation, and the columns do not depend on the units of the data
/// (scaling `ks2_aps` by any positive factor leaves them unchanged). `Summary.scalings` records
/// m and s, so that a coefficient b per SD is b / s per unit of the raw value.
///
/// Degenerate cases give a missing value (NA), which the model counts under that column in its
/// exclusions: a school-year with fewer than two pupils with prior attainment has no SD, one with
/// none has no mean, and one with no pupil of known FSM status has no % FSM. A variable that takes
/// one value across the school-years of a key stage (e.g. no FSM pupil anywhere: 0% everywhere)
/// is set to 0 and left out of every model as a constant control, with a note.
public enum SchoolContext {
    /// One context variable: its column and what it measures.
    public struct Variable: Sendable, Equatable, Codable {
        public var column: String
        public var meaning: String
    }

    public static let pctFSMColumn = "ctx_pct_fsm"
    public static let priorMeanColumn = "ctx_prior_mean"
    public static let priorSDColumn = "ctx_prior_sd"
    public static let cohortSizeColumn = "ctx_cohort_size"

    /// The variables in formula order.
    public static let variables: [Variable] = [
        Variable(column: pctFSMColumn, meaning: "% of the school-year's pupils eligible for FSM"),
        Variable(column: priorMeanColumn, meaning: "mean prior attainment of the school-year's pupils (KS2 APS for KS4, KS1 APS for KS2)"),
        Variable(column: priorSDColumn, meaning: "standard deviation of the school-year's pupils' prior attainment"),
        Variable(column: cohortSizeColumn, meaning: "pupils in the school-year (cohort size)"),
    ]

    /// The column names in formula order.
    public static var columnNames: [String] { variables.map(\.column) }

    /// The prior-attainment column of a key stage's cohort.
    static func priorColumn(keyStage: Double) -> String { keyStage == 2 ? "ks1_aps" : "ks2_aps" }

    /// How one variable was standardised in one key stage.
    public struct Scaling: Sendable, Equatable, Codable {
        public var keyStage: Int
        public var column: String
        /// School-years with a value.
        public var schoolYears: Int
        /// Mean and SD (n − 1) of the raw values across those school-years; the column is
        /// (raw − mean) / sd. `sd` is 0 (and the column 0) when the variable is constant.
        public var mean: Double
        public var standardDeviation: Double
        /// The variable takes one value here, so it is left out of the models.
        public var isConstant: Bool { standardDeviation == 0 || !standardDeviation.isFinite }
    }

    /// What the context columns hold, and what could not be computed.
    public struct Summary: Sendable, Equatable, Codable {
        /// School-years (school, year, key stage) with pupils in the table.
        public var schoolYears: Int
        public var scalings: [Scaling]
        /// School-years with fewer than two pupils with prior attainment (no SD), and their pupils.
        public var schoolYearsWithoutPriorSD: Int
        public var pupilsWithoutPriorSD: Int
        /// School-years with no pupil with prior attainment (no mean), and their pupils.
        public var schoolYearsWithoutPrior: Int
        public var pupilsWithoutPrior: Int
        /// School-years with no pupil of known FSM status, and their pupils.
        public var schoolYearsWithoutFSM: Int
        public var pupilsWithoutFSM: Int
        /// Pupils without a usable key stage, school or year: no context (NA).
        public var pupilsWithoutSchoolYear: Int

        /// One sentence per degenerate case found (empty when there is none).
        public var notes: [String] {
            var notes: [String] = []
            if schoolYearsWithoutPriorSD > 0 {
                notes.append("\(schoolYearsWithoutPriorSD) school-year\(schoolYearsWithoutPriorSD == 1 ? " has" : "s have") fewer than two pupils with prior attainment, "
                    + "so no standard deviation: \(SchoolContext.priorSDColumn) is missing for their \(pupilsWithoutPriorSD) pupil\(pupilsWithoutPriorSD == 1 ? "" : "s"), "
                    + "who leave the models and are counted under \(SchoolContext.priorSDColumn) in each model's missing values")
            }
            if schoolYearsWithoutPrior > 0 {
                notes.append("\(schoolYearsWithoutPrior) school-year\(schoolYearsWithoutPrior == 1 ? " has" : "s have") no pupil with prior attainment: "
                    + "\(SchoolContext.priorMeanColumn) is missing for their \(pupilsWithoutPrior) pupil\(pupilsWithoutPrior == 1 ? "" : "s")")
            }
            if schoolYearsWithoutFSM > 0 {
                notes.append("\(schoolYearsWithoutFSM) school-year\(schoolYearsWithoutFSM == 1 ? " has" : "s have") no pupil of known FSM status: "
                    + "\(SchoolContext.pctFSMColumn) is missing for their \(pupilsWithoutFSM) pupil\(pupilsWithoutFSM == 1 ? "" : "s")")
            }
            if pupilsWithoutSchoolYear > 0 {
                notes.append("\(pupilsWithoutSchoolYear) pupil\(pupilsWithoutSchoolYear == 1 ? " has" : "s have") no usable key stage, school or year, so no school context")
            }
            for scaling in scalings where scaling.isConstant {
                let why = scaling.column == SchoolContext.pctFSMColumn && scaling.schoolYears > 0 && scaling.mean == 0
                    ? "no KS\(scaling.keyStage) pupil is eligible for FSM, so % FSM is 0 in every school-year"
                    : "it takes one value in every KS\(scaling.keyStage) school-year with a value (\(scaling.schoolYears))"
                notes.append("\(scaling.column): \(why); the column is left out of the KS\(scaling.keyStage) models")
            }
            return notes
        }
    }

    /// The raw values of one school-year.
    struct Raw {
        var pupils = 0
        var fsmKnown = 0
        var fsmEligible = 0
        var prior: [Double] = []

        var pctFSM: Double { fsmKnown > 0 ? 100 * Double(fsmEligible) / Double(fsmKnown) : .nan }
        var priorMean: Double { prior.isEmpty ? .nan : prior.reduce(0, +) / Double(prior.count) }
        var priorSD: Double {
            guard prior.count >= 2 else { return .nan }
            let m = priorMean
            return (prior.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(prior.count - 1)).squareRoot()
        }
        var values: [Double] { [pctFSM, priorMean, priorSD, Double(pupils)] }
    }

    /// A school-year: key stage, school URN and summer, as whole numbers.
    struct Key: Hashable, Comparable {
        var keyStage: Int, school: Int, year: Int
        static func < (a: Key, b: Key) -> Bool { (a.keyStage, a.school, a.year) < (b.keyStage, b.school, b.year) }
    }

    /// The four context columns of `table` (which must have `key_stage`, `school` and `year`;
    /// `fsm`, `ks1_aps` and `ks2_aps` count as missing when absent) and what they hold.
    public static func columns(of table: DataTable) throws(EvaluationError) -> (columns: [DataColumn], summary: Summary) {
        let n = table.rowCount
        func numeric(_ name: String, required: Bool) throws(EvaluationError) -> [Double] {
            guard table.hasColumn(name) else {
                if required { throw .table("column '\(name)' is missing (columns: \(table.columnNames.joined(separator: ", ")))") }
                return [Double](repeating: .nan, count: n)
            }
            let values: [Double]?
            do { values = try table.column(name).numericValues } catch { throw .table(error.description) }
            guard let values, values.count == n else { throw .table("column '\(name)' must be numeric for the school context") }
            return values
        }
        let keyStage = try numeric("key_stage", required: true)
        let school = try numeric("school", required: true)
        let year = try numeric("year", required: true)
        let fsm = try numeric("fsm", required: false)
        let prior = (ks1: try numeric("ks1_aps", required: false), ks2: try numeric("ks2_aps", required: false))

        /// A whole number that fits an Int comfortably, else nil.
        func whole(_ x: Double) -> Int? { x.isFinite && abs(x) < 1e15 && x.rounded() == x ? Int(x) : nil }
        var keys = [Key?](repeating: nil, count: n)
        var raw: [Key: Raw] = [:]
        var withoutKey = 0
        for row in 0..<n {
            guard let ks = whole(keyStage[row]), let urn = whole(school[row]), let summer = whole(year[row]) else {
                withoutKey += 1
                continue
            }
            let key = Key(keyStage: ks, school: urn, year: summer)
            keys[row] = key
            var r = raw[key] ?? Raw()
            r.pupils += 1
            if fsm[row].isFinite {
                r.fsmKnown += 1
                if fsm[row] != 0 { r.fsmEligible += 1 }
            }
            let p = priorColumn(keyStage: keyStage[row]) == "ks1_aps" ? prior.ks1[row] : prior.ks2[row]
            if p.isFinite { r.prior.append(p) }
            raw[key] = r
        }

        // Standardise each variable within each key stage across school-years.
        var scalings: [Scaling] = []
        var scale: [Int: [(mean: Double, sd: Double)]] = [:]
        for ks in Set(raw.keys.map(\.keyStage)).sorted() {
            let groups = raw.filter { $0.key.keyStage == ks }.sorted { $0.key < $1.key }.map(\.value.values)
            var perVariable: [(mean: Double, sd: Double)] = []
            for (i, variable) in variables.enumerated() {
                let values = groups.map { $0[i] }.filter(\.isFinite)
                let mean = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
                var sd = 0.0
                if values.count >= 2 {
                    sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
                    // Rounding can leave a constant variable a tiny SD: treat it as constant.
                    if sd <= 1e-12 * max(1, abs(mean)) { sd = 0 }
                }
                perVariable.append((mean, sd))
                scalings.append(Scaling(keyStage: ks, column: variable.column, schoolYears: values.count, mean: mean, standardDeviation: sd))
            }
            scale[ks] = perVariable
        }

        var out = [[Double]](repeating: [Double](repeating: .nan, count: n), count: variables.count)
        for row in 0..<n {
            guard let key = keys[row], let r = raw[key], let s = scale[key.keyStage] else { continue }
            for (i, x) in r.values.enumerated() where x.isFinite {
                out[i][row] = s[i].sd > 0 ? (x - s[i].mean) / s[i].sd : 0
            }
        }
        var summary = Summary(
            schoolYears: raw.count, scalings: scalings, schoolYearsWithoutPriorSD: 0, pupilsWithoutPriorSD: 0,
            schoolYearsWithoutPrior: 0, pupilsWithoutPrior: 0, schoolYearsWithoutFSM: 0, pupilsWithoutFSM: 0,
            pupilsWithoutSchoolYear: withoutKey)
        for r in raw.values {
            if r.prior.count < 2 { summary.schoolYearsWithoutPriorSD += 1; summary.pupilsWithoutPriorSD += r.pupils }
            if r.prior.isEmpty { summary.schoolYearsWithoutPrior += 1; summary.pupilsWithoutPrior += r.pupils }
            if r.fsmKnown == 0 { summary.schoolYearsWithoutFSM += 1; summary.pupilsWithoutFSM += r.pupils }
        }
        let columns = variables.enumerated().map { i, variable in DataColumn(name: variable.column, numeric: out[i]) }
        return (columns, summary)
    }
}

extension SchoolContext {
    /// R lines that add the context columns to `d` (one key stage's pupils, before any area or
    /// attendance selection), computed as `columns(of:)` computes them.
    static func rCode(keyStage: KeyStage) -> [String] {
        let prior = priorColumn(keyStage: Double(keyStage.rawValue))
        return [
            "# school context: per school and year, standardised across school-years (each counted once)",
            "g <- paste(d$school, d$year); first <- !duplicated(g)",
            "z <- function(x) { u <- x[first & is.finite(x)]; s <- if (length(u) > 1) sd(u) else 0; if (s > 0) (x - mean(u)) / s else ifelse(is.finite(x), 0, NA) }",
            "d$\(pctFSMColumn) <- z(ave(d$fsm, g, FUN = function(x) if (all(is.na(x))) NA else 100 * mean(x, na.rm = TRUE)))",
            "d$\(priorMeanColumn) <- z(ave(d$\(prior), g, FUN = function(x) if (all(is.na(x))) NA else mean(x, na.rm = TRUE)))",
            "d$\(priorSDColumn) <- z(ave(d$\(prior), g, FUN = function(x) if (sum(!is.na(x)) < 2) NA else sd(x, na.rm = TRUE)))",
            "d$\(cohortSizeColumn) <- z(ave(rep(1, nrow(d)), g, FUN = length))",
        ]
    }
}

extension SchoolContext {
    /// A fitted context coefficient: the difference per school-level SD of the column.
    public struct Coefficient: Sendable, Equatable, Codable {
        public var column: String
        public var estimate: Double
        public var standardError: Double
        public var pValue: Double
    }

    /// The context coefficients among a model's tests, in formula order (a column left out of
    /// the model has none).
    static func coefficients(_ tests: [CoefficientTest]) -> [Coefficient] {
        columnNames.compactMap { name in
            tests.first { $0.name == name }.map {
                Coefficient(column: name, estimate: $0.estimate, standardError: $0.standardError, pValue: $0.pValue)
            }
        }
    }
}
