import Foundation
import ProbabilityDistributions

/// A coefficient on the response scale: exp(β) with its Wald interval, an odds ratio under
/// the logit link and a rate (or risk) ratio under the log link.
public struct RatioEstimate: Sendable, Equatable, Codable {
    public var name: String
    /// "odds ratio" or "rate ratio".
    public var kind: String
    public var ratio: Double
    public var lower: Double
    public var upper: Double
    public var level: Double
}

extension GeneralizedLinearMixedModel {
    /// Wald z tests of the coefficients, as `summary(glmer(...))` reports them (the
    /// degrees of freedom are infinite).
    public func coefficientTests() -> [CoefficientTest] {
        let se = standardErrors
        return fixedEffectNames.indices.map { i in
            let z = fixedEffects[i] / se[i]
            return CoefficientTest(name: fixedEffectNames[i], estimate: fixedEffects[i], standardError: se[i],
                                   degreesOfFreedom: .infinity, tValue: z,
                                   pValue: Distributions.studentTTwoSidedP(z, degreesOfFreedom: .infinity))
        }
    }

    /// exp(β) with Wald intervals exp(β ± z SE) for logit (odds ratios) and log (rate or risk
    /// ratios) links; empty for other links, whose coefficients have no ratio reading.
    public func ratioEstimates(level: Double = 0.95) -> [RatioEstimate] {
        let kind: String
        switch link {
        case .logit: kind = "odds ratio"
        case .log: kind = distribution == .binomial ? "risk ratio" : "rate ratio"
        default: return []
        }
        let z = Distributions.normalQuantile(0.5 + level / 2)
        let se = standardErrors
        return fixedEffectNames.indices.map { i in
            RatioEstimate(name: fixedEffectNames[i], kind: kind, ratio: exp(fixedEffects[i]),
                          lower: exp(fixedEffects[i] - z * se[i]), upper: exp(fixedEffects[i] + z * se[i]), level: level)
        }
    }

    /// Gradient and Hessian of the objective in (θ, β) at the estimates and lme4's scaled
    /// gradient check. Like lme4 (`calc.derivs` for n < 10,000) the derivatives are computed
    /// for smaller data only; larger fits report the optimiser's own convergence.
    public func convergenceDiagnostics(tolerance: Double = 0.002) -> ConvergenceDiagnostics {
        let par = theta + fixedEffects + (distribution.hasDispersion ? [log(phi)] : [])
        var messages: [String] = []
        if let o = optimization, !o.converged { messages.append("optimiser: \(o.message)") }
        if isSingular { messages.append("boundary (singular) fit: see the variance components") }
        // A REML fit optimises θ alone on the restricted criterion, whose derivatives in
        // (θ, β) the ML checks below do not describe: it reports its optimiser's convergence.
        guard observationCount < MixedModelDefaults.derivativeObservationLimit, !reml else {
            return ConvergenceDiagnostics(gradient: [], hessian: Matrix(rows: 0, columns: 0), scaledGradientMaximum: 0,
                                          hessianEigenvalues: [], boundaryParameters: [], messages: messages,
                                          converged: optimization?.converged ?? false)
        }
        let d = derivatives ?? objectiveDerivatives()
        let gradient = d.gradient, hessian = d.hessian
        let lower = thetaLowerBounds + Array(repeating: -Double.infinity, count: par.count - thetaCount)
        let boundary = MixedModelDefaults.boundaryIndices(par, lowerBounds: lower, scales: thetaScales)
        let checks = ConvergenceDiagnostics.checks(gradient: gradient, hessian: hessian, boundary: boundary,
                                                   tolerance: tolerance)
        let scaled = checks.scaledGradientMaximum, eigen = checks.eigenvalues
        messages += checks.messages
        return ConvergenceDiagnostics(gradient: gradient, hessian: hessian, scaledGradientMaximum: scaled,
                                      hessianEigenvalues: eigen, boundaryParameters: boundary, messages: messages,
                                      converged: (optimization?.converged ?? false) && scaled <= tolerance)
    }

    /// Conditional modes b̂ = Λû of every term.
    public var randomEffects: [ConditionalModes] {
        var out: [ConditionalModes] = []
        var offset = 0
        for t in terms {
            let b = t.conditionalEffects(spherical: u[offset..<(offset + t.columnCount)])
            offset += t.columnCount
            let modes = (0..<t.levelCount).map { Array(b[($0 * t.q)..<(($0 + 1) * t.q)]) }
            out.append(ConditionalModes(groupingName: t.groupingName, columnNames: t.columnNames, levels: t.levels,
                                        modes: modes, conditionalCovariances: nil))
        }
        return out
    }
}
