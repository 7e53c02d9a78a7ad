import DataTable
@testable import Education

/// Small in-memory files in the documented schema, and functions that read them.
enum ReaderFixtures {
    static let schoolHeader = ["urn", "la", "area", "phase", "name"]
    static let schoolRows: [[String]] = [
        ["100001", "201", "london", "secondary", "Alpha"],
        ["100002", "332", "black_country", "primary", "Beta"],
        ["100003", "352", "greater_manchester", "secondary", "NA"],
    ]

    static let pupilHeader = [
        "pupil", "year", "key_stage", "urn", "la", "gender", "ethnic", "fsm", "fsm_ever6", "eal", "sen", "idaci",
        "month_of_birth", "ks1_aps", "ks2_aps", "ks2_english_points", "ks2_maths_points", "ks2_level4_em",
        "ks2_reading_scaled", "ks2_maths_scaled", "ks4_capped", "ks4_5ac_em", "ks4_attainment8",
        "sessions_possible", "sessions_authorised", "sessions_unauthorised",
    ]
    /// A valid KS4 pupil in 2010 at school 100001.
    static let ks4Pupil: [String: String] = [
        "pupil": "P1", "year": "2010", "key_stage": "4", "urn": "100001", "la": "201", "gender": "F",
        "ethnic": "WBRI", "fsm": "0", "fsm_ever6": "1", "eal": "0", "sen": "none", "idaci": "0.25",
        "month_of_birth": "9", "ks1_aps": "NA", "ks2_aps": "27.5", "ks2_english_points": "28",
        "ks2_maths_points": "27", "ks2_level4_em": "1", "ks2_reading_scaled": "NA", "ks2_maths_scaled": "NA",
        "ks4_capped": "352", "ks4_5ac_em": "1", "ks4_attainment8": "NA",
        "sessions_possible": "320", "sessions_authorised": "10", "sessions_unauthorised": "2",
    ]
    /// A valid KS2 pupil in 2017 at school 100002 (scaled scores).
    static let ks2Pupil: [String: String] = [
        "pupil": "Q1", "year": "2017", "key_stage": "2", "urn": "100002", "la": "NA", "gender": "M",
        "ethnic": "ASIA", "fsm": "1", "fsm_ever6": "1", "eal": "1", "sen": "sen_support", "idaci": "0.5",
        "month_of_birth": "8", "ks1_aps": "15", "ks2_aps": "NA", "ks2_english_points": "NA",
        "ks2_maths_points": "NA", "ks2_level4_em": "NA", "ks2_reading_scaled": "104", "ks2_maths_scaled": "99",
        "ks4_capped": "NA", "ks4_5ac_em": "NA", "ks4_attainment8": "NA",
        "sessions_possible": "NA", "sessions_authorised": "NA", "sessions_unauthorised": "NA",
    ]

    static let supportHeader = [
        "record", "urn", "kind", "role", "start_date", "end_date", "days", "partner_urn", "partner_la", "cross_la",
        "cost", "programme",
    ]
    /// A valid NLE deployment received by school 100001 from a school in another LA.
    static let supportRecord: [String: String] = [
        "record": "R1", "urn": "100001", "kind": "nle", "role": "receiving", "start_date": "2009-01-05",
        "end_date": "2010-12-31", "days": "60", "partner_urn": "100003", "partner_la": "352", "cross_la": "1",
        "cost": "18000", "programme": "NA",
    ]

    static func csv(_ header: [String], _ rows: [[String]]) -> [UInt8] {
        let lines = [header.joined(separator: ",")] + rows.map { $0.joined(separator: ",") }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func row(_ base: [String: String], _ header: [String], _ changes: [String: String] = [:]) -> [String] {
        header.map { changes[$0] ?? base[$0] ?? "NA" }
    }

    static func table(_ bytes: [UInt8], _ source: String) throws -> DataTable {
        try DataTable.parseCSV(bytes, source: source)
    }

    /// Reads files built from rows; pupils and support default to one valid row each.
    static func read(
        schools: [[String]] = schoolRows,
        pupils: [[String]]? = nil,
        support: [[String]]? = nil
    ) throws -> NPDDataSet {
        let pupilRows = pupils ?? [row(ks4Pupil, pupilHeader)]
        let supportRows = support ?? [row(supportRecord, supportHeader)]
        return try NPDDataSet.read(
            pupils: table(csv(pupilHeader, pupilRows), "pupils.csv"),
            schools: table(csv(schoolHeader, schools), "schools.csv"),
            support: table(csv(supportHeader, supportRows), "support.csv"))
    }
}
