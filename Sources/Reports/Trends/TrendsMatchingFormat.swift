import Education

/// The matched-comparison section of the trends outputs: the naive before/after change beside
/// the matched difference-in-differences, and the balance table. Shared by the text and
/// Markdown writers so that both say the same thing.
extension TrendsFormat {
    /// "+7.1 points (SE 1.2, 95% CI +4.8 to +9.4; 61 schools)".
    static func estimate(_ e: ComparisonMatching.MeanEstimate?, level: Double, unit: String = "points") -> String {
        guard let e else { return "not computed" }
        var text = "\(signed(e.estimate)) \(unit)"
        if let se = e.standardError { text += " (SE \(one(se))" } else { text += " (no SE: one school" }
        if let interval = e.interval {
            text += ", \(Int((level * 100).rounded()))% CI \(signed(interval.lowerBound)) to \(signed(interval.upperBound))"
        }
        return text + "; \(e.schools) school\(e.schools == 1 ? "" : "s"))"
    }

    /// The lines that describe the matching and its two estimates.
    static func matchingLines(_ m: ComparisonMatching) -> [String] {
        let o = m.options
        var lines = [
            "Matched comparison: \(o.neighbours) nearest never-supported school\(o.neighbours == 1 ? "" : "s") per supported school "
                + "\(o.withReplacement ? "with" : "without") replacement, caliper \(o.caliper.map { one($0) } ?? "none"), "
                + "on \(m.covariates.joined(separator: ", "))\(m.exactStratum ? ", exactly within phase and area" : ""); "
                + "\(m.pairs.count) matched, \(m.unmatched.count) unmatched, \(m.comparisonSchoolsUsed) of \(m.candidates) candidate schools used",
            "Naive before/after change (includes regression to the mean): \(estimate(m.naiveChange, level: m.level))",
            "Matched difference-in-differences: \(estimate(m.matchedDifference, level: m.level))",
        ]
        if let corrected = m.biasCorrectedDifference {
            lines.append("Matched, bias-corrected for the remaining covariate differences: \(estimate(corrected, level: m.level))")
        }
        if !m.unmatched.isEmpty {
            let reasons = Dictionary(grouping: m.unmatched, by: \.reason).map { "\($0.key.rawValue) \($0.value.count)" }.sorted()
            lines.append("Unmatched supported schools: " + reasons.joined(separator: ", ") + " (each is in the data notes)")
        }
        return lines
    }

    /// The balance table: covariate means and standardised differences before and after matching.
    static func balanceRows(_ m: ComparisonMatching) -> (header: [String], rows: [[String]]) {
        let header = ["covariate", "supported", "all candidates", "matched", "std. diff. before", "std. diff. after"]
        let rows = m.balance.map { b in
            [b.covariate, one(b.supportedMean), one(b.comparisonMeanBefore), one(b.comparisonMeanAfter),
             ratio(b.standardisedDifferenceBefore), ratio(b.standardisedDifferenceAfter)]
        }
        return (header, rows)
    }
}
