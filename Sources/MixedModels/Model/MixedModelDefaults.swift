/// Numerical thresholds shared by the linear and generalised mixed-model code, kept in one
/// place so that every fit, diagnostic and summary applies the same rule.
enum MixedModelDefaults {
    /// A covariance parameter θᵢ whose lower bound is 0 counts as on the boundary when it is
    /// below this value: the matching variance is estimated as (effectively) zero or a
    /// correlation as ±1. It decides `isSingular`, which parameters the optimiser restarts
    /// away from the bound, and which parameters convergence diagnostics differentiate
    /// one-sidedly and leave out of the gradient check. The value is the tolerance lme4's
    /// `isSingular` documents, so singular fits are reported on the same footing.
    static let boundaryTolerance = 1e-4

    /// Generalised mixed models compute finite-difference derivatives of the objective in
    /// (θ, β) only when the data have fewer observations than this. Each derivative costs
    /// O(k²) objective evaluations, each a full PIRLS solve, so on large data the Hessian
    /// would take far longer than the fit; above the limit Var(β̂) comes from the penalised
    /// least-squares problem instead and convergence is judged by the optimiser alone. The
    /// value follows lme4, which computes these derivatives for n < 10,000.
    static let derivativeObservationLimit = 10_000

    /// A linear fit whose first optimiser run ends in the interior with a Newton step
    /// max |H̃⁻¹g̃| below this (in the unit-free θ̃) is settled: the restarts that guard
    /// against a stall are skipped. The value is far below lme4's convergence tolerance
    /// (0.002 on the scaled gradient), so only optimiser noise is left to remove.
    static let settledNewtonStep = 1e-5

    /// Whether `value`, a covariance parameter with lower bound `lowerBound`, is on the
    /// boundary in the sense of `boundaryTolerance`. The test is applied to `scale * value`,
    /// with `scale` the parameter's entry of `thetaScales`: θ for a random slope is in units
    /// of 1/x, so on θ itself the verdict would change with the units of x; θ̃ = sθ is
    /// unit-free (and equals θ for intercepts, where s = 1, as in lme4).
    static func isOnBoundary(_ value: Double, lowerBound: Double, scale: Double = 1) -> Bool {
        lowerBound == 0 && value * scale < boundaryTolerance
    }

    /// Indices of the parameters on the boundary; `scales` may be shorter than `values`
    /// (fixed effects after θ), the rest taken as 1.
    static func boundaryIndices(_ values: [Double], lowerBounds: [Double], scales: [Double]) -> [Int] {
        values.indices.filter { i in
            isOnBoundary(values[i], lowerBound: lowerBounds[i], scale: i < scales.count ? scales[i] : 1)
        }
    }
}
