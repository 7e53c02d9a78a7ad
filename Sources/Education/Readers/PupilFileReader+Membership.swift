import DataTable

/// The pupil file's optional school-membership columns (Docs/data-format.md): `ks2_urn`, the
/// primary school of a KS4 pupil, and `school2_urn`, `school2_fraction`, `school3_urn`,
/// `school3_fraction`, further schools attended in the year with the fraction of the year
/// spent in each (the row's `urn` school has the rest). Each URN passes the shared URN
/// validator; a row is rejected, naming the column, for a fraction outside (0, 1), a URN
/// without its fraction or a fraction without its URN, a third school without a second,
/// fractions of further schools adding up to 1 or more (the main school must keep a share),
/// the same school listed twice, or a KS2 school on a KS2 record.
struct PupilMembershipColumns {
    let ks2: TypedColumn<URN>
    let urns: [TypedColumn<URN>]
    let fractions: [TypedColumn<Double>]

    init(_ f: CSVFields) {
        ks2 = f.urns("ks2_urn")
        urns = [f.urns("school2_urn"), f.urns("school3_urn")]
        fractions = [f.numbers("school2_fraction"), f.numbers("school3_fraction")]
    }

    /// The row's KS2 school and further schools; problems go to `problems`.
    func read(_ row: Int, _ problems: inout RowProblems, _ valid: inout Bool) -> (ks2: URN?, others: [SchoolMembership]) {
        let ks2School = problems.optional(ks2, row, &valid)
        var others: [SchoolMembership] = []
        var previousEmpty = false
        for (urnColumn, fractionColumn) in zip(urns, fractions) {
            let urn = problems.optional(urnColumn, row, &valid)
            let fraction = problems.optional(fractionColumn, row, &valid)
            let urnWritten = !urnColumn.text(row).isEmpty || urn != nil
            let fractionWritten = !fractionColumn.text(row).isEmpty || fraction != nil
            if let fraction, !(fraction > 0 && fraction < 1) {
                problems.add(fractionColumn.name, fractionColumn.text(row), .outOfRange,
                             "a fraction of the year must lie strictly between 0 and 1")
                valid = false
                continue
            }
            switch (urn, fraction) {
            case let (urn?, fraction?):
                if previousEmpty {
                    problems.add(urnColumn.name, urnColumn.text(row), .invalidValue,
                                 "\(urnColumn.name) is given but the school before it is empty: list further schools in order")
                    valid = false
                }
                others.append(SchoolMembership(school: urn, fraction: fraction))
            case (_?, nil) where !fractionWritten:
                problems.add(fractionColumn.name, "", .missingRequired,
                             "\(urnColumn.name) is given without its fraction of the year")
                valid = false
            case (nil, _?) where !urnWritten:
                problems.add(urnColumn.name, "", .missingRequired,
                             "\(fractionColumn.name) is given without its school")
                valid = false
            default:
                break
            }
            if !urnWritten && !fractionWritten { previousEmpty = true }
        }
        return (ks2School, others)
    }

    /// Rules tying the memberships to the rest of the record; problems go to `problems`.
    func check(_ row: Int, school: URN, keyStage: KeyStage, ks2School: URN?, others: [SchoolMembership],
               _ problems: inout RowProblems) {
        if ks2School != nil, keyStage != .ks4 {
            problems.add(ks2.name, ks2.text(row), .invalidValue, "a KS2 (primary) school belongs to a KS4 record")
        }
        let total = others.reduce(0) { $0 + $1.fraction }
        if total >= 1 {
            let column = fractions[others.count - 1]
            problems.add(column.name, column.text(row), .invalidValue,
                         "the further schools' fractions add up to \(total), leaving no share of the year for urn \(school)")
        }
        var seen: Set<URN> = [school]
        for (index, other) in others.enumerated() where !seen.insert(other.school).inserted {
            problems.add(urns[index].name, urns[index].text(row), .duplicate,
                         "school \(other.school) is listed twice for this pupil in the year")
        }
    }
}
