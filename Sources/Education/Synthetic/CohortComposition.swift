/// Fixed constants that shape the pupil and school mix of a synthetic cohort. They are round
/// numbers of the order seen in English secondary schools around 2010 and are illustrative,
/// not official statistics; Docs/synthetic-cohort.md lists each with its basis.
enum CohortComposition {
    // MARK: Local authorities

    /// Shares of local authorities by area: 33 London boroughs, 4 Black Country boroughs and
    /// 10 Greater Manchester LAs of 160 (NFER, Rudd et al. 2011).
    static let nationalLACounts: [(CohortArea, Int)] = [
        (.london, 33), (.blackCountry, 4), (.greaterManchester, 10),
    ]
    static let nationalLATotal = 160

    /// Real DfE LA codes used for the City Challenge areas while they last.
    static let realCodes: [CohortArea: [Int]] = [
        .london: Array(201...213) + Array(301...320),
        .blackCountry: [332, 333, 335, 336],
        .greaterManchester: Array(350...359),
    ]

    /// Relative number of secondary schools per LA (London boroughs are smaller than the
    /// average English LA) and the log-normal spread of LA size.
    static func laSizeWeight(_ area: CohortArea) -> Double { area == .london ? 0.65 : 1.0 }
    static let laSizeLogSD = 0.5

    // MARK: Schools

    /// Log-normal spread of school KS4 cohort sizes (coefficient of variation about 0.4).
    static let cohortSizeLogSD = 0.38

    /// Pupil-level FSM rates by area (national secondary rate about 15%; higher in the City
    /// Challenge areas, which were chosen for disadvantage).
    static func fsmRate(_ area: CohortArea) -> Double {
        switch area {
        case .london: 0.22
        case .blackCountry: 0.19
        case .greaterManchester: 0.16
        case .elsewhere: 0.115
        }
    }
    static let nationalFSMRate = 0.15
    /// Spread of school FSM rates on the logit scale: between LAs and between schools in an LA.
    static let fsmLALogitSD = 0.3
    static let fsmSchoolLogitSD = 0.6

    /// Probabilities of each support category for a school with its area's typical FSM rate:
    /// (receiving, providing, Teaching School programmes). City Challenge concentrated
    /// school-to-school support in its three areas.
    static func supportRates(_ area: CohortArea) -> (receiving: Double, providing: Double, ts: Double) {
        area.isCityChallenge ? (0.12, 0.07, 0.10) : (0.03, 0.02, 0.02)
    }
    /// Log-odds-ratio tilts per unit of school FSM logit (relative to the area's typical rate):
    /// schools with more disadvantaged intakes are more often supported, less often supporters.
    static let receivingFSMTilt = 0.6
    static let providingFSMTilt = -0.6

    /// Ethnic mix by area, in `EthnicGroup.allCases` order (WBRI, WOTH, ASIA, BLAC, MIXD, OTHR).
    static func ethnicMix(_ area: CohortArea) -> [Double] {
        switch area {
        case .london: [0.38, 0.09, 0.19, 0.20, 0.08, 0.06]
        case .blackCountry: [0.70, 0.02, 0.17, 0.05, 0.04, 0.02]
        case .greaterManchester: [0.78, 0.02, 0.12, 0.03, 0.03, 0.02]
        case .elsewhere: [0.86, 0.035, 0.05, 0.015, 0.025, 0.015]
        }
    }
    /// Log-normal spread of a school's minority-ethnic share around its area's (schools are
    /// more segregated than areas); the minority share is capped at 97%.
    static let ethnicSchoolLogSD = 0.6
    static let maximumMinorityShare = 0.97

    // MARK: Pupils

    static let maleProbability = 0.51

    /// P(EAL | ethnic group), in `EthnicGroup.allCases` order.
    static let ealByEthnicity: [Double] = [0.005, 0.55, 0.70, 0.40, 0.08, 0.60]

    /// SEN probabilities for a girl not eligible for FSM, and risk multipliers for boys and for
    /// FSM pupils (SEN is more often identified in both groups).
    static let senBase = (schoolAction: 0.085, schoolActionPlus: 0.040, statement: 0.012)
    static let senMaleRisk = 1.6
    static let senFSMRisk = 1.8

    /// IDACI score model: logit(idaci) = base + school tilt·(school FSM logit − national FSM
    /// logit) + fsm shift + N(0, sd²); rounded to 3 decimals like published IDACI scores.
    static let idaciLogitBase = -1.5
    static let idaciSchoolTilt = 0.55
    static let idaciFSMShift = 0.7
    static let idaciLogitSD = 0.6

    /// KS2 average point score model (fine points, level 4 = 27, one level = 6 points):
    /// base + shifts + school intake shift·(school FSM logit − national FSM logit) + N(0, sd²),
    /// rounded to one decimal and kept within [9, 36] (level 1 to the top of level 5;
    /// level 6 was rarely awarded before 2012).
    static let ks2Base = 28.8
    static let ks2FSMShift = -2.2
    static let ks2EALShift = -0.6
    static let ks2SENShift = (schoolAction: -3.0, schoolActionPlus: -5.0, statement: -7.0)
    static let ks2IDACIShift = -3.0
    static let ks2SchoolIntakeTilt = -1.0
    static let ks2ResidualSD = 3.3
    static let ks2Range = 9.0...36.0

    /// Possible sessions relative to the modal value: 80% exactly modal, 17% in [0.91, 1.04]
    /// of it, 3% in [0.45, 0.91) (pupils who joined or left during the year).
    static let modalSessionsShare = 0.80
    static let nearModalSessionsShare = 0.17
}
