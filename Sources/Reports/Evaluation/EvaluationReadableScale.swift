import Education

extension EvaluationEstimate {
    /// The estimate on its most readable scale, in words: grades and EEF months for capped
    /// points, SD units and months for KS2, odds ratio and percentage points for 5A*–C, odds
    /// ratio and sessions per pupil for absence.
    public var readableScale: String {
        typealias F = EvaluationNumberFormat
        switch outcome {
        case .ks4Capped, .ks2Attainment:
            var parts: [String] = []
            if let grades = gcseGrades { parts.append("\(F.fixed(grades, 2)) grades") }
            if let size = effectSize { parts.append("\(F.fixed(size, 3)) SD") }
            if let months = eefMonths { parts.append("\(months) month\(abs(months) == 1 ? "" : "s")") }
            return parts.joined(separator: "; ")
        case .ks4FiveACEM:
            var parts: [String] = []
            if let ratio = oddsRatio { parts.append("OR \(F.fixed(ratio, 2)) (\(F.fixed(oddsRatioLower, 2))–\(F.fixed(oddsRatioUpper, 2)))") }
            if let pp = percentagePoints { parts.append("\(F.fixed(pp, 1)) pp") }
            return parts.joined(separator: "; ")
        case .totalAbsence, .unauthorisedAbsence:
            var parts: [String] = []
            if let ratio = oddsRatio { parts.append("OR \(F.fixed(ratio, 3)) (\(F.fixed(oddsRatioLower, 3))–\(F.fixed(oddsRatioUpper, 3)))") }
            if let sessions = sessionsPerPupil { parts.append("\(F.fixed(sessions, 2)) sessions/pupil") }
            return parts.joined(separator: "; ")
        }
    }

    /// The estimate in standardised units, for one forest plot across outcomes: SD units for
    /// attainment, and for logit models the log odds ratio times √3/π (Chinn 2000, "A simple
    /// method for converting an odds ratio to effect size for use in meta-analysis",
    /// Statistics in Medicine 19). Returns (estimate, lower, upper), or nil when no SD is known.
    public var standardised: (estimate: Double, lower: Double, upper: Double)? {
        switch outcome.modelKind {
        case .linear:
            guard let size = effectSize, estimate != 0 else { return nil }
            let scale = size / estimate
            return (size, lower * scale, upper * scale)
        case .bernoulliLogit, .binomialLogit:
            let scale = 3.0.squareRoot() / Double.pi
            return (estimate * scale, lower * scale, upper * scale)
        }
    }
}
