/// The KS2 (end of primary school) part of a synthetic cohort: primary schools, the true LA
/// random intercepts of the KS2 models, and one row per pupil held as typed columns of equal
/// length. Generated with its `SyntheticCohort` when `NationalCohortSpecification.ks2` is set.
///
/// KS2 results are levels-era measures (before 2016): fine points in English and mathematics,
/// their average point score and level 4 or above in both (DfE, *National curriculum
/// assessments at key stage 2*). Pupils are ordered by school, schools by local authority.
/// The data are synthetic: no row describes a real pupil or school.
public struct SyntheticKS2Cohort: Sendable, Equatable {
    /// The specification the KS2 cohort was generated from.
    public let specification: KS2CohortSpecification
    /// Primary schools, ordered by local authority.
    public let schools: [SyntheticPrimarySchool]
    /// True LA random intercepts of the KS2 models, in the order of
    /// `SyntheticCohort.localAuthorities`.
    public let localAuthorityEffects: [KS2RandomEffects]

    /// Pupil identifier: continues after the KS4 pupils (KS4 count + 1 upwards).
    public internal(set) var pupil: [Int] = []
    /// School URN.
    public internal(set) var school: [Int] = []
    /// Local-authority code.
    public internal(set) var la: [Int] = []
    public internal(set) var area: [CohortArea] = []
    public internal(set) var support: [SupportCategory] = []
    public internal(set) var gender: [Gender] = []
    public internal(set) var fsm: [Bool] = []
    public internal(set) var eal: [Bool] = []
    public internal(set) var sen: [SENProvision] = []
    public internal(set) var ethnic: [EthnicGroup] = []
    /// IDACI score in [0, 1], three decimals; nil where missing.
    public internal(set) var idaci: [Double?] = []
    /// KS1 average point score (prior attainment), one decimal, in [3, 27]; nil where missing.
    public internal(set) var ks1APS: [Double?] = []
    /// KS2 average point score (fine points), one decimal, in [3, 39]: the mean of the English
    /// and mathematics fine points.
    public internal(set) var ks2APS: [Double] = []
    /// KS2 English fine points, one decimal, in [3, 39].
    public internal(set) var ks2English: [Double] = []
    /// KS2 mathematics fine points, one decimal, in [3, 39].
    public internal(set) var ks2Maths: [Double] = []
    /// Level 4 or above in both English and mathematics (at least 24 fine points in each).
    public internal(set) var ks2Level4EnglishAndMaths: [Bool] = []
    /// Possible sessions (half-days).
    public internal(set) var sessionsPossible: [Int] = []
    /// Sessions missed, authorised or not (overall absence).
    public internal(set) var sessionsAbsent: [Int] = []
    /// Unauthorised sessions missed (a subset of `sessionsAbsent`).
    public internal(set) var sessionsUnauthorised: [Int] = []

    init(specification: KS2CohortSpecification, schools: [SyntheticPrimarySchool], localAuthorityEffects: [KS2RandomEffects]) {
        self.specification = specification
        self.schools = schools
        self.localAuthorityEffects = localAuthorityEffects
    }

    /// Number of KS2 pupils (rows).
    public var count: Int { pupil.count }

    /// The lowest fine-point score of a level 4 in a subject: fine grades give the minimum level
    /// 4 mark 24.0 points and the midpoint between the level 4 and 5 thresholds 27.0 (National
    /// Strategies, *Evaluating school performance: fine grades*).
    public static let level4FinePoints = 24.0
}
