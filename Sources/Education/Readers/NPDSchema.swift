/// Column names of the three NPD-style input files, as documented in Docs/data-format.md.
/// Required columns must be in a file's header; optional columns may be absent (then every
/// value is missing). Other columns are ignored and listed in the read summary.
public enum NPDSchema {
    /// Pupil file: one row per pupil per end-of-key-stage cohort.
    public enum Pupil {
        public static let required = ["pupil", "year", "key_stage", "urn", "gender"]
        public static let optional = [
            "la", "ethnic", "fsm", "fsm_ever6", "eal", "sen", "idaci", "month_of_birth",
            "ks1_aps", "ks2_aps", "ks2_english_points", "ks2_maths_points", "ks2_level4_em",
            "ks2_reading_scaled", "ks2_maths_scaled", "ks2_writing_ta", "ks2_prior_group",
            "ks4_capped", "ks4_5ac_em", "ks4_attainment8",
            "sessions_possible", "sessions_authorised", "sessions_unauthorised",
            "ks2_urn", "school2_urn", "school2_fraction", "school3_urn", "school3_fraction",
        ]
    }

    /// School file: one row per school.
    public enum School {
        public static let required = ["urn", "la", "area", "phase"]
        public static let optional = ["name", "open_date"]
    }

    /// Support-record file: one row per spell of support involving a school.
    public enum Support {
        public static let required = ["urn", "kind", "role", "start_date"]
        public static let optional = [
            "record", "end_date", "days", "partner_urn", "partner_la", "cross_la", "cost", "programme",
        ]
    }
}
