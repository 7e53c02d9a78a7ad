import DataTable

/// The analysis-table columns the evaluation reads for every model, read once.
struct EvaluationColumns: Sendable {
    let keyStage: [Double]
    let year: [Double]
    let school: [Double]
    let area: [Area?]
    let support: [String?]
    let sessionsPossible: [Double]?

    init(table: DataTable, design: EvaluationDesign) throws(EvaluationError) {
        func numeric(_ name: String) throws(EvaluationError) -> [Double] {
            let column: DataColumn
            do { column = try table.column(name) } catch { throw .table(error.description) }
            guard let values = column.numericValues else { throw .table("column '\(name)' must be numeric") }
            return values
        }
        func labels(_ name: String) throws(EvaluationError) -> [String?] {
            let column: DataColumn
            do { column = try table.column(name) } catch { throw .table(error.description) }
            let factor = column.factor()
            return factor.codes.map { $0 >= 0 ? factor.levels[Int($0)] : nil }
        }
        keyStage = try numeric("key_stage")
        year = try numeric("year")
        school = try numeric("school")
        area = try labels("area").map { $0.flatMap(Area.init(rawValue:)) }
        support = try labels("support")
        sessionsPossible = table.hasColumn("sessions_possible") ? try numeric("sessions_possible") : nil
        var needed = Set(design.controls)
        for outcome in design.outcomes {
            needed.formUnion(outcome.responseColumns)
            needed.insert(outcome.priorAttainmentColumn(absenceKeyStage: design.absenceKeyStage))
        }
        needed.formUnion(design.levels.groupingColumns)
        let missing = needed.filter { !table.hasColumn($0) }.sorted()
        guard missing.isEmpty else {
            throw .table("column\(missing.count == 1 ? "" : "s") " + missing.map { "'\($0)'" }.joined(separator: ", ")
                + " needed by the design \(missing.count == 1 ? "is" : "are") missing")
        }
        try Self.checkMembershipColumns(table, design)
    }

    /// The primary-school and movers designs need their columns, which the analysis table
    /// has only when some pupil has a value; asked for without them, the run stops here
    /// rather than fitting models that are not what the design says.
    static func checkMembershipColumns(_ table: DataTable, _ design: EvaluationDesign) throws(EvaluationError) {
        let ks4 = design.outcomes.contains { $0.keyStage(absenceKeyStage: design.absenceKeyStage) == .ks4 }
        guard ks4 else { return }
        if design.primaryEffects && !table.hasColumn("ks2_urn") {
            throw .table("the design asks for primary-school effects (primaryEffects, --primary-school), but no pupil "
                + "has a ks2_urn (the KS4 pupil's primary school, Docs/data-format.md)")
        }
        if design.movers {
            let missing = NPDDataSet.membershipColumnNames.dropFirst().filter { !table.hasColumn($0) }
            guard missing.isEmpty else {
                throw .table("the design asks for multiple membership (movers, --movers), but no pupil has a school2_urn "
                    + "with its school2_fraction (further schools in the year, Docs/data-format.md); missing: "
                    + missing.joined(separator: ", "))
            }
        }
    }

    /// Whether `row` of `column` is missing (NaN, or a negative factor code).
    static func missingMask(_ column: DataColumn) -> [Bool] {
        switch column.storage {
        case let .numeric(values): values.map(\.isNaN)
        case let .categorical(codes, levels): codes.map { $0 < 0 || Int($0) >= levels.count }
        }
    }

    /// The most common value of `values` at `rows` (the smallest on ties); nil when none.
    static func mode(_ values: [Double], rows: [Int]) -> Double? {
        var counts: [Double: Int] = [:]
        for row in rows where values[row].isFinite { counts[values[row], default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}
