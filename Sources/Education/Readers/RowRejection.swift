/// One problem with one cell of an input row.
public struct FieldProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The column at fault.
    public var column: String
    /// The cell as written (empty for a missing value).
    public var value: String
    public var kind: RejectionKind
    /// A sentence saying what is wrong.
    public var reason: String

    public init(column: String, value: String, kind: RejectionKind, reason: String) {
        self.column = column
        self.value = value
        self.kind = kind
        self.reason = reason
    }

    public var description: String {
        "column \(column), value \"\(value)\": \(reason) [\(kind.rawValue)]"
    }
}

/// A rejected or excluded row of an input file, with every problem found in it. Rows are
/// numbered from 1 for the first data row after the header (line 2 of a file without line
/// breaks inside quoted fields). Also usable as a thrown error.
public struct RowRejection: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file (path or source name).
    public var file: String
    /// The 1-based data row.
    public var row: Int
    /// The problems, in column order; never empty.
    public var problems: [FieldProblem]

    public init(file: String, row: Int, problems: [FieldProblem]) {
        self.file = file
        self.row = row
        self.problems = problems
    }

    /// The first problem's kind: the one the summary counts the row under.
    public var kind: RejectionKind { problems.first?.kind ?? .invalidValue }
    /// The first problem's column.
    public var column: String { problems.first?.column ?? "" }
    /// The first problem's value.
    public var value: String { problems.first?.value ?? "" }
    /// The first problem's reason.
    public var reason: String { problems.first?.reason ?? "" }

    public var description: String {
        "\(file): row \(row): " + problems.map(\.description).joined(separator: "; ")
    }
}
