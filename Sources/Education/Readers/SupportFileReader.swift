import DataTable

/// Reads the support-record file (Docs/data-format.md): validates every row against the
/// domain rules of `SupportRecord` and joins it to the accepted schools. A row is rejected for a
/// missing or invalid value, an end before the start, more days than the spell has, a partner
/// that is the school itself, a `cross_la` flag that contradicts `partner_la`, or a school
/// that is not (or not validly) in the school file.
/// `rows` gives the 1-based data row of each accepted record, so that later checks (the
/// recorded-cost analysis) can name the row.
enum SupportFileReader {
    static func read(
        _ table: DataTable, schools: [URN: School], rejectedSchools: Set<URN>
    ) throws(NPDReadError) -> (records: [SupportRecord], rows: [Int], summary: FileReadSummary) {
        let fields = try CSVFields(table, required: NPDSchema.Support.required, optional: NPDSchema.Support.optional)
        let urnColumn = fields.urns()
        let kindColumn = fields.codes("kind", as: SupportKind.self)
        let roleColumn = fields.codes("role", as: SupportRole.self)
        let startColumn = fields.dates("start_date")
        let endColumn = fields.dates("end_date")
        let recordColumn = fields.strings("record")
        let daysColumn = fields.numbers("days")
        let partnerColumn = fields.validated("partner_urn") { (value: Int) throws(DomainValueError) in
            do { return try URN(value) } catch {
                throw .outOfRange(field: "partner_urn", value: String(value), allowed: "100000...999999")
            }
        }
        let partnerLAColumn = fields.validated("partner_la") { (value: Int) throws(DomainValueError) in
            do { return try LocalAuthorityCode(value) } catch {
                throw .outOfRange(field: "partner_la", value: String(value), allowed: "100...99999")
            }
        }
        let crossColumn = fields.flags("cross_la")
        let costColumn = fields.numbers("cost")
        let programmeColumn = fields.strings("programme")
        let byName: [String: TypedColumnText] = [
            "end_date": endColumn.text, "days": daysColumn.text, "cost": costColumn.text,
            "partner_urn": partnerColumn.text, "start_date": startColumn.text,
        ]

        var records: [SupportRecord] = []
        var acceptedRows: [Int] = []
        var rejections: [RowRejection] = []
        for row in 0..<fields.rowCount {
            var problems = RowProblems()
            var valid = true
            let urn = problems.required(urnColumn, row)
            let kind = problems.required(kindColumn, row)
            let role = problems.required(roleColumn, row)
            let start = problems.required(startColumn, row)
            let end = problems.optional(endColumn, row, &valid)
            let id = problems.optional(recordColumn, row, &valid)
            let days = problems.optional(daysColumn, row, &valid)
            let partner = problems.optional(partnerColumn, row, &valid)
            let partnerLA = problems.optional(partnerLAColumn, row, &valid)
            let crossLA = problems.optional(crossColumn, row, &valid)
            let cost = problems.optional(costColumn, row, &valid)
            let programme = problems.optional(programmeColumn, row, &valid)

            var record: SupportRecord?
            if problems.isEmpty, let urn, let kind, let role, let start {
                do throws(DomainValueError) {
                    record = try SupportRecord(
                        id: id, school: urn, kind: kind, role: role, start: start, end: end, days: days,
                        partner: partner, partnerLA: partnerLA, crossLA: crossLA, cost: cost, programme: programme)
                } catch {
                    problems.add(error) { name in byName[name]?(row) ?? "" }
                }
            }
            if let record {
                if let school = schools[record.school] {
                    if let partnerLA, let crossLA, crossLA != (partnerLA != school.la) {
                        problems.add(
                            "cross_la", crossColumn.text(row), .crossLAContradiction,
                            "cross_la is \(crossLA ? 1 : 0) but partner LA \(partnerLA) "
                                + (partnerLA == school.la ? "is" : "is not") + " the school's LA \(school.la)")
                    }
                } else if rejectedSchools.contains(record.school) {
                    problems.add("urn", urnColumn.text(row), .schoolRejected, "the school's row in the school file was rejected")
                } else {
                    problems.add("urn", urnColumn.text(row), .unknownSchool, "school \(record.school) is not in the school file")
                }
            }
            guard problems.isEmpty, let record else {
                rejections.append(RowRejection(file: fields.file, row: row + 1, problems: problems.problems))
                continue
            }
            records.append(record)
            acceptedRows.append(row + 1)
        }
        return (records, acceptedRows, FileReadSummary(
            file: fields.file, rows: fields.rowCount, accepted: records.count,
            rejections: rejections, ignoredColumns: fields.ignored))
    }
}

/// A column's text accessor, for naming the value of a cell that a record-level check faults.
typealias TypedColumnText = (Int) -> String
