import ProbabilityDistributions

/// One pupil's sessions for a year, drawn the same way for every key stage:
///
/// - possible sessions: the modal value for most pupils, near it for some and well below it for
///   pupils who joined or left during the year (shares in `CohortComposition`);
/// - sessions missed ~ Binomial(possible, logit⁻¹(η_absence + e)), with a pupil-level
///   overdispersion e ~ N(0, sd²) correlated ρ with the pupil's attainment residual z;
/// - unauthorised sessions ~ Binomial(missed, logit⁻¹(η_share + N(0, sd²))).
///
/// The draws are made in that order from the caller's stream. The pupil's two probabilities
/// are kept with the counts: the coverage study derives the true unauthorised-absence effect
/// from them (`ImpliedUnauthorisedEffect`).
struct PupilAttendance {
    let possible: Int
    let absent: Int
    let unauthorised: Int
    /// P(a possible session is missed), pupil effect included.
    let absenceProbability: Double
    /// P(a missed session is unauthorised), pupil effect included.
    let unauthorisedShare: Double

    /// Possible-session bands around the modal number of sessions.
    struct SessionBands {
        let modal: Int
        let nearLow: Int
        let nearHigh: Int
        let farLow: Int

        init(modal: Int) {
            self.modal = modal
            nearLow = Int((0.91 * Double(modal)).rounded())
            nearHigh = Int((1.04 * Double(modal)).rounded())
            farLow = Int((0.45 * Double(modal)).rounded())
        }
    }

    static func draw(using rng: inout SeededGenerator, bands: SessionBands,
                     absenceLinearPredictor: Double, absenceOverdispersionSD: Double,
                     shareLinearPredictor: Double, shareOverdispersionSD: Double,
                     attainmentResidual z: Double, correlation rho: Double) -> PupilAttendance {
        let v = rng.uniform()
        let possible: Int
        if v < CohortComposition.modalSessionsShare {
            possible = bands.modal
        } else if v < CohortComposition.modalSessionsShare + CohortComposition.nearModalSessionsShare {
            possible = bands.nearLow + rng.uniformInt(below: bands.nearHigh - bands.nearLow + 1)
        } else {
            possible = bands.farLow + rng.uniformInt(below: max(bands.nearLow - bands.farLow, 1))
        }
        let complement = (1 - rho * rho).squareRoot()
        let overdispersion = absenceOverdispersionSD * (rho * z + complement * rng.standardNormal())
        let pAbsent = inverseLogit(absenceLinearPredictor + overdispersion)
        let absent = rng.binomial(trials: possible, probability: pAbsent)
        let pUnauthorised = inverseLogit(shareLinearPredictor + shareOverdispersionSD * rng.standardNormal())
        let unauthorised = rng.binomial(trials: absent, probability: pUnauthorised)
        return PupilAttendance(possible: possible, absent: absent, unauthorised: unauthorised,
                               absenceProbability: pAbsent, unauthorisedShare: pUnauthorised)
    }
}
