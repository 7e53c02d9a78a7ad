import Foundation

extension SyntheticCohort {
    /// Columns of the pupil file written by `pupilFileBytes()`: a subset of the documented
    /// pupil-file schema (Docs/data-format.md, `NPDSchema.Pupil`).
    public static let pupilFileColumns = [
        "pupil", "year", "key_stage", "urn", "la", "gender", "ethnic", "fsm", "eal", "sen", "idaci",
        "ks2_aps", "ks4_capped", "ks4_5ac_em", "sessions_possible", "sessions_authorised", "sessions_unauthorised",
    ]
    /// Columns of the school file written by `schoolFileBytes()`.
    public static let schoolFileColumns = ["urn", "la", "area", "phase"]
    /// Columns of the support-record file written by `supportFileBytes()`.
    public static let supportFileColumns = [
        "record", "urn", "kind", "role", "start_date", "end_date", "days", "partner_urn", "partner_la", "cost", "programme",
    ]

    /// The pupil file (Docs/data-format.md): one row per pupil, KS4 in the specification's
    /// academic year, with authorised absence written as overall minus unauthorised absence.
    public func pupilFileBytes() -> [UInt8] {
        var out = CSVByteBuffer(reservingCapacity: 512 + count * 120)
        header(Self.pupilFileColumns, into: &out)
        let year = specification.academicYear.endYear
        for row in 0..<count {
            out.integer(pupil[row]); out.comma()
            out.integer(year); out.comma()
            out.integer(KeyStage.ks4.rawValue); out.comma()
            out.integer(school[row]); out.comma()
            out.integer(la[row]); out.comma()
            out.quoted(gender[row].rawValue); out.comma()
            out.quoted(ethnic[row].rawValue); out.comma()
            out.flag(fsm[row]); out.comma()
            out.flag(eal[row]); out.comma()
            out.quoted(sen[row].rawValue); out.comma()
            out.fixed(idaci[row], decimals: 3); out.comma()
            out.fixed(ks2APS[row], decimals: 1); out.comma()
            out.fixed(ks4Capped[row], decimals: 1); out.comma()
            out.flag(ks4FiveACEM[row]); out.comma()
            out.integer(sessionsPossible[row]); out.comma()
            out.integer(sessionsAbsent[row] - sessionsUnauthorised[row]); out.comma()
            out.integer(sessionsUnauthorised[row])
            out.newline()
        }
        return out.bytes
    }

    /// The school file (Docs/data-format.md): every school, phase `secondary`.
    public func schoolFileBytes() -> [UInt8] {
        var out = CSVByteBuffer(reservingCapacity: 64 + schools.count * 40)
        header(Self.schoolFileColumns, into: &out)
        for school in schools {
            out.integer(school.urn); out.comma()
            out.integer(school.la); out.comma()
            out.quoted(school.area.rawValue); out.comma()
            out.quoted(SchoolPhase.secondary.rawValue)
            out.newline()
        }
        return out.bytes
    }

    /// The support-record file (Docs/data-format.md) of `supportRecords()`.
    public func supportFileBytes() -> [UInt8] {
        let records = supportRecords()
        var out = CSVByteBuffer(reservingCapacity: 128 + records.count * 120)
        header(Self.supportFileColumns, into: &out)
        for record in records {
            if let id = record.id { out.quoted(id) } else { out.missing() }
            out.comma()
            out.integer(record.school.value); out.comma()
            out.quoted(record.kind.rawValue); out.comma()
            out.quoted(record.role.rawValue); out.comma()
            out.quoted(record.start.description); out.comma()
            if let end = record.end { out.quoted(end.description) } else { out.missing() }
            out.comma()
            out.fixed(record.days, decimals: 1); out.comma()
            if let partner = record.partner { out.integer(partner.value) } else { out.missing() }
            out.comma()
            if let partnerLA = record.partnerLA { out.integer(partnerLA.value) } else { out.missing() }
            out.comma()
            out.fixed(record.cost, decimals: 2); out.comma()
            if let programme = record.programme { out.quoted(programme) } else { out.missing() }
            out.newline()
        }
        return out.bytes
    }

    /// Writes `pupils.csv`, `schools.csv` and `support.csv` into `directory` (which must
    /// exist), replacing existing files, and returns their paths.
    @discardableResult
    public func writeFiles(directory: String) throws(CohortWriteError) -> (pupils: String, schools: String, support: String) {
        let base = URL(fileURLWithPath: directory)
        let paths = (
            pupils: base.appendingPathComponent("pupils.csv").path,
            schools: base.appendingPathComponent("schools.csv").path,
            support: base.appendingPathComponent("support.csv").path
        )
        for (path, bytes) in [
            (paths.schools, schoolFileBytes()), (paths.support, supportFileBytes()), (paths.pupils, pupilFileBytes()),
        ] {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
        return paths
    }

    private func header(_ names: [String], into out: inout CSVByteBuffer) {
        for (index, name) in names.enumerated() {
            if index > 0 { out.comma() }
            out.quoted(name)
        }
        out.newline()
    }
}
