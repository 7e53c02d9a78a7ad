/// Everything that determines the KS2 (end of primary school) part of a synthetic cohort: its
/// size and the true parameters of its outcome models. Set it as
/// `NationalCohortSpecification.ks2` to generate a KS2 cohort in primary schools beside the
/// KS4 cohort; left `nil` (the default), no KS2 pupil is generated and the KS4 output is exactly
/// as before.
///
/// Defaults describe a national KS2 cohort in England: about 600,000 pupils in about 16,000
/// primary schools (DfE, *National curriculum assessments at key stage 2*; mean cohort 37.5
/// pupils), in the local authorities of the KS4 cohort. The KS2 cohort draws from its own
/// seeded streams, so adding it changes no KS4 value. The models are documented on
/// `LinearOutcomeModel.ks2APSDefault`, `CountOutcomeModel.ks2TotalAbsenceDefault` and
/// `CountOutcomeModel.ks2UnauthorisedShareDefault`, and in Docs/synthetic-cohort.md.
public struct KS2CohortSpecification: Sendable, Equatable, Codable {
    /// Number of KS2 pupils. Default 600,000.
    public var pupils: Int = 600_000
    /// Number of primary schools. Default 16,000.
    public var schools: Int = 16_000

    /// KS2 average point score: three-level linear model whose prior-attainment coefficient
    /// (`OutcomeCoefficients.ks2APS`) multiplies the KS1 average point score.
    public var attainment: LinearOutcomeModel = .ks2APSDefault
    /// Total absence of the KS2 cohort out of possible sessions (prior attainment: KS1 APS).
    public var absence: CountOutcomeModel = .ks2TotalAbsenceDefault
    /// Unauthorised absence out of absent sessions (prior attainment: KS1 APS).
    public var unauthorisedShare: CountOutcomeModel = .ks2UnauthorisedShareDefault

    /// Standard deviation of the difference between a pupil's English and mathematics fine
    /// points around their average point score. Default 1.5 points (a quarter of a level).
    public var subjectSD: Double = 1.5
    /// Share of KS2 pupils with no KS1 record (written as NA), missing completely at random.
    /// Default 0.03.
    public var missingKS1Rate: Double = 0.03

    /// A national-size KS2 specification (600,000 pupils in 16,000 primary schools), optionally
    /// resized.
    public init(pupils: Int = 600_000, schools: Int = 16_000) {
        self.pupils = pupils
        self.schools = schools
    }

    /// The national KS2 cohort: 600,000 pupils in 16,000 primary schools.
    public static let national = KS2CohortSpecification()

    /// The first URN given to a primary school when there are `secondarySchools` secondaries:
    /// 200001, or the URN after the last secondary if secondaries reach that far.
    static func firstURN(secondarySchools: Int) -> Int { max(200_001, 100_001 + secondarySchools) }

    /// Checks counts and parameters; `localAuthorities` and `secondarySchools` come from the
    /// enclosing specification. Names in errors start with `ks2.`.
    func validate(localAuthorities: Int, secondarySchools: Int) throws(CohortSpecificationError) {
        for (name, value) in [("ks2.pupils", pupils), ("ks2.schools", schools)] {
            guard value > 0 else { throw .nonPositiveCount(name: name, value: value) }
        }
        guard pupils <= NationalCohortSpecification.maximumPupils else {
            throw .countTooLarge(name: "ks2.pupils", value: pupils, limit: NationalCohortSpecification.maximumPupils)
        }
        let urnLimit = 999_999 - Self.firstURN(secondarySchools: secondarySchools) + 1
        guard schools <= urnLimit else { throw .countTooLarge(name: "ks2.schools", value: schools, limit: max(urnLimit, 0)) }
        guard schools <= pupils else { throw .moreSchoolsThanPupils(schools: schools, pupils: pupils) }
        guard localAuthorities <= schools else {
            throw .moreLocalAuthoritiesThanSchools(localAuthorities: localAuthorities, schools: schools)
        }
        try NationalCohortSpecification.check(attainment.coefficients, prefix: "ks2.attainment")
        try NationalCohortSpecification.checkSD(attainment.laSD, "ks2.attainment.laSD")
        try NationalCohortSpecification.checkSD(attainment.schoolSD, "ks2.attainment.schoolSD")
        try NationalCohortSpecification.checkSD(attainment.residualSD, "ks2.attainment.residualSD")
        for (prefix, model) in [("ks2.absence", absence), ("ks2.unauthorisedShare", unauthorisedShare)] {
            try NationalCohortSpecification.check(model.coefficients, prefix: prefix)
            try NationalCohortSpecification.checkSD(model.laSD, prefix + ".laSD")
            try NationalCohortSpecification.checkSD(model.schoolSD, prefix + ".schoolSD")
            try NationalCohortSpecification.checkSD(model.overdispersionSD, prefix + ".overdispersionSD")
        }
        try NationalCohortSpecification.checkSD(subjectSD, "ks2.subjectSD")
        guard missingKS1Rate.isFinite else { throw .nonFiniteParameter(name: "ks2.missingKS1Rate") }
        guard missingKS1Rate >= 0 && missingKS1Rate < 1 else {
            throw .probabilityOutOfRange(name: "ks2.missingKS1Rate", value: missingKS1Rate)
        }
    }
}
