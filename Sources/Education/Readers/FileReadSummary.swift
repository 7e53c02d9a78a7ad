import DataTable

/// What was read from one input file: rows accepted, rows rejected or excluded (each with its
/// reasons), counts by reason and the columns ignored. `accepted + rejected == rows` always.
public struct FileReadSummary: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The file (path or source name).
    public var file: String
    /// Data rows in the file.
    public var rows: Int
    /// Rows accepted.
    public var accepted: Int
    /// Every rejected or excluded row, in file order.
    public var rejections: [RowRejection]
    /// Header columns that are not in the schema.
    public var ignoredColumns: [String]
    /// Warnings about the file that reject no row, such as a column read as categorical
    /// although most of its cells are numbers (``DataTable/inferenceWarnings``).
    public var notes: [String] = []

    public init(file: String, rows: Int, accepted: Int, rejections: [RowRejection], ignoredColumns: [String]) {
        self.file = file
        self.rows = rows
        self.accepted = accepted
        self.rejections = rejections
        self.ignoredColumns = ignoredColumns
    }

    /// Rows rejected or excluded.
    public var rejected: Int { rejections.count }

    /// Rejected rows counted by the kind of their first problem.
    public var rejectedByKind: [RejectionKind: Int] {
        var counts: [RejectionKind: Int] = [:]
        for rejection in rejections { counts[rejection.kind, default: 0] += 1 }
        return counts
    }

    /// Whether the counts add up: accepted plus rejected rows equals the rows in the file.
    public var isBalanced: Bool { accepted + rejected == rows }

    public var description: String {
        var text = "\(file): \(rows) rows, \(accepted) accepted, \(rejected) rejected"
        let counts = rejectedByKind.sorted { $0.key < $1.key }
        if !counts.isEmpty {
            text += " (" + counts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"
        }
        if !ignoredColumns.isEmpty {
            text += "; ignored columns: " + ignoredColumns.joined(separator: ", ")
        }
        for note in notes { text += "\n  warning: " + note }
        return text
    }
}

/// The read summaries of the pupil, school and support-record files.
public struct NPDReadSummary: Sendable, Equatable, Codable, CustomStringConvertible {
    public var pupils: FileReadSummary
    public var schools: FileReadSummary
    /// Nil when no support-record file was given.
    public var support: FileReadSummary?

    public init(pupils: FileReadSummary, schools: FileReadSummary, support: FileReadSummary?) {
        self.pupils = pupils
        self.schools = schools
        self.support = support
    }

    /// Every note of every file (see ``FileReadSummary/notes``).
    public var allNotes: [String] {
        schools.notes + (support?.notes ?? []) + pupils.notes
    }

    /// Every rejection of every file.
    public var allRejections: [RowRejection] {
        schools.rejections + (support?.rejections ?? []) + pupils.rejections
    }

    public var description: String {
        ([schools.description] + (support.map { [$0.description] } ?? []) + [pupils.description])
            .joined(separator: "\n")
    }
}

extension NPDReadSummary {
    /// Every problem of every rejected row as a table, one row per problem, in the order of
    /// ``allRejections``: `file`, `row` (1-based data row), `column`, `value` (as written),
    /// `kind` and `reason`. Written by `evaluate` as rejections.csv.
    public func rejectionsTable() throws(DataTableError) -> DataTable {
        var files: [String?] = [], rows: [Int?] = [], columns: [String?] = []
        var values: [String?] = [], kinds: [String?] = [], reasons: [String?] = []
        for rejection in allRejections {
            for problem in rejection.problems {
                files.append(rejection.file)
                rows.append(rejection.row)
                columns.append(problem.column)
                values.append(problem.value)
                kinds.append(problem.kind.rawValue)
                reasons.append(problem.reason)
            }
        }
        return try DataTable(source: "rejections.csv", columns: [
            DataColumn(name: "file", strings: files), DataColumn(name: "row", integers: rows),
            DataColumn(name: "column", strings: columns), DataColumn(name: "value", strings: values),
            DataColumn(name: "kind", strings: kinds), DataColumn(name: "reason", strings: reasons),
        ])
    }
}
