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

    /// The event-study estimates of every outcome (all pupils) against event time, the
    /// reference year (event time −1) marked; nil without an event-study model.
    public static func eventStudyPlot(_ results: EvaluationResults) -> EventStudyPlot? {
        let models = results.models.filter { $0.specification.analysis == .eventStudy && $0.status == .fitted }
        guard !models.isEmpty else { return nil }
        let panels = models.map { model in
            let spec = model.specification
            let estimates = results.estimates.filter { $0.modelID == model.id }
            var points: [EventStudyPlot.Point] = []
            for indicator in EventStudy.indicators {
                if indicator.phase == .lag && indicator.value == 0 {
                    points.append(.init(label: "\(EventStudy.referenceEventTime)", estimate: 0, lower: 0, upper: 0,
                                        isReference: true, phase: EventStudy.Phase.lead.rawValue))
                }
                let e = estimates.first { $0.term == indicator.name }
                points.append(.init(label: axisLabel(indicator), estimate: e?.estimate ?? .nan, lower: e?.lower ?? .nan,
                                    upper: e?.upper ?? .nan, phase: indicator.phase.rawValue))
            }
            let note = model.eventStudy?.leadsTest.map { t in
                "Leads jointly zero: Wald chi-square \(String(format: "%.2f", t.statistic)) on \(t.degreesOfFreedom) df, p = \(String(format: "%.3f", t.pValue))"
            } ?? "Leads test not available (no lead estimated)"
            return EventStudyPlot.Panel(title: "\(spec.outcome.title) (\(spec.phase))", yLabel: spec.outcome.coefficientUnit,
                                        points: points, note: note)
        }
        return EventStudyPlot(
            title: "Event study by year from the start of support (associations, not causal effects)",
            xLabel: "Years from the start of support (reference: the year before, \(EventStudy.referenceEventTime)); end+k: k years after support ended",
            panels: panels)
    }

    /// "≤ −3", "−2", "0", "1", "2+", "end+1", "end+2+".
    static func axisLabel(_ indicator: EventStudy.Indicator) -> String {
        let value = indicator.value < 0 ? "\u{2212}\(-indicator.value)" : "\(indicator.value)"
        switch indicator.phase {
        case .lead: return indicator.binned ? "\u{2264} " + value : value
        case .lag: return indicator.binned ? value + "+" : value
        case .ended: return "end+" + value + (indicator.binned ? "+" : "")
        }
    }
}
