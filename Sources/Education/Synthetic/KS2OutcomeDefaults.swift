/// Default true models of the KS2 cohort. In each, the prior-attainment coefficient
/// (`OutcomeCoefficients.ks2APS`) multiplies the pupil's KS1 average point score (level 2 = 15
/// points, one level = 6 points; DfE), and `OutcomeCoefficients.lme4FixedEffects(priorAttainment:)`
/// with `"ks1_aps"` names the coefficients as lme4 does.
extension LinearOutcomeModel {
    /// Default KS2 average point score model (fine points: level 4 = 27, one level = 6 points;
    /// DfE), the model that
    /// `lmer(ks2_aps ~ ks1_aps + fsm + eal + sen + gender + ethnic + idaci + support + (1|la) + (1|school))`
    /// fits: +0.8 KS2 points per KS1 point; FSM −1.0; EAL +0.8; SEN School Action −1.5, Action
    /// Plus −2.5, Statement −3.5; boys −0.2; ethnic groups relative to White British WOTH +0.3,
    /// ASIA +0.7, BLAC +0.2, MIXD 0, OTHR +0.5; IDACI −2.0 per unit; support receiving +0.5,
    /// providing +0.8, Teaching School programmes +0.3 points. LA SD 0.5, school SD 1.3, pupil
    /// SD 2.8. The reference pupil at KS1 APS 15 (level 2b) scores 28, giving a cohort mean
    /// near 27.5. Results are clamped to the KS2 range [3, 39] (rarely binding) and rounded to
    /// one decimal.
    public static let ks2APSDefault = LinearOutcomeModel(
        coefficients: OutcomeCoefficients(
            intercept: 28 - 15 * 0.8, ks2APS: 0.8, fsm: -1.0, eal: 0.8,
            senSchoolAction: -1.5, senSchoolActionPlus: -2.5, senStatement: -3.5,
            male: -0.2, whiteOther: 0.3, asian: 0.7, black: 0.2, mixed: 0, otherEthnic: 0.5,
            idaci: -2.0, supportReceiving: 0.5, supportProviding: 0.8, supportTSProgramme: 0.3
        ),
        laSD: 0.5, schoolSD: 1.3, residualSD: 2.8
    )
}

extension CountOutcomeModel {
    /// Default model for the KS2 cohort's total absence (log-odds): −0.05 per KS1 point;
    /// FSM +0.45; EAL −0.35; SEN School Action +0.20, Action Plus +0.35, Statement +0.35; boys
    /// −0.02; WOTH 0, ASIA −0.20, BLAC −0.40, MIXD +0.10, OTHR −0.10; IDACI +0.5; support
    /// receiving −0.03, providing −0.05, Teaching School programmes −0.02. LA SD 0.08, school
    /// SD 0.22, overdispersion SD 0.6. The reference pupil at KS1 APS 15 has log-odds −3.3,
    /// giving a primary absence rate near 5% of possible sessions.
    public static let ks2TotalAbsenceDefault = CountOutcomeModel(
        coefficients: OutcomeCoefficients(
            intercept: -3.3 + 15 * 0.05, ks2APS: -0.05, fsm: 0.45, eal: -0.35,
            senSchoolAction: 0.20, senSchoolActionPlus: 0.35, senStatement: 0.35,
            male: -0.02, whiteOther: 0, asian: -0.20, black: -0.40, mixed: 0.10, otherEthnic: -0.10,
            idaci: 0.5, supportReceiving: -0.03, supportProviding: -0.05, supportTSProgramme: -0.02
        ),
        laSD: 0.08, schoolSD: 0.22, overdispersionSD: 0.6
    )

    /// Default model for the KS2 cohort's unauthorised share of absence (log-odds): −0.03 per
    /// KS1 point; FSM +0.50; EAL 0; SEN School Action +0.10, Action Plus +0.30, Statement
    /// +0.10; boys +0.02; WOTH +0.30, ASIA +0.10, BLAC +0.10, MIXD +0.20, OTHR +0.30; IDACI
    /// +0.6; no support effect. LA SD 0.15, school SD 0.45, overdispersion SD 0.7. The
    /// reference pupil at KS1 APS 15 has log-odds −2.0.
    public static let ks2UnauthorisedShareDefault = CountOutcomeModel(
        coefficients: OutcomeCoefficients(
            intercept: -2.0 + 15 * 0.03, ks2APS: -0.03, fsm: 0.50, eal: 0,
            senSchoolAction: 0.10, senSchoolActionPlus: 0.30, senStatement: 0.10,
            male: 0.02, whiteOther: 0.30, asian: 0.10, black: 0.10, mixed: 0.20, otherEthnic: 0.30,
            idaci: 0.6, supportReceiving: 0, supportProviding: 0, supportTSProgramme: 0
        ),
        laSD: 0.15, schoolSD: 0.45, overdispersionSD: 0.7
    )
}
