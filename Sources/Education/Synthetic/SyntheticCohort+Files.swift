import Foundation

extension SyntheticCohort {
    /// Columns of the pupil file written by `pupilFileBytes()`: a subset of the documented
    /// pupil-file schema (Docs/data-format.md, `NPDSchema.Pupil`).
    public static let pupilFileColumns = [
        "pupil", "year", "key_stage", "urn", "la", "gender", "ethnic", "fsm", "eal", "sen", "idaci",
        "ks2_aps", "ks4_capped", "ks4_5ac_em", "sessions_possible", "sessions_authorised", "sessions_unauthorised",
    ]
    /// Columns appended to the pupil file when the cohort has a KS2 part: the KS1 prior
    /// attainment and the KS2 levels-era results besides `ks2_aps` (NA on KS4 rows).
    public static let ks2PupilFileColumns = ["ks1_aps", "ks2_english_points", "ks2_maths_points", "ks2_level4_em"]
    /// Columns of the school file written by `schoolFileBytes()`.
    public static let schoolFileColumns = ["urn", "la", "area", "phase"]
    /// Columns of the support-record file written by `supportFileBytes()`.
    public static let supportFileColumns = [
        "record", "urn", "kind", "role", "start_date", "end_date", "days", "partner_urn", "partner_la", "cost", "programme",
    ]

    /// The pupil file (Docs/data-format.md): one row per pupil, KS4 in the specification's
    /// academic year, with authorised absence written as overall minus unauthorised absence.
    ///
    /// With a KS2 cohort the header gains `ks2PupilFileColumns` (NA on KS4 rows, whose other
    /// cells are unchanged) and the KS2 rows (`key_stage` 2) follow the KS4 rows: `ks1_aps`,
    /// `ks2_aps`, `ks2_english_points`, `ks2_maths_points` and `ks2_level4_em`, with the KS4
    /// columns NA.
    public func pupilFileBytes() -> [UInt8] {
        let ks2Count = ks2?.count ?? 0
        var out = CSVByteBuffer(reservingCapacity: 512 + count * 132 + ks2Count * 132)
        header(Self.pupilFileColumns + (ks2 == nil ? [] : Self.ks2PupilFileColumns), into: &out)
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
            if ks2 != nil {
                for _ in Self.ks2PupilFileColumns { out.comma(); out.missing() }
            }
            out.newline()
        }
        if let ks2 {
            for row in 0..<ks2.count {
                out.integer(ks2.pupil[row]); out.comma()
                out.integer(year); out.comma()
                out.integer(KeyStage.ks2.rawValue); out.comma()
                out.integer(ks2.school[row]); out.comma()
                out.integer(ks2.la[row]); out.comma()
                out.quoted(ks2.gender[row].rawValue); out.comma()
                out.quoted(ks2.ethnic[row].rawValue); out.comma()
                out.flag(ks2.fsm[row]); out.comma()
                out.flag(ks2.eal[row]); out.comma()
                out.quoted(ks2.sen[row].rawValue); out.comma()
                out.fixed(ks2.idaci[row], decimals: 3); out.comma()
                out.fixed(ks2.ks2APS[row], decimals: 1); out.comma()
                out.missing(); out.comma()
                out.missing(); out.comma()
                out.integer(ks2.sessionsPossible[row]); out.comma()
                out.integer(ks2.sessionsAbsent[row] - ks2.sessionsUnauthorised[row]); out.comma()
                out.integer(ks2.sessionsUnauthorised[row]); out.comma()
                out.fixed(ks2.ks1APS[row], decimals: 1); out.comma()
                out.fixed(ks2.ks2English[row], decimals: 1); out.comma()
                out.fixed(ks2.ks2Maths[row], decimals: 1); out.comma()
                out.flag(ks2.ks2Level4EnglishAndMaths[row])
                out.newline()
            }
        }
        return out.bytes
    }

    /// The school file (Docs/data-format.md): every secondary school, phase `secondary`, then
    /// with a KS2 cohort every primary school, phase `primary`.
    public func schoolFileBytes() -> [UInt8] {
        var out = CSVByteBuffer(reservingCapacity: 64 + (schools.count + (ks2?.schools.count ?? 0)) * 40)
        header(Self.schoolFileColumns, into: &out)
        for school in schools {
            out.integer(school.urn); out.comma()
            out.integer(school.la); out.comma()
            out.quoted(school.area.rawValue); out.comma()
            out.quoted(SchoolPhase.secondary.rawValue)
            out.newline()
        }
        for school in ks2?.schools ?? [] {
            out.integer(school.urn); out.comma()
            out.integer(school.la); out.comma()
            out.quoted(school.area.rawValue); out.comma()
            out.quoted(SchoolPhase.primary.rawValue)
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
            try Self.write(Data(bytes), to: path)
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
