/// True parameters of the three-level logistic model for a binary outcome:
///
///     P(y_ijk = 1 | v, u) = logit⁻¹(η_ijk + v_k + u_jk),
///     v_k ~ N(0, laSD²),  u_jk ~ N(0, schoolSD²),
///
/// the model that `glmer(y ~ … + (1|la) + (1|school), family = binomial)` fits.
public struct LogisticOutcomeModel: Sendable, Equatable, Codable {
    public var coefficients: OutcomeCoefficients
    public var laSD: Double
    public var schoolSD: Double

    public init(coefficients: OutcomeCoefficients, laSD: Double, schoolSD: Double) {
        self.coefficients = coefficients
        self.laSD = laSD
        self.schoolSD = schoolSD
    }

    /// Default model for five or more A*–C grades including English and mathematics (log-odds):
    /// +0.55 per KS2 point; FSM −0.45; EAL +0.25; SEN School Action −0.7, Action Plus −1.1,
    /// Statement −1.5; boys −0.35; WOTH +0.10, ASIA +0.30, BLAC +0.15, MIXD 0, OTHR +0.25;
    /// IDACI −0.9; support receiving +0.08, providing +0.12, Teaching School programmes +0.06.
    /// LA SD 0.15, school SD 0.45. The reference pupil at KS2 APS 27 has log-odds 0.7, giving a
    /// cohort rate near 55%.
    public static let ks4FiveACEMDefault = LogisticOutcomeModel(
        coefficients: OutcomeCoefficients(
            intercept: 0.7 - 27 * 0.55, ks2APS: 0.55, fsm: -0.45, eal: 0.25,
            senSchoolAction: -0.7, senSchoolActionPlus: -1.1, senStatement: -1.5,
            male: -0.35, whiteOther: 0.10, asian: 0.30, black: 0.15, mixed: 0, otherEthnic: 0.25,
            idaci: -0.9, supportReceiving: 0.08, supportProviding: 0.12, supportTSProgramme: 0.06
        ),
        laSD: 0.15, schoolSD: 0.45
    )
}
