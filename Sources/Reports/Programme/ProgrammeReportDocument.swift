import Education
import Foundation

/// The programme-records report as a `ReportDocument` (programme.md, programme.txt): the files
/// read, Ofsted grades before and after support, the grade transitions, the time to leave an
/// Ofsted category, the deployments and the recorded costs. Docs/programme.md defines each
/// table. `evaluationSection` is the short version in the evaluation report.
public enum ProgrammeReportDocument {
    typealias Block = ReportDocument.Block
    typealias Inline = ReportDocument.Inline
    typealias F = EvaluationNumberFormat

    public static let title = "Programme records: Ofsted judgements, deployments and recorded costs"
    static let caveat = "Grades before and after support describe the schools; they are not the effect of support, which "
        + "also changes with inspection frameworks, school leadership and the reasons schools were chosen for support."

    /// The full report; `chart` names the grade-distribution figure beside it.
    public static func document(_ analysis: ProgrammeAnalysis, chart: String? = "grades.svg") -> ReportDocument {
        var blocks: [Block] = [.heading(level: 1, text: .text(title), anchor: "top")]
        blocks.append(.quote([.strong(.text("Caveat.")), .text(" " + caveat)]))
        blocks.append(.paragraph(.text(
            "Analysis date \(analysis.asOf). Schools: " + ProgrammeGroup.allCases.map { "\(F.count(analysis.schools(in: $0))) \($0.label)" }
                .joined(separator: ", ") + "." + (analysis.otherReferenceDate.map {
                    " Other schools are compared either side of \($0) ("
                        + (analysis.schools(in: .supported) > 0 ? "the median first support start of the supported schools" : "the earliest support start")
                        + ")."
                } ?? ""))))
        blocks += filesRead(analysis)
        if let ofsted = analysis.ofsted {
            blocks += distributions(ofsted, chart: chart)
            blocks += transitions(ofsted)
            blocks += categoryExits(ofsted, asOf: analysis.asOf)
        } else {
            blocks.append(.paragraph(.text("No Ofsted inspections file was given (--ofsted): no grade or category tables.")))
        }
        blocks += deployments(analysis.deployments)
        blocks += costs(analysis.costs)
        return ReportDocument(title: title, blocks: blocks)
    }

    /// The "Programme records" section of the evaluation report: the transitions, the
    /// deployments and the recorded costs in brief.
    public static func evaluationSection(_ analysis: ProgrammeAnalysis) -> [ReportDocument.Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Programme records"), anchor: "programme-records")]
        blocks.append(.paragraph([.text("From the support file" + (analysis.ofsted == nil ? "" : " and the Ofsted inspections file") + "; "),
                                  .code("schoolsupport programme"), .text(" writes the full tables (Docs/programme.md). " + caveat)]))
        if let ofsted = analysis.ofsted {
            blocks.append(.heading(level: 3, text: .text("Ofsted transitions"), anchor: "programme-ofsted"))
            blocks.append(transitionSummaryTable(ofsted))
            let inadequate = ofsted.transitions.filter { $0.inadequateBefore > 0 || $0.inadequateAfter > 0 }
            if !inadequate.isEmpty {
                blocks.append(.list(inadequate.map { .text("\($0.group.label): \($0.inadequateSummary).") }))
            }
        }
        blocks.append(.heading(level: 3, text: .text("Deployments"), anchor: "programme-deployments"))
        blocks.append(.paragraph(.text(reachSentence(analysis.deployments))))
        blocks.append(tallyTable("kind", analysis.deployments.byKind))
        blocks.append(.heading(level: 3, text: .text("Recorded costs"), anchor: "programme-costs"))
        blocks.append(.paragraph(.text(costSentence(analysis.costs))))
        blocks.append(costSpreadTable(analysis.costs))
        return blocks
    }

    // MARK: Sections

    static func filesRead(_ analysis: ProgrammeAnalysis) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Files read"), anchor: "files-read")]
        blocks.append(.table(
            header: ["file", "rows", "accepted", "rejected or excluded"].map { .text($0) },
            alignments: [.left, .right, .right, .right],
            rows: analysis.readSummaries.map { [[.code($0.file)], .text(F.count($0.rows)), .text(F.count($0.accepted)), .text(F.count($0.rejected))] }))
        let rejections = analysis.readSummaries.flatMap(\.rejections)
        if !rejections.isEmpty {
            blocks.append(.paragraph(.text("Rejected rows (first 20 of \(F.count(rejections.count)); all in rejections.csv):")))
            blocks.append(.list(rejections.prefix(20).map { .text("\($0)") }))
        }
        if let unknown = analysis.ofsted?.unknownSchools, !unknown.isEmpty {
            blocks.append(.paragraph(.text("Inspections of \(unknown.count) URN\(unknown.count == 1 ? "" : "s") not in the school file (excluded): "
                + unknown.map(\.description).joined(separator: ", ") + ".")))
        }
        return blocks
    }

    static func distributions(_ ofsted: ProgrammeAnalysis.Ofsted, chart: String?) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Ofsted grades before and after support"), anchor: "grades")]
        blocks.append(.paragraph(.text(
            "Overall effectiveness at the last inspection on or before the school's first support start (before) and the first inspection after it (after). "
                + "Percentages are of the schools inspected in the period; \(F.count(ofsted.inspections)) inspections.")))
        let grades = OfstedGrade.allCases
        blocks.append(.table(
            header: (["group", "period", "schools", "inspected"] + grades.map { "\($0.rawValue) \($0.label)" }).map { .text($0) },
            alignments: [.left, .left, .right, .right] + grades.map { _ in .right },
            rows: ofsted.distributions.map { d in
                [.text(d.group.label), .text(d.period.rawValue), .text(F.count(d.schools)), .text(F.count(d.inspected))]
                    + grades.map { g in .text("\(d.counts[g.rawValue - 1]) (\(percent(d.percentages[g.rawValue - 1])))") }
            }))
        if let chart {
            blocks.append(.figure(file: chart, alternativeText: "Ofsted grade distributions before and after support", svg: nil,
                                  caption: .text("Grade distributions before and after support, by group (percent of schools inspected).")))
        }
        return blocks
    }

    static func transitionSummaryTable(_ ofsted: ProgrammeAnalysis.Ofsted) -> Block {
        .table(
            header: ["group", "inspected before and after", "improved", "unchanged", "declined", "% improving", "inadequate before", "inadequate after"].map { .text($0) },
            alignments: [.left, .right, .right, .right, .right, .right, .right, .right],
            rows: ofsted.transitions.map { t in
                [.text(t.group.label), .text(F.count(t.schools)), .text(F.count(t.improved)), .text(F.count(t.unchanged)),
                 .text(F.count(t.declined)), .text(percent(t.improvingPercentage)), .text(F.count(t.inadequateBefore)),
                 .text(F.count(t.inadequateAfter))]
            })
    }

    static func transitions(_ ofsted: ProgrammeAnalysis.Ofsted) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Grade transitions"), anchor: "transitions")]
        blocks.append(.paragraph(.text("Schools inspected both before and after; a lower grade is better, so improving means a smaller number after.")))
        blocks.append(transitionSummaryTable(ofsted))
        let grades = OfstedGrade.allCases
        for t in ofsted.transitions where t.schools > 0 {
            blocks.append(.heading(level: 3, text: .text(t.group.label), anchor: "transitions-\(t.group.rawValue)"))
            blocks.append(.paragraph(.text("Rows: grade before; columns: grade after. Each cell: schools (percent of the \(t.schools) schools; percent of the row).")))
            blocks.append(.table(
                header: (["before \\ after"] + grades.map { "\($0.rawValue)" } + ["total"]).map { .text($0) },
                alignments: [.left] + grades.map { _ in .right } + [.right],
                rows: grades.map { b in
                    [.text("\(b.rawValue) \(b.label)")]
                        + grades.map { a in
                            .text("\(t.counts[b.rawValue - 1][a.rawValue - 1]) (\(percent(t.percentage(before: b, after: a))); \(percent(t.rowPercentage(before: b, after: a))))")
                        }
                        + [.text(F.count(t.counts[b.rawValue - 1].reduce(0, +)))]
                }))
            let inadequate = t.inadequateBefore > 0 || t.inadequateAfter > 0 ? " \(t.inadequateSummary)." : ""
            blocks.append(.paragraph(.text("\(t.improved) of \(t.schools) improved (\(percent(t.improvingPercentage))).\(inadequate)")))
        }
        return blocks
    }

    static func categoryExits(_ ofsted: ProgrammeAnalysis.Ofsted, asOf: CalendarDate) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Time to leave an Ofsted category"), anchor: "time-to-leave")]
        blocks.append(.paragraph(.text(
            "Schools in special measures or with a notice to improve at their first support start, and the whole months from that start to the first "
                + "inspection that left them in no category. Schools that had not left by \(asOf) are censored there (kept at risk, not dropped); "
                + "the median is the Kaplan–Meier estimate.")))
        blocks.append(.table(
            header: ["group", "in a category at the start", "left", "censored", "Kaplan–Meier median months"].map { .text($0) },
            alignments: [.left, .right, .right, .right, .right],
            rows: ofsted.categoryExits.map { e in
                [.text(e.group.label), .text(F.count(e.schools.count)), .text(F.count(e.leftCount)), .text(F.count(e.censoredCount)),
                 .text(e.schools.isEmpty ? "—" : e.medianMonths.map { F.fixed($0, 0) } ?? "not reached")]
            }))
        for e in ofsted.categoryExits where !e.kaplanMeier.steps.isEmpty {
            blocks.append(.paragraph(.text("Kaplan–Meier steps, \(e.group.label):")))
            blocks.append(.table(
                header: ["months", "at risk", "left", "still in a category (S)"].map { .text($0) },
                alignments: [.right, .right, .right, .right],
                rows: e.kaplanMeier.steps.map { s in
                    [.text(F.fixed(s.time, 0)), .text(F.count(s.atRisk)), .text(F.count(s.events)), .text(F.fixed(s.survival, 3))]
                }))
        }
        return blocks
    }

    static func reachSentence(_ d: DeploymentSummary) -> String {
        var text = "\(F.count(d.deployments)) deployments reaching \(F.count(d.schoolsReached)) client schools"
        if let pupils = d.pupilsReached { text += " (\(F.count(pupils)) pupil records)" }
        text += " in \(F.count(d.localAuthorities.count)) local authorities; \(F.money(d.days)) days of support"
        if d.recordsWithoutDays > 0 { text += " (\(d.recordsWithoutDays) records give no days)" }
        text += "; \(d.crossLA) of \(d.crossLA + d.sameLA) deployments with a known partner LA crossed an LA boundary (\(percent(d.crossLAPercentage)))"
        if d.unknownLA > 0 { text += ", \(d.unknownLA) unknown" }
        return text + "."
    }

    static func tallyTable(_ name: String, _ tallies: [DeploymentSummary.Tally]) -> Block {
        .table(
            header: [name, "deployments", "schools", "days", "records without days"].map { .text($0) },
            alignments: [.left, .right, .right, .right, .right],
            rows: tallies.map { [.text($0.key), .text(F.count($0.deployments)), .text(F.count($0.schools)), .text(F.money($0.days)), .text(F.count($0.recordsWithoutDays))] })
    }

    static func deployments(_ d: DeploymentSummary) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Deployments"), anchor: "deployments")]
        blocks.append(.paragraph(.text(reachSentence(d))))
        for (title, name, tallies) in [("By kind", "kind", d.byKind), ("By role", "role", d.byRole),
                                       ("By local authority of the school", "LA", d.byLocalAuthority),
                                       ("By academic year support started", "year", d.byAcademicYear)] {
            blocks.append(.heading(level: 3, text: .text(title), anchor: nil))
            blocks.append(tallyTable(name, tallies))
        }
        if !d.supporters.isEmpty {
            blocks.append(.heading(level: 3, text: .text("Supporting schools"), anchor: nil))
            blocks.append(.paragraph(.text("Schools supported by each supporting school (first 15 of \(d.supporters.count), most first; all in deployments.csv).")))
            blocks.append(.table(
                header: ["supporting school", "schools supported", "deployments"].map { .text($0) },
                alignments: [.left, .right, .right],
                rows: d.supporters.prefix(15).map { [.text($0.school.description), .text(F.count($0.schoolsSupported)), .text(F.count($0.deployments))] }))
        }
        return blocks
    }

    static func costSentence(_ c: RecordedCosts) -> String {
        var text = "In \(c.priceBasis): £\(F.money(c.totalRealCost)) recorded on \(F.count(c.costed)) of \(F.count(c.records)) support records"
        text += " over \(F.money(c.totalDays)) days"
        if let perDay = c.perDay { text += " (£\(F.money(perDay)) a day)" }
        if let mean = c.meanPerSupportedSchool { text += "; a mean of £\(F.money(mean)) per supported (client) school (\(c.costPerSchool.count) schools)" }
        if let perPupil = c.perPupil { text += ", £\(F.money(perPupil)) per pupil record" }
        text += ". \(c.recordsWithoutCost) record\(c.recordsWithoutCost == 1 ? "" : "s") without a cost"
        text += c.exclusions.isEmpty ? "; none excluded" : "; \(c.exclusions.count) excluded (listed below)"
        if c.unattributed > 0 { text += "; \(c.unattributed) costed records name no supported school (in the totals, not per school)" }
        return text + "."
    }

    /// Cost and days per supported school and cost per day: their spread.
    static func costSpreadTable(_ c: RecordedCosts) -> Block {
        func row(_ name: String, _ s: Spread, money: Bool) -> [[Inline]] {
            let format: (Double?) -> String = { value in value.map { money ? "£" + F.money($0) : F.fixed($0, 1) } ?? "NA" }
            return [.text(name), .text(F.count(s.count)), .text(format(s.mean)), .text(format(s.standardDeviation)),
                    .text(format(s.minimum)), .text(format(s.median)), .text(format(s.maximum))]
        }
        return .table(
            header: ["per", "n", "mean", "SD", "minimum", "median", "maximum"].map { .text($0) },
            alignments: [.left, .right, .right, .right, .right, .right, .right],
            rows: [row("real cost per supported school", c.costPerSchool, money: true),
                   row("days per supported school", c.daysPerSchool, money: false),
                   row("real cost per day (records)", c.costPerDay, money: true)])
    }

    static func costs(_ c: RecordedCosts) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Recorded costs"), anchor: "costs")]
        blocks.append(.paragraph(.text(costSentence(c))))
        blocks.append(.table(
            header: ["kind", "role", "records", "real cost (£)", "days", "£ per day"].map { .text($0) },
            alignments: [.left, .left, .right, .right, .right, .right],
            rows: c.byCategory.map { [.text($0.kind.rawValue), .text($0.role.rawValue), .text(F.count($0.records)),
                                      .text(F.money($0.realCost)), .text(F.fixed($0.days, 0)), .text($0.perDay.map { F.money($0) } ?? "NA")] }))
        blocks.append(.paragraph(.text("Spread across the supported schools (one row per school in costs.csv):")))
        blocks.append(costSpreadTable(c))
        if !c.exclusions.isEmpty {
            blocks.append(.paragraph(.text("Excluded from the recorded costs:")))
            blocks.append(.list(c.exclusions.map { .text("\($0)") }))
        }
        return blocks
    }

    /// A percentage with one decimal and a % sign, or `NA`.
    static func percent(_ value: Double?) -> String {
        value.map { F.fixed($0, 1) + "%" } ?? "NA"
    }
}
