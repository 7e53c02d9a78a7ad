import Education
import ValueForMoney

/// The bridge from an evaluation estimate to value for money: the estimate becomes a
/// `ValueForMoney.EffectEstimate`, is set against a cost model and valued with the default
/// benefit assumptions (DfE 2021 lifetime-earnings value of a GCSE grade, HM Treasury Green
/// Book discounting; see Docs/value-for-money.md), and the break-even analysis is written as a
/// Markdown section.
public enum EvaluationValueForMoney {
    /// Illustrative costs of one year of support for one school, built from the cost figures
    /// quoted in the City Challenge evaluation (NFER, Rudd et al. 2011). They are assumptions
    /// for illustration, not the programme's costs: supply real costs where known.
    public struct IllustrativeCosts: Sendable, Equatable {
        /// Days of NLE support a year: about one day a week over a 39-week school year.
        public var leaderDays = 39.0
        /// £ a day: one LA paid £2,000 for 6 NLE days (≈ £333).
        public var dayRate = ReferenceCosts.nleDayRate
        /// NLE bursary a year: the midpoint of the National College's £5,000–£15,000.
        public var bursary = 10_000.0

        public init() {}

        /// Cost per supported school a year.
        public var perSchool: Double { leaderDays * dayRate + bursary }

        /// The cost model for `schools` supported schools whose cohorts total `pupils`.
        public func costModel(schools: Double, pupils: Double) -> CostModel {
            CostModel(items: [.leaderDays(.nle, days: leaderDays, dayRate: dayRate, schools: schools),
                              .bursary(bursary, schools: schools)],
                      cohorts: [PupilCohort(pupils: pupils)], supportedSchools: schools)
        }

        /// The assumptions in words, for the report.
        public var description: String {
            "\(EvaluationNumberFormat.fixed(leaderDays, 0)) NLE days a year at £\(EvaluationNumberFormat.fixed(dayRate, 0)) a day (one LA paid £2,000 for 6 NLE days) "
                + "plus a £\(EvaluationNumberFormat.money(bursary)) bursary (midpoint of £5,000–£15,000) per supported school, "
                + "one year of support reaching one KS4 cohort (NFER, Rudd et al. 2011)"
        }
    }

    /// The value-for-money effect of a KS4 capped-points (or KS2 fine-points) estimate; nil for
    /// other outcomes, which need a user-supplied value per unit.
    public static func effectEstimate(_ estimate: EvaluationEstimate) -> EffectEstimate? {
        let outcome: OutcomeMeasure
        switch estimate.outcome {
        case .ks4Capped: outcome = .ks4CappedPoints
        case .ks2Attainment: outcome = .ks2FinePoints
        default: return nil
        }
        let sd = estimate.effectSize.flatMap { size in size != 0 ? estimate.estimate / size : nil }
        return EffectEstimate(outcome: outcome, estimate: estimate.estimate, standardError: estimate.standardError,
                              outcomeSD: sd, degreesOfFreedom: estimate.degreesOfFreedom,
                              label: "\(categoryTitle(estimate.category)) (\(estimate.subgroup == "all" ? "all areas" : estimate.subgroup))")
    }

    /// The break-even analysis of `estimate` under `costs` (or, when given, a recorded cost
    /// `recordedPerSchool` per supported school) for its supported schools, each with the
    /// model's mean cohort (pupils rounded to a whole number).
    public static func analysis(_ estimate: EvaluationEstimate, costs: IllustrativeCosts = IllustrativeCosts(),
                                recordedPerSchool: Double? = nil) throws -> BreakEvenAnalysis? {
        guard let effect = effectEstimate(estimate) else { return nil }
        let schools = Double(max(estimate.schoolsInCategory ?? 1, 1))
        let cohort = Double(estimate.pupils) / Double(max(estimate.schools, 1))
        let pupils = max((schools * cohort).rounded(), 1)
        let model = recordedPerSchool.map {
            CostModel(items: [CostItem(kind: .other, label: "Recorded cost per supported school", unitCost: $0, schools: schools)],
                      cohorts: [PupilCohort(pupils: pupils)], supportedSchools: schools)
        } ?? costs.costModel(schools: schools, pupils: pupils)
        return try effect.breakEven(costs: model)
    }

    /// The Markdown value-for-money section for the first category estimate on the KS4 capped
    /// score (all areas), preferring `preferredCategory`; nil when there is none.
    public static func markdownSection(_ results: EvaluationResults, preferredCategory: String = "receiving",
                                       costs: IllustrativeCosts = IllustrativeCosts()) -> String? {
        guard let blocks = sectionBlocks(results, preferredCategory: preferredCategory, costs: costs) else { return nil }
        var md = ReportDocument.markdown(blocks: blocks)
        if md.hasSuffix("\n\n") { md.removeLast() }
        return md
    }

    /// The value-for-money section as report blocks (see `markdownSection`). With `recorded`
    /// costs that attribute a cost to at least one supported school, their mean real cost per
    /// supported school replaces `costs`, and the section shows cost against days and its spread.
    public static func sectionBlocks(_ results: EvaluationResults, preferredCategory: String = "receiving",
                                     costs: IllustrativeCosts = IllustrativeCosts(),
                                     recorded: RecordedCosts? = nil) -> [ReportDocument.Block]? {
        let candidates = results.estimates(of: .categories).filter {
            $0.outcome == .ks4Capped && $0.subgroup == "all" && $0.term == "support" + $0.category
        }
        guard let chosen = candidates.first(where: { $0.category == preferredCategory }) ?? candidates.first else { return nil }
        var blocks: [ReportDocument.Block]
        do {
            guard let analysis = try analysis(chosen, costs: costs, recordedPerSchool: recorded?.meanPerSupportedSchool) else { return nil }
            blocks = try analysis.reportBlocks()
        } catch {
            return [.heading(level: 2, text: [.text("Value for money")], anchor: "value-for-money"),
                    .paragraph([.text("The break-even analysis could not be made: \(error)")])]
        }
        let source: [ReportDocument.Inline]
        if let recorded, let mean = recorded.meanPerSupportedSchool {
            source = [.emphasis([.text("Recorded programme costs:")]),
                      .text(" the mean real cost per supported school from the support file's cost column, £\(EvaluationNumberFormat.money(mean)) "
                            + "in \(recorded.priceBasis) (\(recorded.costPerSchool.count) schools, \(recorded.costed) of \(recorded.records) records costed; "
                            + "hand-entered costs in a design file override it).")]
        } else {
            source = [.emphasis([.text("Illustrative cost assumptions, not programme costs:")]), .text(" \(costs.description).")]
        }
        let note: [ReportDocument.Inline] = source + [
            .text(" The effect is the association of "), .code(chosen.term),
            .text(" with the KS4 capped point score "
                  + "(\(EvaluationNumberFormat.fixed(chosen.estimate, 2)) points, SE \(EvaluationNumberFormat.fixed(chosen.standardError, 2))), "
                  + "not a causal effect."),
        ]
        blocks.insert(.paragraph(note), at: min(1, blocks.count))
        if let recorded, recorded.meanPerSupportedSchool != nil {
            blocks.insert(ProgrammeReportDocument.costSpreadTable(recorded), at: min(2, blocks.count))
        }
        return blocks
    }

    /// A readable name for the default categories.
    static func categoryTitle(_ category: String) -> String {
        switch category {
        case "receiving": "Receiving NLE/LLE support"
        case "providing": "Providing support (NLE/LLE/NSS or Teaching School)"
        case "ts_programme": "Staff on Teaching School programmes"
        default: category
        }
    }
}
