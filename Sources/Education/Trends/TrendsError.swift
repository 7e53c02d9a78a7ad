import DataTable

/// Why a trends analysis, or one of its input files, could not be used at all. Problems with
/// single rows are not errors: they are rejections in the file's `FileReadSummary`, each
/// naming the file, row, column and value.
public enum TrendsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The CSV could not be read or parsed.
    case table(DataTableError)
    /// Required columns are missing from a file's header.
    case missingColumns(file: String, missing: [String], available: [String])
    /// A school-year file has neither a `meeting` nor a `percentage` column.
    case noResultColumn(file: String, available: [String])
    /// A setting is out of range or contradictory; `setting` names it.
    case invalidConfiguration(setting: String, reason: String)
    /// Two results were given for the same school and year.
    case duplicateSchoolYear(school: URN, year: AcademicYear)

    public var description: String {
        switch self {
        case let .table(error):
            error.description
        case let .missingColumns(file, missing, available):
            "\(file): required column\(missing.count == 1 ? "" : "s") "
                + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                + " missing; the header has " + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .noResultColumn(file, available):
            "\(file): needs a \"meeting\" or a \"percentage\" column; the header has "
                + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .invalidConfiguration(setting, reason):
            "\(setting): \(reason)"
        case let .duplicateSchoolYear(school, year):
            "school \(school) has two results for \(year)"
        }
    }

    init(_ error: NPDReadError) {
        switch error {
        case let .table(error): self = .table(error)
        case let .missingColumns(file, missing, available):
            self = .missingColumns(file: file, missing: missing, available: available)
        }
    }
}
