import Education

/// The "Matched comparison" section of the evaluation report (`MatchedComparison`): what was
/// matched on, per outcome the naive before/after change beside the matched
/// difference-in-differences, the balance table and the unmatched schools with their reasons,
/// then the models refitted on the matched sample. Empty without matching.
enum EvaluationMatchedSection {
    typealias Block = ReportDocument.Block
    typealias F = EvaluationNumberFormat

    static func blocks(_ results: EvaluationResults) -> [Block] {
        guard let matched = results.matched else { return [] }
        let o = matched.options
        var blocks: [Block] = [
            .heading(level: 2, text: .text("Matched comparison"), anchor: "matched"),
            .paragraph(.text(
                "Each supported school is matched to \(o.neighbours) comparison school\(o.neighbours == 1 ? "" : "s") "
                + "\(o.withReplacement ? "with" : "without") replacement (caliper \(o.caliper.map { F.fixed($0, 2) } ?? "none") on the standardised distance), "
                + "on its school mean in the year before its support started (the baseline), its trend from the year before that, its cohort size and % FSM, "
                + "exactly within the same baseline year and area; comparison schools had no support up to the school's first year of support. "
                + "The naive before/after estimate is the supported schools' mean change from the baseline to the first year of support; it contains "
                + "regression to the mean, since schools chosen after a poor year tend to recover anyway. The matched difference-in-differences subtracts "
                + "the change of comparison schools whose baseline was as low; the bias-corrected version also moves each match's change by the slope of the change on "
                + "the covariates among the candidates times the covariate difference that matching left (Abadie and Imbens 2011). All three come from the pupil data aggregated to school-years (school means). "
                + "Matching removes the regression to the mean that the matched covariates predict; it cannot remove differences in what was not matched on, "
                + "so the matched estimate is still an association.")),
        ]
        if let note = matched.note { blocks.append(.quote([.strong(.text("Single cohort.")), .text(" \(note)")])) }
        for entry in matched.outcomes {
            let m = entry.matching
            blocks.append(.heading(level: 3, text: .text(entry.outcome.title), anchor: "matched-\(entry.outcome.rawValue)"))
            blocks.append(.list([
                .text("\(F.count(entry.supportedSchools)) supported schools: \(F.count(m.pairs.count)) matched, \(F.count(m.unmatched.count)) unmatched "
                      + "(\(F.count(entry.schoolsWithoutPrePeriod)) without a pre-period); \(F.count(m.comparisonSchoolsUsed)) of \(F.count(m.candidates)) candidate schools used; "
                      + "matched sample \(F.count(entry.matchedSampleSchools)) schools, \(F.count(entry.matchedSamplePupils)) pupils"),
                .text("Naive before/after change (includes regression to the mean): " + TrendsFormat.estimate(m.naiveChange, level: m.level, unit: entry.unit)),
                .text("Matched difference-in-differences: " + TrendsFormat.estimate(m.matchedDifference, level: m.level, unit: entry.unit)),
                .text("Matched, bias-corrected for the remaining covariate differences: "
                      + TrendsFormat.estimate(m.biasCorrectedDifference, level: m.level, unit: entry.unit)),
            ]))
            let balance = TrendsFormat.balanceRows(m)
            if !balance.rows.isEmpty {
                blocks.append(.paragraph(.text("Balance (standardised mean differences before and after matching):")))
                blocks.append(.table(header: balance.header.map { .text($0) },
                                     alignments: [.left] + Array(repeating: .right, count: balance.header.count - 1),
                                     rows: balance.rows.map { $0.map { .text($0) } }))
            }
            if !m.unmatched.isEmpty {
                let listed = m.unmatched.prefix(50).map { u -> [ReportDocument.Inline] in
                    [.code("\(u.school)"), .text(" (\(u.reason.rawValue)): \(u.message)")]
                }
                blocks.append(.paragraph(.text("Unmatched supported schools\(m.unmatched.count > 50 ? " (first 50 of \(m.unmatched.count); all are in results.json)" : ""):")))
                blocks.append(.list(listed))
            }
        }
        blocks.append(.heading(level: 3, text: .text("Models on the matched sample"), anchor: "matched-models"))
        blocks.append(.paragraph(.text(
            "The models below are fitted on the pupils of the matched supported schools and their comparison schools only (all years), "
            + "beside the all-schools results above.")))
        blocks.append(EvaluationReportDocument.table(matched.estimates))
        let notFitted = matched.models.filter { $0.status != .fitted }
        if !notFitted.isEmpty {
            blocks.append(.list(notFitted.map { .text("\($0.id): \($0.status.rawValue): \($0.message ?? "")") }))
        }
        return blocks
    }
}

/// The matched comparison as plain text for the terminal (`evaluate --matched`): per outcome the
/// counts, the naive, matched and bias-corrected estimates; empty without matching.
public enum EvaluationMatchedText {
    public static func render(_ results: EvaluationResults) -> String {
        guard let matched = results.matched else { return "" }
        var text = "\nMatched comparison (report.md, \"Matched comparison\"):\n"
        if let note = matched.note { text += "  \(note)\n" }
        for entry in matched.outcomes {
            let m = entry.matching
            text += "  \(entry.outcome.rawValue): \(m.pairs.count) of \(entry.supportedSchools) supported schools matched, "
                + "\(m.unmatched.count) unmatched (\(entry.schoolsWithoutPrePeriod) without a pre-period)\n"
            text += "    naive before/after: " + TrendsFormat.estimate(m.naiveChange, level: m.level, unit: entry.unit) + "\n"
            text += "    matched difference-in-differences: " + TrendsFormat.estimate(m.matchedDifference, level: m.level, unit: entry.unit) + "\n"
            text += "    matched, bias-corrected: " + TrendsFormat.estimate(m.biasCorrectedDifference, level: m.level, unit: entry.unit) + "\n"
        }
        for model in matched.models {
            text += "  \(model.id) on the matched sample: \(model.status.rawValue)" + (model.message.map { ": \($0)" } ?? "") + "\n"
            for e in matched.estimates where e.modelID == model.id {
                text += String(format: "    %@ %.3f (SE %.3f)\n", e.term, e.estimate, e.standardError)
            }
        }
        return text
    }
}
