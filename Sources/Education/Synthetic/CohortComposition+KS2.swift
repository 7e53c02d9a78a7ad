/// Fixed constants that shape the primary schools and pupils of a synthetic KS2 cohort. Like
/// the rest of `CohortComposition` they are illustrative round numbers, not official
/// statistics; Docs/synthetic-cohort.md lists each with its basis. Pupil characteristics
/// (gender, ethnic group, EAL, SEN, IDACI) follow the KS4 constants.
extension CohortComposition {
    /// Log-normal spread of primary schools' KS2 cohort sizes: primaries range from a few
    /// pupils in small rural schools to three or four classes.
    static let primaryCohortSizeLogSD = 0.5
    /// Spread of primary schools' FSM rates on the logit scale within an LA (primaries, with
    /// smaller catchments, are more varied than secondaries).
    static let primaryFSMSchoolLogitSD = 0.7

    /// KS1 average point score model (level 2 = 15 points, 2c 13, 2a 17, one level = 6 points;
    /// DfE): base + shifts + school intake shift·(school FSM logit − national FSM logit)
    /// + N(0, sd²), rounded to one decimal and kept within [3, 27] (W to level 4).
    static let ks1Base = 16.8
    static let ks1FSMShift = -1.8
    static let ks1EALShift = -1.0
    static let ks1SENShift = (schoolAction: -2.5, schoolActionPlus: -4.0, statement: -6.0)
    static let ks1IDACIShift = -2.0
    static let ks1SchoolIntakeTilt = -0.6
    static let ks1ResidualSD = 3.2
    static let ks1Range = 3.0...27.0

    /// The range of KS2 fine points and average point scores (W = 3 to level 6 = 39).
    static let ks2FinePointsRange = 3.0...39.0
}
