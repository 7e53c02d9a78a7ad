import Education

/// The two figures of the evaluation report: a forest plot of the category effects and a
/// caterpillar plot of the school effects.
public enum EvaluationFigures {
    /// Category effects of every outcome and area on one standardised axis (attainment in SD
    /// units; logit models as log odds ratio × √3/π, Chinn 2000), grouped by outcome.
    public static func forestPlot(_ results: EvaluationResults) -> ForestPlot {
        var rows: [ForestPlot.Row] = []
        for e in results.estimates(of: .categories) where e.term == "support" + e.category {
            guard let s = e.standardised else { continue }
            let area = e.subgroup == "all" ? "all areas" : e.subgroup.replacingOccurrences(of: "_", with: " ")
            rows.append(ForestPlot.Row(label: "\(e.category) (\(area))", estimate: s.estimate, lower: s.lower,
                                       upper: s.upper, group: "\(e.outcome.title) (\(e.phase))"))
        }
        return ForestPlot(
            title: "Support categories and pupil outcomes (associations, not causal effects)",
            xLabel: "Standardised difference from schools without support (SD units; logit: log OR × √3/π)",
            rows: rows)
    }

    /// School conditional modes with intervals from their conditional variances.
    public static func caterpillarPlot(_ results: EvaluationResults) -> CaterpillarPlot {
        let outcome = results.schoolEffectsOutcome
        let points = results.schoolEffects.map {
            CaterpillarPlot.Point(label: $0.school, estimate: $0.estimate, lower: $0.lower, upper: $0.upper)
        }
        return CaterpillarPlot(
            title: "School effects on \(outcome?.title ?? "the outcome") (conditional modes, \(Int((results.confidenceLevel * 100).rounded()))% intervals)",
            yLabel: outcome?.coefficientUnit ?? "", points: points)
    }
}
