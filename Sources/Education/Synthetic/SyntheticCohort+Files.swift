import DataTable
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
    /// Column appended to the pupil file when the cohort has feeder primaries: the KS4
    /// pupil's primary school (NA on KS2 rows).
    public static let feederPupilFileColumns = ["ks2_urn"]
    /// Columns appended to the pupil file when the cohort has movers: the second school and
    /// the fraction of the year there (NA for pupils who did not move and on KS2 rows).
    public static let moverPupilFileColumns = ["school2_urn", "school2_fraction"]
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
    /// columns NA. With feeder primaries the header then gains `ks2_urn`, and with movers
    /// `school2_urn` and `school2_fraction`.
    public func pupilFileBytes() -> [UInt8] {
        let ks2Count = ks2?.count ?? 0
        let hasFeeders = !ks2School.isEmpty, hasMovers = !secondSchool.isEmpty
        var out = CSVWriter(
            columns: Self.pupilFileColumns + (ks2 == nil ? [] : Self.ks2PupilFileColumns)
                + (hasFeeders ? Self.feederPupilFileColumns : []) + (hasMovers ? Self.moverPupilFileColumns : []),
            reservingCapacity: 512 + count * 132 + ks2Count * 132)
        let year = specification.academicYear.endYear
        for row in 0..<count {
            out.integer(pupil[row])
            out.integer(year)
            out.integer(KeyStage.ks4.rawValue)
            out.integer(school[row])
            out.integer(la[row])
            out.text(gender[row].rawValue)
            out.text(ethnic[row].rawValue)
            out.integer(fsm[row] ? 1 : 0)
            out.integer(eal[row] ? 1 : 0)
            out.text(sen[row].rawValue)
            out.number(idaci[row], roundedTo: 3)
            out.number(ks2APS[row], roundedTo: 1)
            out.number(ks4Capped[row], roundedTo: 1)
            out.integer(ks4FiveACEM[row] ? 1 : 0)
            out.integer(sessionsPossible[row])
            out.integer(sessionsAbsent[row] - sessionsUnauthorised[row])
            out.integer(sessionsUnauthorised[row])
            if ks2 != nil {
                for _ in Self.ks2PupilFileColumns { out.missing() }
            }
            if hasFeeders { out.integer(ks2School[row]) }
            if hasMovers {
                out.integer(secondSchool[row]?.urn)
                out.number(secondSchool[row]?.fraction, roundedTo: 2)
            }
            out.endRow()
        }
        if let ks2 {
            for row in 0..<ks2.count {
                out.integer(ks2.pupil[row])
                out.integer(year)
                out.integer(KeyStage.ks2.rawValue)
                out.integer(ks2.school[row])
                out.integer(ks2.la[row])
                out.text(ks2.gender[row].rawValue)
                out.text(ks2.ethnic[row].rawValue)
                out.integer(ks2.fsm[row] ? 1 : 0)
                out.integer(ks2.eal[row] ? 1 : 0)
                out.text(ks2.sen[row].rawValue)
                out.number(ks2.idaci[row], roundedTo: 3)
                out.number(ks2.ks2APS[row], roundedTo: 1)
                out.missing()
                out.missing()
                out.integer(ks2.sessionsPossible[row])
                out.integer(ks2.sessionsAbsent[row] - ks2.sessionsUnauthorised[row])
                out.integer(ks2.sessionsUnauthorised[row])
                out.number(ks2.ks1APS[row], roundedTo: 1)
                out.number(ks2.ks2English[row], roundedTo: 1)
                out.number(ks2.ks2Maths[row], roundedTo: 1)
                out.integer(ks2.ks2Level4EnglishAndMaths[row] ? 1 : 0)
                if hasFeeders { out.missing() }
                if hasMovers { out.missing(); out.missing() }
                out.endRow()
            }
        }
        return out.bytes
    }

    /// The school file (Docs/data-format.md): every secondary school, phase `secondary`, then
    /// with a KS2 cohort every primary school, phase `primary`.
    public func schoolFileBytes() -> [UInt8] {
        var out = CSVWriter(
            columns: Self.schoolFileColumns, reservingCapacity: 64 + (schools.count + (ks2?.schools.count ?? 0)) * 40)
        for school in schools {
            out.integer(school.urn)
            out.integer(school.la)
            out.text(school.area.rawValue)
            out.text(SchoolPhase.secondary.rawValue)
            out.endRow()
        }
        for school in ks2?.schools ?? [] {
            out.integer(school.urn)
            out.integer(school.la)
            out.text(school.area.rawValue)
            out.text(SchoolPhase.primary.rawValue)
            out.endRow()
        }
        return out.bytes
    }

    /// The support-record file (Docs/data-format.md) of `supportRecords()`, whose error it throws.
    public func supportFileBytes() throws(DomainValueError) -> [UInt8] {
        Self.supportFileBytes(try supportRecords())
    }

    /// The support-record file (Docs/data-format.md) of `records`.
    static func supportFileBytes(_ records: [SupportRecord]) -> [UInt8] {
        var out = CSVWriter(columns: Self.supportFileColumns, reservingCapacity: 128 + records.count * 120)
        for record in records {
            out.text(record.id)
            out.integer(record.school.value)
            out.text(record.kind.rawValue)
            out.text(record.role.rawValue)
            out.text(record.start.description)
            out.text(record.end?.description)
            out.number(record.days, roundedTo: 1)
            out.integer(record.partner?.value)
            out.integer(record.partnerLA?.value)
            out.number(record.cost, roundedTo: 2)
            out.text(record.programme)
            out.endRow()
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
        let support: [UInt8]
        do { support = try supportFileBytes() } catch {
            throw .invalidRecord(path: paths.support, reason: error.description)
        }
        for (path, bytes) in [
            (paths.schools, schoolFileBytes()), (paths.support, support), (paths.pupils, pupilFileBytes()),
        ] {
            try Self.write(Data(bytes), to: path)
        }
        return paths
    }
}
