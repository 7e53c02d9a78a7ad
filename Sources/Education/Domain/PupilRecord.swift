/// One pupil's National-Pupil-Database-style record for one end-of-key-stage cohort: who the
/// pupil is (the controls commonly used in NPD analyses: prior attainment, free school meals,
/// English as an additional language, special educational needs, gender, ethnic group, IDACI,
/// month of birth), where they were (school URN and academic year) and their outcomes (KS2 or
/// KS4 results and absence).
///
/// Prior attainment is KS1 for a KS2 cohort and KS2 for a KS4 cohort (`priorAttainment`).
/// Every optional property may be missing in the data; a model drops incomplete rows.
///
/// The initialiser enforces the rules that tie results to the year's measures: a KS2 cohort
/// before 2016 has level-based results and from 2016 scaled scores; a KS4 cohort has the capped
/// point score and 5A*–C up to 2015 and Attainment 8 from 2016; a KS2 cohort has no KS4 results.
public struct PupilRecord: Sendable, Equatable, Codable {
    /// The pupil's identifier (the NPD's anonymised pupil matching reference or any other id).
    public var pupil: String
    /// The academic year of the key-stage assessment.
    public var year: AcademicYear
    public var keyStage: KeyStage
    /// The school at which the pupil was assessed.
    public var school: URN
    /// The local authority recorded on the pupil's record, if any; the school's LA is the one
    /// used for analysis.
    public var la: LocalAuthorityCode?
    public var gender: Gender
    public var ethnic: EthnicGroup?
    /// Eligible for free school meals in the census of the assessment year.
    public var fsm: Bool?
    /// Eligible for free school meals at any time in the last six years ("ever 6"), the measure
    /// behind the pupil premium (DfE).
    public var fsmEver6: Bool?
    /// English as an additional language.
    public var eal: Bool?
    public var sen: SENProvision?
    public var idaci: IDACIScore?
    public var monthOfBirth: BirthMonth?
    /// KS1 average point score (prior attainment for KS2), 3...27; see `KS2Points`.
    public private(set) var ks1APS: Double?
    /// KS2 results: the outcome of a KS2 cohort, the prior attainment of a KS4 cohort.
    public private(set) var ks2: KS2Result?
    /// KS4 results.
    public private(set) var ks4: KS4Result?
    public var absence: AbsenceRecord?
    /// The pupil's KS2 prior-attainment group for Progress 8 when given in the data (DfE's
    /// published group); nil to band it from `ks2` (see `PriorAttainmentGroup`).
    public var ks2PriorGroup: PriorAttainmentGroup?
    /// The primary school a KS4 pupil attended at KS2 (the pupil file's `ks2_urn`), for the
    /// cross-classified models; nil when not given.
    public var ks2School: URN?
    /// Further schools attended in the year with their fractions of the year (the pupil
    /// file's `school2_urn`, `school2_fraction`, `school3_urn`, `school3_fraction`), for the
    /// multiple-membership models; `school` has the rest of the year. Empty for a pupil who
    /// stayed in one school.
    public var otherSchools: [SchoolMembership] = []
    /// The fraction of the year spent in `school`: 1 minus the fractions of `otherSchools`.
    public var schoolFraction: Double { 1 - otherSchools.reduce(0) { $0 + $1.fraction } }

    /// A record; `DomainValueError` when `ks1APS` is out of range or a result does not belong
    /// to the year's measures (see the type's documentation).
    public init(
        pupil: String, year: AcademicYear, keyStage: KeyStage, school: URN, la: LocalAuthorityCode? = nil,
        gender: Gender, ethnic: EthnicGroup? = nil, fsm: Bool? = nil, fsmEver6: Bool? = nil,
        eal: Bool? = nil, sen: SENProvision? = nil, idaci: IDACIScore? = nil,
        monthOfBirth: BirthMonth? = nil, ks1APS: Double? = nil, ks2: KS2Result? = nil,
        ks4: KS4Result? = nil, absence: AbsenceRecord? = nil
    ) throws(DomainValueError) {
        guard !pupil.isEmpty else {
            throw .invalid(field: "pupil", value: pupil, reason: "the pupil identifier is empty")
        }
        if let ks1APS { try KS2Points.check(ks1APS, KS2Points.allowedKS1, field: "ks1_aps") }
        try Self.checkMeasures(year: year, keyStage: keyStage, ks2: ks2, ks4: ks4)
        self.pupil = pupil
        self.year = year
        self.keyStage = keyStage
        self.school = school
        self.la = la
        self.gender = gender
        self.ethnic = ethnic
        self.fsm = fsm
        self.fsmEver6 = fsmEver6
        self.eal = eal
        self.sen = sen
        self.idaci = idaci
        self.monthOfBirth = monthOfBirth
        self.ks1APS = ks1APS
        self.ks2 = ks2
        self.ks4 = ks4
        self.absence = absence
    }

    /// Prior attainment on the pre-2016 point scale: KS1 APS for a KS2 cohort, KS2 APS for a
    /// KS4 cohort; nil when not recorded.
    public var priorAttainment: Double? {
        switch keyStage {
        case .ks2: ks1APS
        case .ks4: ks2?.averagePointScore
        }
    }

    private static func checkMeasures(
        year: AcademicYear, keyStage: KeyStage, ks2: KS2Result?, ks4: KS4Result?
    ) throws(DomainValueError) {
        switch keyStage {
        case .ks2:
            if let ks4, !ks4.isEmpty {
                let field = ks4.cappedPointScore != nil ? "ks4_capped"
                    : ks4.attainment8 != nil ? "ks4_attainment8" : "ks4_5ac_em"
                throw .invalid(field: field, value: "", reason: "a KS2 cohort record cannot hold KS4 results")
            }
            switch ks2 {
            case let .levels(result)? where year.usesKS2ScaledScores && !result.isEmpty:
                throw .invalid(
                    field: "ks2_aps", value: "",
                    reason: "KS2 levels were replaced by scaled scores from 2016; year \(year.endYear) reports scaled scores")
            case .scaledScores? where !year.usesKS2ScaledScores:
                throw .invalid(
                    field: "ks2_reading_scaled", value: "",
                    reason: "KS2 scaled scores start in 2016; year \(year.endYear) reports levels")
            default:
                break
            }
        case .ks4:
            guard let ks4 else { return }
            if year.usesAttainment8 {
                if let capped = ks4.cappedPointScore {
                    throw .invalid(
                        field: "ks4_capped", value: DomainValueError.text(capped),
                        reason: "the capped QCA point score is a pre-2016 measure; year \(year.endYear) reports Attainment 8")
                }
                if let flag = ks4.fiveAStarToCIncludingEnglishAndMaths {
                    throw .invalid(
                        field: "ks4_5ac_em", value: flag ? "1" : "0",
                        reason: "5A*-C including English and maths is a pre-2016 measure; year \(year.endYear) reports Attainment 8")
                }
            } else if let attainment8 = ks4.attainment8 {
                throw .invalid(
                    field: "ks4_attainment8", value: DomainValueError.text(attainment8),
                    reason: "Attainment 8 starts in 2016; year \(year.endYear) reports the capped point score")
            }
        }
    }
}

/// A further school a pupil attended in the year and the fraction of the year spent there,
/// in (0, 1).
public struct SchoolMembership: Sendable, Hashable, Codable {
    public var school: URN
    public var fraction: Double

    public init(school: URN, fraction: Double) {
        self.school = school
        self.fraction = fraction
    }
}
