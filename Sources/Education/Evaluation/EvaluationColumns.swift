import DataTable

/// The analysis-table columns the evaluation reads for every model, read once: the table's
/// own numbers (not copies in doubles) and the support labels by code.
struct EvaluationColumns: Sendable {
    let keyStage: NumericValues
    let year: NumericValues
    let school: NumericValues
    let area: [Area?]
    let support: Labels
    let sessionsPossible: NumericValues?

    /// A categorical column's label by row (nil when missing), held as codes and levels: a
    /// label per row would be sixteen bytes a row.
    struct Labels: Sendable {
        let codes: [Int32]
        let levels: [String]

        subscript(row: Int) -> String? {
            let code = Int(codes[row])
            return code >= 0 && code < levels.count ? levels[code] : nil
        }

        /// The labels of `rows`, in that order.
        func selecting(_ rows: [Int]) -> Labels { Labels(codes: rows.map { codes[$0] }, levels: levels) }
    }

    init(table: DataTable, design: EvaluationDesign) throws(EvaluationError) {
        func numeric(_ name: String) throws(EvaluationError) -> NumericValues {
            let column: DataColumn
            do { column = try table.column(name) } catch { throw .table(error.description) }
            guard let values = column.numbers else { throw .table("column '\(name)' must be numeric") }
            return values
        }
        func labels(_ name: String) throws(EvaluationError) -> Labels {
            let column: DataColumn
            do { column = try table.column(name) } catch { throw .table(error.description) }
            let factor = column.factor()
            return Labels(codes: factor.codes, levels: factor.levels)
        }
        keyStage = try numeric("key_stage")
        year = try numeric("year")
        school = try numeric("school")
        let areas = try labels("area")
        let areaOfLevel = areas.levels.map(Area.init(rawValue:))
        area = areas.codes.map { $0 >= 0 && Int($0) < areaOfLevel.count ? areaOfLevel[Int($0)] : nil }
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

    /// The most common value of `values` at `rows` (the smallest on ties); nil when none.
    static func mode<Values: RandomAccessCollection<Double>>(_ values: Values, rows: [Int]) -> Double? where Values.Index == Int {
        var counts: [Double: Int] = [:]
        for row in rows where values[row].isFinite { counts[values[row], default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}
