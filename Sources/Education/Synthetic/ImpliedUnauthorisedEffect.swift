/// The true effect of support on unauthorised absence that the generator implies.
///
/// The generator sets support effects on total absence only: sessions missed follow
/// logit p = η + β·support + …, and the unauthorised share s of missed sessions has no support
/// effect. The evaluation models unauthorised sessions out of possible sessions, whose
/// probability is q = p·s, so a support effect β on logit p moves logit q by
///
///     ∂ logit q / ∂ logit p = (1 − p) / (1 − q) = r,
///
/// a little under 1 (p is about 0.07 and q about 0.015 for the default cohort). To first
/// order in β the unauthorised-absence model estimates β times the mean of r over the pupils,
/// each weighted by the information it carries about logit q (n·q·(1 − q) for n possible
/// sessions). `scale` is that mean; the error of the first-order value is of order β²,
/// about 10⁻⁴ of a log-odds unit for the default effects, far below the Monte Carlo SE of a
/// coverage study.
public struct ImpliedUnauthorisedEffect: Sendable, Equatable, Codable {
    public private(set) var weightedSum = 0.0
    public private(set) var totalWeight = 0.0

    public init() {}

    /// Adds a pupil with `sessions` possible sessions, absence probability `p` and
    /// unauthorised share `s`.
    public mutating func add(sessions: Int, absenceProbability p: Double, unauthorisedShare s: Double) {
        let q = p * s
        guard sessions > 0, q > 0, q < 1, p < 1 else { return }
        let weight = Double(sessions) * q * (1 - q)
        weightedSum += weight * (1 - p) / (1 - q)
        totalWeight += weight
    }

    /// The information-weighted mean of r; nil before any pupil is added.
    public var scale: Double? { totalWeight > 0 ? weightedSum / totalWeight : nil }
}
