import DataTable

/// A parsed cell: missing, a value, or a problem.
enum ParsedCell<Value> {
    case missing
    case value(Value)
    case problem(RejectionKind, String)
}

/// One column of an input file, parsed to `Value`. Categorical columns are parsed once per
/// level, so a national file costs one parse per distinct string, not one per cell.
struct TypedColumn<Value> {
    let name: String
    private let column: DataColumn?
    private let levelCells: [ParsedCell<Value>]
    private let numbers: NumericValues?
    private let codes: [Int32]?
    private let parseNumber: (Double) -> ParsedCell<Value>

    init(
        _ name: String, in fields: CSVFields,
        text parseText: @escaping (String) -> ParsedCell<Value>,
        number parseNumber: ((Double) -> ParsedCell<Value>)? = nil
    ) {
        self.name = name
        let column = fields.columns[name]
        self.column = column
        switch column?.storage {
        case .numeric?, .integers?:
            numbers = column?.numbers
            codes = nil
            levelCells = []
            if let parseNumber {
                self.parseNumber = parseNumber
            } else {
                let isInteger = column?.isInteger ?? false
                self.parseNumber = { value in
                    let probe = DataColumn(name: "", numeric: [value], isInteger: isInteger)
                    return parseText(probe.text(at: 0) ?? "")
                }
            }
        case let .categorical(codes, levels)?:
            numbers = nil
            self.codes = codes
            levelCells = levels.map(parseText)
            self.parseNumber = { _ in .missing }
        case nil:
            numbers = nil
            codes = nil
            levelCells = []
            self.parseNumber = { _ in .missing }
        }
    }

    subscript(row: Int) -> ParsedCell<Value> {
        if let numbers {
            let value = numbers[row]
            return value.isNaN ? .missing : parseNumber(value)
        }
        if let codes {
            let code = Int(codes[row])
            return code >= 0 && code < levelCells.count ? levelCells[code] : .missing
        }
        return .missing
    }

    /// The cell as written, for messages.
    /// The cell as written in the file (an infinite or huge value as its text, not `Inf` or `1e+20`).
    func text(_ row: Int) -> String { column?.writtenText(at: row) ?? "" }
}

/// The columns of one input file, checked against its schema.
struct CSVFields {
    let file: String
    let rowCount: Int
    let columns: [String: DataColumn]
    let ignored: [String]

    init(_ table: DataTable, required: [String], optional: [String]) throws(NPDReadError) {
        file = table.source
        rowCount = table.rowCount
        let missing = required.filter { !table.hasColumn($0) }
        guard missing.isEmpty else {
            throw .missingColumns(file: table.source, missing: missing, available: table.columnNames)
        }
        let known = Set(required + optional)
        var columns: [String: DataColumn] = [:]
        for column in table.columns where known.contains(column.name) { columns[column.name] = column }
        self.columns = columns
        ignored = table.columnNames.filter { !known.contains($0) }
    }

    // MARK: Column parsers

    func integers(_ name: String) -> TypedColumn<Int> {
        TypedColumn(name, in: self, text: { text in
            guard let value = Double(text.trimmingSpaces) else { return .problem(.notANumber, "not a number") }
            return Self.whole(value)
        }, number: Self.whole)
    }

    func numbers(_ name: String) -> TypedColumn<Double> {
        TypedColumn(name, in: self, text: { text in
            guard let value = Double(text.trimmingSpaces), value.isFinite else {
                return .problem(.notANumber, "not a finite number")
            }
            return .value(value)
        }, number: { value in
            value.isFinite ? .value(value) : .problem(.notANumber, "not a finite number")
        })
    }

    /// 0/1 flags; R's logical spellings (`TRUE`, `FALSE`, `T`, `F`, ...) are accepted too.
    func flags(_ name: String) -> TypedColumn<Bool> {
        TypedColumn(name, in: self, text: { text in
            switch text.trimmingSpaces {
            case "1", "TRUE", "True", "true", "T": .value(true)
            case "0", "FALSE", "False", "false", "F": .value(false)
            default: .problem(.unknownCode, "not a flag; allowed: 0, 1")
            }
        }, number: { value in
            value == 1 ? .value(true) : value == 0 ? .value(false)
                : .problem(.unknownCode, "not a flag; allowed: 0, 1")
        })
    }

    /// Codes of an enum. `logicalAliases` maps R's logical spellings back to codes: R's
    /// `read.csv`, and `DataTable` with it, reads a column whose every value is `F` (say, a
    /// file of girls only) as the logical `FALSE`.
    func codes<Code: RawRepresentable & CaseIterable>(
        _ name: String, as _: Code.Type, logicalAliases: [String: String] = [:]
    ) -> TypedColumn<Code> where Code.RawValue == String {
        let allowed = Code.allCases.map(\.rawValue).joined(separator: ", ")
        var aliases: [String: String] = [:]
        if case let .categorical(_, levels)? = columns[name]?.storage,
           Set(levels).isSubset(of: ["FALSE", "TRUE"]) {
            aliases = logicalAliases
        }
        return TypedColumn(name, in: self, text: { text in
            guard let code = Code(rawValue: aliases[text] ?? text) else {
                return .problem(.unknownCode, "unknown code; allowed: \(allowed)")
            }
            return .value(code)
        })
    }

    /// Text as written; numbers as R prints them (whole numbers without a decimal point).
    func strings(_ name: String) -> TypedColumn<String> {
        let isInteger = columns[name]?.isInteger ?? false
        return TypedColumn(name, in: self, text: { .value($0) }, number: { value in
            if value == value.rounded(), abs(value) < 1e15 { return .value(String(Int(value))) }
            return .value(DataColumn(name: "", numeric: [value], isInteger: isInteger).text(at: 0) ?? "")
        })
    }

    func dates(_ name: String) -> TypedColumn<CalendarDate> {
        TypedColumn(name, in: self, text: { text in
            do throws(DomainValueError) {
                return .value(try CalendarDate(iso: text.trimmingSpaces))
            } catch {
                return .problem(Self.kind(of: error), error.description)
            }
        })
    }

    /// The key columns every NPD-style file shares, validated the same way in every reader.
    func urns(_ name: String = "urn") -> TypedColumn<URN> {
        validated(name) { (value: Int) throws(DomainValueError) in try URN(value) }
    }

    func academicYears(_ name: String = "year") -> TypedColumn<AcademicYear> {
        validated(name) { (value: Int) throws(DomainValueError) in try AcademicYear(endingIn: value) }
    }

    func keyStages(_ name: String = "key_stage") -> TypedColumn<KeyStage> {
        validated(name) { (value: Int) throws(DomainValueError) in
            guard let stage = KeyStage(rawValue: value) else {
                throw .invalid(field: name, value: String(value), reason: "unknown key stage; allowed: 2, 4")
            }
            return stage
        }
    }

    /// KS2 scaled scores (80–120).
    func scaledScores(_ name: String) -> TypedColumn<ScaledScore> {
        validated(name) { (value: Int) throws(DomainValueError) in try ScaledScore(value, field: name) }
    }

    /// DfE's KS2 prior-attainment group as supplied.
    func priorGroups(_ name: String = "ks2_prior_group") -> TypedColumn<PriorAttainmentGroup> {
        validated(name) { (value: Int) throws(DomainValueError) in try PriorAttainmentGroup(scheme: .supplied, number: value) }
    }

    /// A whole-number column whose values also pass a domain initialiser.
    func validated<Value>(
        _ name: String, _ make: @escaping (Int) throws(DomainValueError) -> Value
    ) -> TypedColumn<Value> {
        let convert: (ParsedCell<Int>) -> ParsedCell<Value> = { cell in
            switch cell {
            case .missing: return .missing
            case let .problem(kind, reason): return .problem(kind, reason)
            case let .value(number):
                do throws(DomainValueError) {
                    return .value(try make(number))
                } catch {
                    return .problem(Self.kind(of: error), error.description)
                }
            }
        }
        return TypedColumn(name, in: self, text: { text in
            guard let value = Double(text.trimmingSpaces) else { return .problem(.notANumber, "not a number") }
            return convert(Self.whole(value))
        }, number: { convert(Self.whole($0)) })
    }

    static func whole(_ value: Double) -> ParsedCell<Int> {
        guard value.isFinite else { return .problem(.notANumber, "not a finite number") }
        guard value == value.rounded() else { return .problem(.notAWholeNumber, "not a whole number") }
        guard abs(value) < 1e15 else {
            return .problem(.outOfRange, "too large for a count or code (at most 999,999,999,999,999 in absolute value)")
        }
        return .value(Int(value))
    }

    static func kind(of error: DomainValueError) -> RejectionKind {
        switch error {
        case .outOfRange: .outOfRange
        case .invalid: .invalidValue
        }
    }
}

/// Collects the problems of one row.
struct RowProblems {
    private(set) var problems: [FieldProblem] = []

    var isEmpty: Bool { problems.isEmpty }

    mutating func add(_ column: String, _ value: String, _ kind: RejectionKind, _ reason: String) {
        problems.append(FieldProblem(column: column, value: value, kind: kind, reason: reason))
    }

    /// The value of a required cell, recording a problem when it is missing or invalid.
    mutating func required<Value>(_ column: TypedColumn<Value>, _ row: Int) -> Value? {
        switch column[row] {
        case let .value(value): return value
        case .missing:
            add(column.name, "", .missingRequired, "required value is missing")
            return nil
        case let .problem(kind, reason):
            add(column.name, column.text(row), kind, reason)
            return nil
        }
    }

    /// The value of an optional cell (nil when missing), recording a problem when invalid;
    /// `valid` is false after a problem.
    mutating func optional<Value>(_ column: TypedColumn<Value>, _ row: Int, _ valid: inout Bool) -> Value? {
        switch column[row] {
        case let .value(value): return value
        case .missing: return nil
        case let .problem(kind, reason):
            add(column.name, column.text(row), kind, reason)
            valid = false
            return nil
        }
    }

    /// Records a domain error against the column it names.
    mutating func add(_ error: DomainValueError, cellText: (String) -> String) {
        let value: String
        switch error {
        case let .outOfRange(_, text, _), let .invalid(_, text, _): value = text.isEmpty ? cellText(error.field) : text
        }
        add(error.field, value, CSVFields.kind(of: error), error.description)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
