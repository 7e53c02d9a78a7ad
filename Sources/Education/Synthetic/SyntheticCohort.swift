/// A synthetic National-Pupil-Database-style KS4 cohort: one row per pupil, held as typed
/// columns of equal length, plus the school and local-authority tables and the specification
/// (true parameters) that produced it. Create one with `SyntheticCohort.generate(_:)`; write it
/// with `csvText()` or `writeCSV(path:)`.
///
/// Pupils are ordered by school, schools by local authority. The data are synthetic: no row
/// describes a real pupil or school.
public struct SyntheticCohort: Sendable, Equatable {
    /// The specification the cohort was generated from.
    public let specification: NationalCohortSpecification
    /// Local authorities, in code order within area.
    public let localAuthorities: [SyntheticLocalAuthority]
    /// Schools, ordered by local authority.
    public let schools: [SyntheticSchool]

    /// Pupil identifier, 1...pupils.
    public internal(set) var pupil: [Int] = []
    /// School URN.
    public internal(set) var school: [Int] = []
    /// Local-authority code.
    public internal(set) var la: [Int] = []
    public internal(set) var area: [CohortArea] = []
    public internal(set) var support: [SupportCategory] = []
    public internal(set) var gender: [Gender] = []
    /// Eligible for free school meals.
    public internal(set) var fsm: [Bool] = []
    /// English as an additional language.
    public internal(set) var eal: [Bool] = []
    public internal(set) var sen: [SENProvision] = []
    public internal(set) var ethnic: [EthnicGroup] = []
    /// IDACI score in [0, 1], three decimals; nil where missing.
    public internal(set) var idaci: [Double?] = []
    /// KS2 average point score (prior attainment), one decimal; nil where missing.
    public internal(set) var ks2APS: [Double?] = []
    /// KS4 capped (best 8) point score in [0, 464], one decimal.
    public internal(set) var ks4Capped: [Double] = []
    /// Five or more A*–C grades including English and mathematics.
    public internal(set) var ks4FiveACEM: [Bool] = []
    /// Possible sessions (half-days).
    public internal(set) var sessionsPossible: [Int] = []
    /// Sessions missed, authorised or not (overall absence).
    public internal(set) var sessionsAbsent: [Int] = []
    /// Unauthorised sessions missed (a subset of `sessionsAbsent`).
    public internal(set) var sessionsUnauthorised: [Int] = []

    /// What the KS4 cohort's absence probabilities imply for the true support effects on
    /// unauthorised absence (see `ImpliedUnauthorisedEffect`).
    public internal(set) var impliedUnauthorisedEffect = ImpliedUnauthorisedEffect()

    /// URN of each pupil's KS2 (primary) school when `specification.feederPrimaries` is set;
    /// empty otherwise.
    public internal(set) var ks2School: [Int] = []
    /// The feeder primary schools with their true effects, when `specification.feederPrimaries`
    /// is set; empty otherwise.
    public internal(set) var feederPrimaries: [SyntheticFeederPrimary] = []
    /// Each pupil's second school (URN) and the fraction of the year spent there, when
    /// `specification.movers` is set (nil for a pupil who did not move); empty otherwise.
    public internal(set) var secondSchool: [SchoolMove?] = []

    /// The KS2 cohort in primary schools, when `specification.ks2` is set; nil otherwise. The
    /// columns above hold the KS4 cohort only.
    public internal(set) var ks2: SyntheticKS2Cohort?

    init(
        specification: NationalCohortSpecification,
        localAuthorities: [SyntheticLocalAuthority],
        schools: [SyntheticSchool]
    ) {
        self.specification = specification
        self.localAuthorities = localAuthorities
        self.schools = schools
    }

    /// Number of KS4 pupils (rows of the columns above).
    public var count: Int { pupil.count }

    /// CSV column names of this cohort, in output order: `columnNames`, then `ks2_school`
    /// when the cohort has feeder primaries.
    public var csvColumnNames: [String] { ks2School.isEmpty ? Self.columnNames : Self.columnNames + ["ks2_school"] }

    /// CSV column names, in output order.
    public static let columnNames = [
        "pupil", "school", "la", "area", "support", "gender", "fsm", "eal", "sen", "ethnic",
        "idaci", "ks2_aps", "ks4_capped", "ks4_5ac_em",
        "sessions_possible", "sessions_absent", "sessions_unauthorised",
    ]
}

/// A synthetic pupil's second school in the year and the fraction of the year spent there
/// (see `MoverSpecification`).
public struct SchoolMove: Sendable, Equatable, Codable {
    public var urn: Int
    public var fraction: Double
}
