/// True parameters of the three-level linear model for the KS4 capped point score:
///
///     ks4_capped_ijk = η_ijk + v_k + u_jk + e_ijk,
///     v_k ~ N(0, laSD²),  u_jk ~ N(0, schoolSD²),  e_ijk ~ N(0, residualSD²),
///
/// for pupil i in school j in local authority k, with η from `OutcomeCoefficients`; the result
/// is clamped to [0, 464] (eight A* grades at 58 QCA points) and rounded to one
/// decimal place. This is the model that
/// `lmer(ks4_capped ~ ks2_aps + fsm + eal + sen + gender + ethnic + idaci + support + (1|la) + (1|school))`
/// fits.
public struct LinearOutcomeModel: Sendable, Equatable, Codable {
    public var coefficients: OutcomeCoefficients
    public var laSD: Double
    public var schoolSD: Double
    public var residualSD: Double

    public init(coefficients: OutcomeCoefficients, laSD: Double, schoolSD: Double, residualSD: Double) {
        self.coefficients = coefficients
        self.laSD = laSD
        self.schoolSD = schoolSD
        self.residualSD = residualSD
    }

    /// Default KS4 capped point score model (QCA points: one GCSE grade = 6 points).
    /// Conditional on KS2 APS: +10 capped points per KS2 point (one KS2 level, 6 points, is
    /// worth 60 capped points, 1.25 grades in each of 8 subjects); FSM −20 (about
    /// three grades in one subject); EAL +12; SEN School Action −25, Action Plus −40,
    /// Statement −60; boys −12; ethnic groups relative to White British WOTH +8, ASIA +15,
    /// BLAC +8, MIXD +2, OTHR +12; IDACI −30 per unit; support receiving +4, providing +6,
    /// Teaching School programmes +3. LA SD 6, school SD 16, pupil SD 38. The reference
    /// pupil at KS2 APS 27 scores 320, giving a cohort mean near 303.
    public static let ks4CappedDefault = LinearOutcomeModel(
        coefficients: OutcomeCoefficients(
            intercept: 320 - 27 * 10, ks2APS: 10, fsm: -20, eal: 12,
            senSchoolAction: -25, senSchoolActionPlus: -40, senStatement: -60,
            male: -12, whiteOther: 8, asian: 15, black: 8, mixed: 2, otherEthnic: 12,
            idaci: -30, supportReceiving: 4, supportProviding: 6, supportTSProgramme: 3
        ),
        laSD: 6, schoolSD: 16, residualSD: 38
    )
}
