import DataTable
import Foundation

/// One factor of a model term evaluated over every row of the data: a numeric covariate, or
/// a categorical variable with its levels (R's distinction between a numeric vector and a
/// factor in `model.frame`).
enum EvaluatedFactor: Sendable {
    /// Values per row, the column's own (doubles, or whole numbers in fewer bytes); NaN marks
    /// a missing value.
    case numeric(NumericValues)
    /// Level code per row (−1 missing) and the level labels in level order.
    case categorical(codes: [Int32], levels: [String])

    func isMissing(_ row: Int) -> Bool {
        switch self {
        case .numeric(let v): return v[row].isNaN
        case .categorical(let codes, _): return codes[row] < 0
        }
    }
}

/// Evaluates formula expressions against a table, once each.
struct FactorEvaluator {
    let table: DataTable
    /// Reference level for a categorical variable or expression label, when not the first.
    let referenceLevels: [String: String]
    /// The rows a model may use (`ModelFrame.Options.rows`), nil for all: the checks of
    /// values (infinite, undefined, mistyped) look at these rows only.
    let rows: [Int]?
    private(set) var cache: [FormulaExpression: EvaluatedFactor] = [:]

    init(table: DataTable, referenceLevels: [String: String], rows: [Int]? = nil) {
        self.table = table
        self.referenceLevels = referenceLevels
        self.rows = rows
    }

    /// The first row of `rows` (all rows when nil) where `test` holds, over `count` values.
    private func firstRow(count: Int, where test: (Int) -> Bool) -> Int? {
        if let rows { return rows.first(where: test) }
        return (0..<count).first(where: test)
    }

    /// Recodes every categorical variable evaluated so far to the levels that occur in
    /// `rows`, in their order (R's `droplevels`); a variable whose levels all occur is left
    /// as it is, without a copy.
    mutating func dropUnusedLevels(rows: [Int]) {
        for (e, value) in cache {
            guard case .categorical(let codes, let levels) = value,
                  let (newCode, kept) = DataColumn.levelRecoding(codes: codes, levels: levels, rows: rows) else { continue }
            cache[e] = .categorical(codes: codes.map { $0 >= 0 && Int($0) < newCode.count ? newCode[Int($0)] : -1 }, levels: kept)
        }
    }

    private func column(_ name: String) throws(MixedModelError) -> DataColumn {
        do { return try table.column(name) } catch {
            throw .unknownColumn(source: table.source, column: name, available: table.columnNames)
        }
    }

    /// The expression as a variable: a column (numeric or categorical), `factor(x)` (always
    /// categorical, levels of a numeric column sorted numerically as R does) or an arithmetic
    /// expression such as `I(age^2)` or `log(x)` (numeric).
    mutating func evaluate(_ e: FormulaExpression) throws(MixedModelError) -> EvaluatedFactor {
        if let hit = cache[e] { return hit }
        var result: EvaluatedFactor
        switch e {
        case .variable(let name):
            let col = try column(name)
            switch col.storage {
            case .numeric(let values):
                if let row = firstRow(count: values.count, where: { values[$0].isInfinite }) {
                    throw .nonFinite(column: name, row: row + 1)
                }
                result = .numeric(.doubles(values))
            case .integers(let values):
                // Whole numbers: never infinite.
                result = .numeric(.integers(values))
            case .categorical(let codes, let levels):
                try checkNotMistypedNumeric(col, codes: codes, levels: levels)
                result = .categorical(codes: codes, levels: levels)
            }
        case .call(_, let args) where e.isFactorCall:
            guard args.count == 1, case .variable(let name) = args[0] else {
                throw .invalidArgument("\(e.label): factor() takes one column name")
            }
            let f = try column(name).factor()
            result = .categorical(codes: f.codes, levels: f.levels)
        default:
            let source = table.source
            let t = table
            do {
                let values = try e.evaluate { name in
                    guard let col = t.columns.first(where: { $0.name == name }) else {
                        throw MixedModelError.unknownColumn(source: source, column: name, available: t.columnNames)
                    }
                    guard let v = col.numbers else {
                        throw MixedModelError.notNumeric(source: source, column: name, term: e.label)
                    }
                    return v.doubles
                }
                if let row = firstRow(count: values.count, where: { values[$0].isInfinite }) {
                    throw MixedModelError.nonFinite(column: e.label, row: row + 1)
                }
                // NaN marks a missing value; a NaN that the transform made from values that
                // are all present (log or sqrt of a negative number, 0/0) is an error, not a
                // missing value to be dropped.
                if let row = firstRow(count: values.count, where: { values[$0].isNaN }) {
                    let inputs = e.variables.compactMap { name -> (String, Double)? in
                        guard let v = t.columns.first(where: { $0.name == name })?.numbers, row < v.count else { return nil }
                        return (name, v[row])
                    }
                    if inputs.count == e.variables.count, inputs.allSatisfy({ !$0.1.isNaN }) {
                        let shown = inputs.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
                        throw MixedModelError.undefinedValue(term: e.label, row: row + 1, inputs: shown)
                    }
                }
                result = .numeric(.doubles(values))
            } catch let error as MixedModelError {
                throw error
            } catch let error as FormulaError {
                throw .formula(error)
            } catch {
                throw .invalidArgument("\(e.label): \(error)")
            }
        }
        if case .categorical(let codes, let levels) = result,
           let reference = referenceLevels[e.label] ?? e.variables.first.flatMap({ referenceLevels[$0] }) {
            guard let at = levels.firstIndex(of: reference) else {
                throw .invalidArgument("reference level '\(reference)' is not a level of \(e.label) (levels: \(levels.joined(separator: ", ")))")
            }
            result = Self.moveLevelFirst(codes: codes, levels: levels, at: at)
        }
        cache[e] = result
        return result
    }

    /// A grouping expression evaluated for its missing rows: a categorical column as it is,
    /// without the check for numbers read as text (a grouping factor's levels are labels,
    /// and parsing each of the three million pupil identifiers of a national table as a
    /// number took three seconds a model), and anything else as `evaluate` gives it.
    mutating func evaluateGrouping(_ e: FormulaExpression) throws(MixedModelError) -> EvaluatedFactor {
        if case .variable(let name) = e, cache[e] == nil, case .categorical(let codes, let levels) = try column(name).storage {
            return .categorical(codes: codes, levels: levels)
        }
        return try evaluate(e)
    }

    /// Rejects a text column that is really numeric with a few stray cells: more than 20
    /// distinct numbers and under 1% of the filled cells not numbers. A genuine categorical
    /// column with number-like codes (`livch`: 0, 1, 2, 3+) has few distinct values and is
    /// left alone; a grouping factor never comes through here.
    private func checkNotMistypedNumeric(_ col: DataColumn, codes: [Int32], levels: [String]) throws(MixedModelError) {
        let numericLevel = levels.map { Double($0.trimmingCharacters(in: .whitespaces)) != nil }
        let numericDistinct = numericLevel.filter { $0 }.count
        guard numericDistinct > 20, numericDistinct < levels.count else { return }
        var filled = 0, bad = 0, firstBad = -1
        func count(_ row: Int) {
            let c = codes[row]
            guard c >= 0 else { return }
            filled += 1
            if !numericLevel[Int(c)] {
                bad += 1
                if firstBad < 0 { firstBad = row }
            }
        }
        if let rows { for row in rows { count(row) } } else { for row in codes.indices { count(row) } }
        guard bad * 100 < filled, firstBad >= 0 else { return }
        throw .nonNumericCell(source: table.source, column: col.name, row: firstBad + 1,
                              value: levels[Int(codes[firstBad])], count: bad)
    }

    /// The expression as a grouping factor: a column or `factor(column)`, with the levels of a
    /// numeric column sorted numerically and labelled as R prints them.
    mutating func factor(_ e: FormulaExpression) throws(MixedModelError) -> (codes: [Int32], levels: [String]) {
        let name: String
        switch e {
        case .variable(let v): name = v
        case .call(_, let args) where e.isFactorCall && args.count == 1:
            guard case .variable(let v) = args[0] else {
                throw .invalidArgument("grouping factor '\(e.label)' must be a column name")
            }
            name = v
        default:
            throw .invalidArgument("grouping factor '\(e.label)' must be a column name")
        }
        let f = try column(name).factor()
        return (f.codes, f.levels)
    }

    /// Reorders levels so that level `at` comes first (the treatment-contrast reference).
    static func moveLevelFirst(codes: [Int32], levels: [String], at: Int) -> EvaluatedFactor {
        var order = Array(levels.indices)
        order.remove(at: at)
        order.insert(at, at: 0)
        var newCode = Array(repeating: Int32(0), count: levels.count)
        for (new, old) in order.enumerated() { newCode[old] = Int32(new) }
        return .categorical(codes: codes.map { $0 < 0 ? $0 : newCode[Int($0)] }, levels: order.map { levels[$0] })
    }
}
