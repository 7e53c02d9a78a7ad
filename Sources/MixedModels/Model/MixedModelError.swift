import DataTable

/// Errors from building or fitting a mixed model. Each names the column, term or factor at fault.
public enum MixedModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A column named in the formula is not in the data.
    case unknownColumn(source: String, column: String, available: [String])
    /// A column used as a number holds text.
    case notNumeric(source: String, column: String, term: String)
    /// A column that is numeric but for a few cells (a typing error in the file): R would
    /// silently turn it into a factor with one level per distinct number.
    case nonNumericCell(source: String, column: String, row: Int, value: String, count: Int)
    /// No observations remain once rows with missing values are dropped.
    case noObservations(source: String, dropped: Int)
    /// The response does not vary, so no model can be fitted.
    case constantResponse(column: String)
    /// A grouping factor has fewer than two levels.
    case tooFewLevels(factor: String, levels: Int)
    /// A random-effects term has as many or more random effects than observations.
    case tooManyRandomEffects(term: String, effects: Int, observations: Int)
    /// The formula has no random-effects term; fit a fixed-effects model instead.
    case noRandomEffects(formula: String)
    /// A value that must be finite is not (row is 1-based in the data).
    case nonFinite(column: String, row: Int)
    /// A transform in the formula is undefined (NaN) at a row where its inputs are present,
    /// e.g. `log(x)` of a negative x (row is 1-based in the data; `inputs` shows the values).
    case undefinedValue(term: String, row: Int, inputs: String)
    /// The formula's response is missing or of the wrong kind for this model.
    case invalidResponse(String)
    /// A response value the family cannot take (row is 1-based in the data).
    case invalidResponseValue(column: String, row: Int, value: Double, reason: String)
    /// A case weight that is not a positive (or, for prior weights, non-negative) finite number.
    case invalidWeight(column: String, row: Int, value: Double, reason: String)
    /// A row of a multiple-membership term `mm(...)` whose memberships or weights are unusable
    /// (row is 1-based in the data; `column` names the membership or weight column at fault).
    case invalidMembership(term: String, row: Int, column: String, reason: String)
    /// A model matrix (or its cross-product) would need more memory than the allowed limit
    /// (`ModelFrame.Options.maximumAllocationBytes`); `terms` names the largest terms with their
    /// column counts; `columns` and `bytes` are nil when the count itself overflows.
    case tooLarge(what: String, terms: [String], rows: Int, columns: Int?, bytes: Int?, limit: Int)
    /// A column's values are so large that their sum of squares overflows double precision.
    case overflow(column: String, largest: Double)
    /// A numeric failure in the factorisation.
    case numerical(String)
    /// Two models cannot be compared.
    case notComparable(String)
    /// An argument is outside its allowed range.
    case invalidArgument(String)
    /// The formula could not be parsed.
    case formula(FormulaError)
    /// The data could not be read or a column could not be found.
    case data(DataTableError)

    public var description: String {
        switch self {
        case let .unknownColumn(source, column, available):
            return "\(source): no column '\(column)' (columns: \(available.joined(separator: ", ")))"
        case let .notNumeric(source, column, term):
            return "\(source): column '\(column)' in term '\(term)' is not numeric"
        case let .nonNumericCell(source, column, row, value, count):
            return "\(source): column '\(column)' is numeric but data row \(row) holds '\(value)'"
                + (count > 1 ? " (\(count) non-numeric cells in all)" : "")
                + "; correct the file, mark missing values as NA, or use factor(\(column)) if the column is categorical"
        case let .noObservations(source, dropped):
            return "\(source): no complete observations (\(dropped) rows dropped for missing values)"
        case let .constantResponse(column):
            return "response '\(column)' has no variance"
        case let .tooFewLevels(factor, levels):
            return "grouping factor '\(factor)' has \(levels) level\(levels == 1 ? "" : "s"); at least 2 are needed"
        case let .tooManyRandomEffects(term, effects, observations):
            return "random-effects term '\(term)' has \(effects) random effects for \(observations) observations; the model is unidentifiable"
        case let .noRandomEffects(formula):
            return "formula '\(formula)' has no random-effects term such as (1|group)"
        case let .nonFinite(column, row):
            return "column '\(column)', row \(row): value is not finite"
        case let .undefinedValue(term, row, inputs):
            return "term '\(term)', row \(row): the value is undefined (NaN) for \(inputs), e.g. the log or square root of a negative number; such a row is not a missing value"
        case let .invalidResponse(message):
            return "invalid response: \(message)"
        case let .invalidResponseValue(column, row, value, reason):
            return "response '\(column)', data row \(row): value \(value) \(reason)"
        case let .invalidWeight(column, row, value, reason):
            return "weights column '\(column)', data row \(row): \(value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(format: "%.0f", value) : "\(value)") \(reason)"
        case let .invalidMembership(term, row, column, reason):
            return "multiple-membership term '\(term)', data row \(row), column '\(column)': \(reason)"
        case let .tooLarge(what, terms, rows, columns, bytes, limit):
            let gib = bytes.map { " (\((Double($0) / 107_374_182.4).rounded(.up) / 10) GiB)" } ?? ""
            let size = columns.map { "\(rows) rows × \($0) columns\(gib)" } ?? "\(rows) rows × more columns than can be counted"
            let ranks = columns.map { $0 > rows ? "; with more columns than observations the model is rank deficient anyway" : "" } ?? ""
            return "\(what) is too large: \(size), over the limit of \(limit / 1_073_741_824 > 0 ? "\(limit / 1_073_741_824) GiB" : "\(limit) bytes"); largest terms: \(terms.joined(separator: ", "))\(ranks)"
        case let .overflow(column, largest):
            return "column '\(column)' has values up to \(largest) whose sum of squares overflows double precision; rescale it (for example divide by a power of ten) and refit"
        case let .numerical(message):
            return "numerical failure: \(message)"
        case let .notComparable(message):
            return "models cannot be compared: \(message)"
        case let .invalidArgument(message):
            return message
        case let .formula(error):
            return error.description
        case let .data(error):
            return error.description
        }
    }
}
