/// True parameters of a three-level binomial-logit model for a count of sessions, with
/// pupil-level overdispersion (an observation-level random effect):
///
///     y_ijk ~ Binomial(n_ijk, p_ijk),
///     logit p_ijk = η_ijk + v_k + u_jk + d_ijk,
///     v_k ~ N(0, laSD²),  u_jk ~ N(0, schoolSD²),  d_ijk ~ N(0, overdispersionSD²),
///
/// which `glmer(cbind(y, n - y) ~ … + (1|la) + (1|school) + (1|pupil), family = binomial)`
/// fits; without the `(1|pupil)` term the fixed effects are attenuated towards zero.
/// Absence is a count of sessions out of possible sessions and should be modelled so (DfE,
/// *Pupil absence in schools in England*).
public struct CountOutcomeModel: Sendable, Equatable, Codable {
    public var coefficients: OutcomeCoefficients
    public var laSD: Double
    public var schoolSD: Double
    public var overdispersionSD: Double

    public init(coefficients: OutcomeCoefficients, laSD: Double, schoolSD: Double, overdispersionSD: Double) {
        self.coefficients = coefficients
        self.laSD = laSD
        self.schoolSD = schoolSD
        self.overdispersionSD = overdispersionSD
    }

    /// Default model for total absence, `sessions_absent` out of `sessions_possible`
    /// (log-odds): −0.04 per KS2 point; FSM +0.40; EAL −0.30; SEN School Action +0.25,
    /// Action Plus +0.45, Statement +0.40; boys −0.03; WOTH −0.05, ASIA −0.25, BLAC −0.35,
    /// MIXD +0.10, OTHR −0.15; IDACI +0.5; support receiving −0.03, providing −0.05,
    /// Teaching School programmes −0.02. LA SD 0.08, school SD 0.20, overdispersion SD 0.65.
    /// The reference pupil at KS2 APS 27 has log-odds −3.0, giving a cohort absence rate
    /// near 7% of possible sessions.
    public static let totalAbsenceDefault = CountOutcomeModel(
        coefficients: OutcomeCoefficients(
            intercept: -3.0 + 27 * 0.04, ks2APS: -0.04, fsm: 0.40, eal: -0.30,
            senSchoolAction: 0.25, senSchoolActionPlus: 0.45, senStatement: 0.40,
            male: -0.03, whiteOther: -0.05, asian: -0.25, black: -0.35, mixed: 0.10, otherEthnic: -0.15,
            idaci: 0.5, supportReceiving: -0.03, supportProviding: -0.05, supportTSProgramme: -0.02
        ),
        laSD: 0.08, schoolSD: 0.20, overdispersionSD: 0.65
    )

    /// Default model for the unauthorised share of absence, `sessions_unauthorised` out of
    /// `sessions_absent` (log-odds): −0.03 per KS2 point; FSM +0.45; EAL 0; SEN School Action
    /// +0.15, Action Plus +0.35, Statement +0.10; boys +0.05; WOTH +0.20, ASIA 0, BLAC +0.10,
    /// MIXD +0.20, OTHR +0.20; IDACI +0.6; no support effect. LA SD 0.15, school SD 0.45
    /// (schools differ in how they authorise absence), overdispersion SD 0.7. The reference
    /// pupil at KS2 APS 27 has log-odds −1.8, so about a fifth of absence is unauthorised.
    public static let unauthorisedShareDefault = CountOutcomeModel(
        coefficients: OutcomeCoefficients(
            intercept: -1.8 + 27 * 0.03, ks2APS: -0.03, fsm: 0.45, eal: 0,
            senSchoolAction: 0.15, senSchoolActionPlus: 0.35, senStatement: 0.10,
            male: 0.05, whiteOther: 0.20, asian: 0, black: 0.10, mixed: 0.20, otherEthnic: 0.20,
            idaci: 0.6, supportReceiving: 0, supportProviding: 0, supportTSProgramme: 0
        ),
        laSD: 0.15, schoolSD: 0.45, overdispersionSD: 0.7
    )
}
