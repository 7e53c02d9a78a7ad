import DataTable

/// Reads the school file (Docs/data-format.md): validates every row and keeps the first row of
/// each URN. A row is rejected for a missing or invalid value, a repeated URN, or an area that
/// differs from that of an earlier school in the same LA.
enum SchoolFileReader {
    struct Result {
        var schools: [School]
        /// URNs of rows that were rejected (so that pupils of those schools can be told apart
        /// from pupils of schools absent from the file).
        var rejectedURNs: Set<URN>
        var summary: FileReadSummary
    }

    static func read(_ table: DataTable) throws(NPDReadError) -> Result {
        let fields = try CSVFields(table, required: NPDSchema.School.required, optional: NPDSchema.School.optional)
        let urnColumn = fields.urns()
        let laColumn = fields.validated("la") { (value: Int) throws(DomainValueError) in try LocalAuthorityCode(value) }
        let areaColumn = fields.codes("area", as: Area.self)
        let phaseColumn = fields.codes("phase", as: SchoolPhase.self)
        let nameColumn = fields.strings("name")
        let openColumn = fields.dates("open_date")

        var schools: [School] = []
        var seen = Set<URN>()
        var rejectedURNs = Set<URN>()
        var areaOfLA: [LocalAuthorityCode: Area] = [:]
        var rejections: [RowRejection] = []
        for row in 0..<fields.rowCount {
            var problems = RowProblems()
            var valid = true
            let urn = problems.required(urnColumn, row)
            let la = problems.required(laColumn, row)
            let area = problems.required(areaColumn, row)
            let phase = problems.required(phaseColumn, row)
            let name = problems.optional(nameColumn, row, &valid)
            let openDate = problems.optional(openColumn, row, &valid)
            if let urn, seen.contains(urn) {
                problems.add("urn", urnColumn.text(row), .duplicate, "URN \(urn) already appears in an earlier row")
            }
            if let la, let area, let first = areaOfLA[la], first != area {
                problems.add(
                    "area", areaColumn.text(row), .areaConflict,
                    "an earlier school in LA \(la) is in area \(first.rawValue)")
            }
            guard problems.isEmpty, let urn, let la, let area, let phase else {
                if let urn, !seen.contains(urn) { rejectedURNs.insert(urn) }
                rejections.append(RowRejection(file: fields.file, row: row + 1, problems: problems.problems))
                continue
            }
            seen.insert(urn)
            rejectedURNs.remove(urn)
            if areaOfLA[la] == nil { areaOfLA[la] = area }
            schools.append(School(urn: urn, la: la, area: area, phase: phase, name: name, openDate: openDate))
        }
        return Result(
            schools: schools, rejectedURNs: rejectedURNs,
            summary: FileReadSummary(
                file: fields.file, rows: fields.rowCount, accepted: schools.count,
                rejections: rejections, ignoredColumns: fields.ignored))
    }
}
