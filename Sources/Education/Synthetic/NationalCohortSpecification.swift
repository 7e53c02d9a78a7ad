/// Everything that determines a synthetic KS4 cohort: its size, the seed and the true
/// parameters of each outcome model. Two cohorts generated from equal specifications are
/// identical.
///
/// Defaults describe a national KS4 cohort in England: about 600,000 pupils in about 3,200
/// secondary schools (DfE, *Key stage 4 performance*; mean cohort 187.5 pupils)
/// in 160 local authorities, of which 33 are London boroughs, 4 Black Country boroughs and 10
/// Greater Manchester authorities (the City Challenge areas; NFER, Rudd et al. 2011).
/// The outcome models and their defaults are documented on `LinearOutcomeModel`,
/// `LogisticOutcomeModel` and `CountOutcomeModel`, and in Docs/synthetic-cohort.md.
public struct NationalCohortSpecification: Sendable, Equatable, Codable {
    /// Number of pupils (rows). Default 600,000.
    public var pupils: Int = 600_000
    /// Number of secondary schools. Default 3,200.
    public var schools: Int = 3_200
    /// Number of local authorities. Default 160.
    public var localAuthorities: Int = 160
    /// Seed of the pseudo-random generator. Default 2010, the summer of the cohort analysed.
    public var seed: UInt64 = 2010

    /// KS4 capped point score: three-level linear model.
    public var capped: LinearOutcomeModel = .ks4CappedDefault
    /// Five or more A*–C including English and maths: three-level logistic model.
    public var fiveACEM: LogisticOutcomeModel = .ks4FiveACEMDefault
    /// Total absence out of possible sessions: three-level binomial-logit model.
    public var absence: CountOutcomeModel = .totalAbsenceDefault
    /// Unauthorised absence out of absent sessions: three-level binomial-logit model.
    public var unauthorisedShare: CountOutcomeModel = .unauthorisedShareDefault

    /// Correlation between the LA effects, and between the school effects, of the capped score
    /// and of the 5A*–C outcome (schools good at one are mostly good at the other). Default 0.7.
    public var attainmentEffectCorrelation: Double = 0.7
    /// Gaussian-copula correlation between a pupil's capped-score residual and the latent
    /// variable of the 5A*–C draw; it leaves the logistic model for 5A*–C exact. Default 0.6.
    public var attainmentResidualCorrelation: Double = 0.6
    /// Correlation between a pupil's capped-score residual and the absence overdispersion term
    /// (pupils who attain less than predicted also miss more school). Default −0.35.
    public var absenceAttainmentCorrelation: Double = -0.35

    /// Share of pupils with no KS2 record (written as NA), missing completely at random so that
    /// complete-case fits stay unbiased. Default 0.03.
    public var missingKS2Rate: Double = 0.03
    /// Share of pupils with no IDACI score (no valid postcode; written as NA), missing
    /// completely at random. Default 0.01.
    public var missingIDACIRate: Double = 0.01
    /// The modal number of possible sessions for the year (sessions are half-days). Default 318;
    /// 80% of pupils have exactly this many, 17% between 91% and 104% of it and 3% (pupils who
    /// joined or left during the year) between 45% and 91% of it.
    public var modalSessionsPossible: Int = 318

    /// The academic year of the cohort, written to the pupil file's `year` column and used to
    /// date the support records. Default 2009/10 (summer 2010), the year NFER's City Challenge
    /// evaluation analysed (Rudd et al. 2011). The cohort's outcomes are the pre-2016 KS4
    /// measures, so the year must lie in `allowedYears`.
    public var academicYear: AcademicYear = AcademicYear(uncheckedEndYear: 2010)

    /// The KS2 cohort in primary schools, or nil (the default) for a KS4 cohort only. Use
    /// `KS2CohortSpecification.national` for a national-size KS2 cohort (600,000 pupils in
    /// 16,000 primaries) or `KS2CohortSpecification(pupils:schools:)` for another size. The KS2
    /// cohort draws from its own seeded streams, so the KS4 part is the same with or without it.
    public var ks2: KS2CohortSpecification?

    /// The primary schools the KS4 pupils attended, or nil (the default) for no `ks2_school`
    /// column. When set, the capped score also carries each primary's true effect (see
    /// `FeederPrimarySpecification`); every other column is the same with or without it.
    public var feederPrimaries: FeederPrimarySpecification?

    /// KS4 pupils who moved school in the year, or nil (the default) for none: each mover's
    /// outcomes carry the time-weighted effects of two schools, and the pupil file gains
    /// `school2_urn` and `school2_fraction` (see `MoverSpecification`); pupils who did not move
    /// are the same with or without it.
    public var movers: MoverSpecification?

    /// Summers whose KS4 measures (capped point score, 5A*–C including English and maths) the
    /// generator produces.
    public static let allowedYears = 1990...2015

    /// The largest number of pupils the generator accepts (about 1.5 GB of columns).
    public static let maximumPupils = 20_000_000
    /// The allowed range for `modalSessionsPossible`: up to 700, so that the largest drawn value
    /// (104% of the mode) stays within `AbsenceRecord.maximumSessionsPossible`.
    public static let allowedModalSessions = 20...700

    /// A specification with the national defaults, optionally resized and reseeded.
    public init(
        pupils: Int = 600_000, schools: Int = 3_200, localAuthorities: Int = 160, seed: UInt64 = 2010
    ) {
        self.pupils = pupils
        self.schools = schools
        self.localAuthorities = localAuthorities
        self.seed = seed
    }

    /// Checks every count and parameter, throwing the first problem found.
    public func validate() throws(CohortSpecificationError) {
        for (name, value) in [("pupils", pupils), ("schools", schools), ("localAuthorities", localAuthorities)] {
            guard value > 0 else { throw .nonPositiveCount(name: name, value: value) }
        }
        guard pupils <= Self.maximumPupils else {
            throw .countTooLarge(name: "pupils", value: pupils, limit: Self.maximumPupils)
        }
        guard schools <= pupils else { throw .moreSchoolsThanPupils(schools: schools, pupils: pupils) }
        guard localAuthorities <= schools else {
            throw .moreLocalAuthoritiesThanSchools(localAuthorities: localAuthorities, schools: schools)
        }
        try Self.check(capped.coefficients, prefix: "capped")
        try Self.checkSD(capped.laSD, "capped.laSD")
        try Self.checkSD(capped.schoolSD, "capped.schoolSD")
        try Self.checkSD(capped.residualSD, "capped.residualSD")
        try Self.check(fiveACEM.coefficients, prefix: "fiveACEM")
        try Self.checkSD(fiveACEM.laSD, "fiveACEM.laSD")
        try Self.checkSD(fiveACEM.schoolSD, "fiveACEM.schoolSD")
        for (prefix, model) in [("absence", absence), ("unauthorisedShare", unauthorisedShare)] {
            try Self.check(model.coefficients, prefix: prefix)
            try Self.checkSD(model.laSD, prefix + ".laSD")
            try Self.checkSD(model.schoolSD, prefix + ".schoolSD")
            try Self.checkSD(model.overdispersionSD, prefix + ".overdispersionSD")
        }
        for (name, value) in [
            ("attainmentEffectCorrelation", attainmentEffectCorrelation),
            ("attainmentResidualCorrelation", attainmentResidualCorrelation),
            ("absenceAttainmentCorrelation", absenceAttainmentCorrelation),
        ] {
            guard value.isFinite else { throw .nonFiniteParameter(name: name) }
            guard (-1...1).contains(value) else { throw .correlationOutOfRange(name: name, value: value) }
        }
        for (name, value) in [("missingKS2Rate", missingKS2Rate), ("missingIDACIRate", missingIDACIRate)] {
            guard value.isFinite else { throw .nonFiniteParameter(name: name) }
            guard value >= 0 && value < 1 else { throw .probabilityOutOfRange(name: name, value: value) }
        }
        guard Self.allowedYears.contains(academicYear.endYear) else {
            throw .yearOutOfRange(value: academicYear.endYear, allowed: Self.allowedYears)
        }
        guard Self.allowedModalSessions.contains(modalSessionsPossible) else {
            throw .sessionsOutOfRange(value: modalSessionsPossible, allowed: Self.allowedModalSessions)
        }
        try ks2?.validate(localAuthorities: localAuthorities, secondarySchools: schools)
        try feederPrimaries?.validate(secondarySchools: schools)
        try movers?.validate()
    }

    /// This specification with the disadvantage effects of the FSM coverage study
    /// (Docs/synthetic-cohort.md, "FSM-specific effects"): support does more for pupils
    /// eligible for free school meals, narrowing the gap. Capped score: +3 (receiving), +2
    /// (providing), +2 (Teaching School programmes) points for FSM pupils on top of the
    /// category effects; 5A*–C incl. English and maths: +0.06, +0.04, +0.04 log-odds; total
    /// absence: −0.04, −0.03, −0.02 log-odds (the unauthorised share is unchanged).
    public func withDisadvantageEffects() -> NationalCohortSpecification {
        var spec = self
        func set(_ c: inout OutcomeCoefficients, _ receiving: Double, _ providing: Double, _ tsProgramme: Double) {
            c.supportReceivingFSM = receiving
            c.supportProvidingFSM = providing
            c.supportTSProgrammeFSM = tsProgramme
        }
        set(&spec.capped.coefficients, 3, 2, 2)
        set(&spec.fiveACEM.coefficients, 0.06, 0.04, 0.04)
        set(&spec.absence.coefficients, -0.04, -0.03, -0.02)
        return spec
    }

    static func check(_ coefficients: OutcomeCoefficients, prefix: String) throws(CohortSpecificationError) {
        let names = ["intercept", "ks2APS", "fsm", "eal", "senSchoolAction", "senSchoolActionPlus",
                     "senStatement", "male", "whiteOther", "asian", "black", "mixed", "otherEthnic",
                     "idaci", "supportReceiving", "supportProviding", "supportTSProgramme",
                     "supportReceivingFSM", "supportProvidingFSM", "supportTSProgrammeFSM"]
        for (name, value) in zip(names, coefficients.allValues) where !value.isFinite {
            throw .nonFiniteParameter(name: "\(prefix).coefficients.\(name)")
        }
    }

    static func checkSD(_ value: Double, _ name: String) throws(CohortSpecificationError) {
        guard value.isFinite else { throw .nonFiniteParameter(name: name) }
        guard value >= 0 else { throw .negativeStandardDeviation(name: name, value: value) }
    }
}
