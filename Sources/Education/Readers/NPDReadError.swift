import DataTable

/// Why an input file could not be read at all (as opposed to rows being rejected, which the
/// read summary reports).
public enum NPDReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The CSV could not be read or parsed (missing file, ragged row, unterminated quote, ...).
    case table(DataTableError)
    /// Required columns are missing from the header.
    case missingColumns(file: String, missing: [String], available: [String])

    public var description: String {
        switch self {
        case let .table(error):
            error.description
        case let .missingColumns(file, missing, available):
            "\(file): required column\(missing.count == 1 ? "" : "s") "
                + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                + " missing; the header has " + available.map { "\"\($0)\"" }.joined(separator: ", ")
        }
    }
}
