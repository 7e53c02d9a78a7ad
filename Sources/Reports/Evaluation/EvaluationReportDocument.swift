import Education
import Foundation

/// The evaluation report as a `ReportDocument`, the one source of report.md
/// (`EvaluationMarkdown`) and report.html (`EvaluationHTML`): the caveat, the data read and
/// rejected, the tidy table of category effects by outcome, area and phase, the hypothesis
/// models (H5 cross-LA, dose, pre/post), the two figures, the value-for-money section, for every
/// model its lme4 formula, R code and exclusions, and the provenance of the run.
public enum EvaluationReportDocument {
    typealias Block = ReportDocument.Block
    typealias Inline = ReportDocument.Inline
    typealias F = EvaluationNumberFormat

    public static let title = "Evaluation of school-to-school leadership support"

    /// A figure of the report: the file the Markdown links and the SVG the HTML inlines.
    public struct Figure: Sendable {
        public var file: String
        public var svg: String?
        public init(file: String, svg: String? = nil) {
            self.file = file
            self.svg = svg
        }
    }

    /// The report; `valueForMoney` is the section to include (nil: the default illustrative
    /// one), `designFile` the name of the design file written beside the report, if any.
    public static func document(_ results: EvaluationResults, forest: Figure? = Figure(file: "forest.svg"),
                                caterpillar: Figure? = Figure(file: "caterpillar.svg"),
                                valueForMoney: [ReportDocument.Block]? = nil, designFile: String? = nil,
                                eventStudy: Figure? = Figure(file: EvaluationReportFiles.eventStudyFileName)) -> ReportDocument {
        var blocks: [Block] = [.heading(level: 1, text: .text(title), anchor: "top")]
        blocks.append(.quote([.strong(.text("Caveat.")), .text(" \(results.caveat)")]))
        blocks.append(.paragraph(introduction(results)))
        if let read = results.readSummary { blocks += dataRead(read) }
        blocks += resultsSection(results)
        blocks += schoolContextSection(results)
        blocks += figures(results, forest: forest, caterpillar: caterpillar)
        blocks += eventStudyFigure(results, eventStudy)
        blocks += EvaluationMatchedSection.blocks(results)
        if let section = valueForMoney ?? EvaluationValueForMoney.sectionBlocks(results) { blocks += section }
        blocks += models(results)
        if let provenance = results.provenance { blocks += provenanceSection(provenance, designFile: designFile) }
        blocks.append(.rule)
        blocks.append(.paragraph(.text(results.caveat)))
        let notes = results.readSummary?.allNotes ?? []
        if !notes.isEmpty {
            blocks.append(.heading(level: 2, text: .text("Input warnings"), anchor: "input-warnings"))
            blocks.append(.list(notes.map { .text($0) }))
        }
        return ReportDocument(title: title, blocks: blocks)
    }

    static func introduction(_ results: EvaluationResults) -> [Inline] {
        var text = "Multilevel models after NFER's quantitative evaluation of the City Challenge Leadership Strategies "
        text += "(Rudd et al. 2011): each outcome is modelled on the support categories, controlling for prior attainment "
        text += "and pupil characteristics, with random intercepts for "
        text += results.levels == .three ? "local authorities and schools" : "schools"
        text += ". Generalised models use "
        text += results.quadraturePoints == 0 ? "lme4's nAGQ = 0 fit" : (results.quadraturePoints == 1 ? "the Laplace approximation" : "\(results.quadraturePoints)-point adaptive Gauss–Hermite quadrature")
        if results.generalisedREML == true {
            text += ", fitted by REML (the fixed effects integrated out with the random effects, glmmTMB's REML = TRUE; maximum likelihood underestimates the school variance with few schools)"
        }
        text += ". \(F.count(results.pupils)) pupils in the analysis table; years \(results.years.map(String.init).joined(separator: ", ")); categories "
        var runs: [Inline] = [.text(text)]
        for (i, category) in results.categories.enumerated() {
            if i > 0 { runs.append(.text(", ")) }
            runs.append(.code(category))
        }
        runs += [.text(" against "), .code(results.noneLabel), .text(".")]
        return runs
    }

    static func dataRead(_ read: NPDReadSummary) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Data read"), anchor: "data-read")]
        let files = [read.pupils, read.schools] + (read.support.map { [$0] } ?? [])
        blocks.append(.table(
            header: ["file", "rows", "accepted", "rejected"].map { .text($0) },
            alignments: [.left, .right, .right, .right],
            rows: files.map { [[.code($0.file)], .text(F.count($0.rows)), .text(F.count($0.accepted)), .text(F.count($0.rejected))] }))
        let rejections = read.allRejections
        if !rejections.isEmpty {
            blocks.append(.paragraph(.text("Rejected rows (first 10 of \(F.count(rejections.count))):")))
            blocks.append(.list(rejections.prefix(10).map { .text("\($0)") }))
        }
        return blocks
    }

    static func resultsSection(_ results: EvaluationResults) -> [Block] {
        var text = "Estimates are differences from pupils in schools without support, on the model's scale "
        text += "(points for attainment, log-odds for the binary and absence outcomes), with "
        text += "\(Int((results.confidenceLevel * 100).rounded()))% intervals (Satterthwaite t for linear models, Wald z for generalised models). "
        text += "Readable scales: 6 capped points = one GCSE grade; SD units of the outcome; EEF months' progress "
        text += "(Education Endowment Foundation); odds ratios (OR) for the binary and absence outcomes (odds ratios, not rate ratios), "
        text += "percentage points and sessions per pupil at the rate of pupils in schools without support."
        var blocks: [Block] = [.heading(level: 2, text: .text("Support categories and pupil outcomes"), anchor: "results"),
                               .paragraph(.text(text)),
                               table(results.estimates(of: .categories))]
        for analysis in [EvaluationAnalysis.crossLA, .dose, .prePost, .fsm, .fsmEver6, .eventStudy] {
            let rows = results.estimates(of: analysis)
            guard !rows.isEmpty else { continue }
            blocks.append(.heading(level: 3, text: .text(analysis.title), anchor: "results-\(analysis.rawValue)"))
            if let flag = analysis.disadvantageColumn {
                blocks.append(.paragraph(disadvantageReading(flag)))
            }
            if analysis == .eventStudy { blocks += eventStudyReading(results) }
            blocks.append(table(rows))
        }
        return blocks
    }

    /// What the disadvantage model's three rows per category mean, and what they cannot show.
    static func disadvantageReading(_ flag: String) -> [Inline] {
        [.text("Each category has three rows: "), .code("support<category>"),
         .text(" is the difference for pupils not eligible ("), .code("\(flag) = 0"), .text("), "),
         .code("support<category> + \(flag):support_<category>"),
         .text(" the difference for eligible pupils (a linear combination, with its own SE), and "),
         .code("\(flag):support_<category>"),
         .text(" the change in the gap between eligible and other pupils: positive for attainment, or negative for absence, means the gap is narrower in supported schools. "
               + "Like the category effects these are associations within one cohort: they show whether supported schools' disadvantaged pupils did relatively better, "
               + "not that support caused it, and pupil-level eligibility says nothing about how support was targeted within the school.")]
    }

    /// What the event-study rows mean, what the design can and cannot show, and the leads test
    /// of each model.
    static func eventStudyReading(_ results: EvaluationResults) -> [Block] {
        var blocks: [Block] = [.paragraph([
            .text("Each school-year is placed relative to the start of its school's support (the academic year of the earliest support record's start date): "),
            .code("event_lead3"), .text(" (3 or more years before) and "), .code("event_lead2"),
            .text(" are the years before support, "), .code("event_lag0"), .text(", "), .code("event_lag1"), .text(" and "), .code("event_lag2"),
            .text(" (2 or more) the years of support, "), .code("event_ended1"), .text(" and "), .code("event_ended2"),
            .text(" (2 or more) the years after it ended; each is the difference of supported schools from their own year before support started (event time −1), "
                  + "net of year effects estimated from all schools, with school random intercepts and "), .code("ever_supported"),
            .text(" for the supported schools' difference in the reference year."),
        ]), .paragraph(.text(
            "What the design can show: whether supported schools' results moved when support started, how the difference built up over the years of support, "
            + "and whether it lasted after support ended, rather than assuming one constant effect. Leads near zero (and a leads test that does not reject) "
            + "say that supported schools were on the same path as the others before support; they do not prove it. What it cannot show: "
            + "that support caused the change. Schools were chosen for support, often after a poor year, so a dip before support and recovery afterwards "
            + "(regression to the mean) or anything else that changed at the same time can produce the same pattern; with staggered starts and effects that vary "
            + "over time, the pooled year effects also compare later-supported with earlier-supported schools. Every estimate is an association."))]
        let tests = results.models.filter { $0.specification.analysis == .eventStudy && $0.status == .fitted }
        if !tests.isEmpty {
            blocks.append(.paragraph(.text(
                "Pre-trend check: the joint Wald test that the lead coefficients are all zero, W = b\u{2032}V\u{207B}\u{00B9}b on their estimates b "
                + "and covariance V, against chi-square with one degree of freedom per lead estimated; supported schools without a year "
                + "before their support started are counted (and listed in the model notes).")))
            blocks.append(.table(
                header: ["model", "leads tested", "Wald chi-square", "df", "p", "supported schools", "without a pre-period"].map { .text($0) },
                alignments: [.left, .left, .right, .right, .right, .right, .right],
                rows: tests.map { model in
                    let s = model.eventStudy
                    let t = s?.leadsTest
                    return [[.code(model.id)], .text(t?.leads.joined(separator: ", ") ?? "none"),
                            .text(t.map { F.fixed($0.statistic, 3) } ?? "–"), .text(t.map { "\($0.degreesOfFreedom)" } ?? "–"),
                            .text(t.map { F.pValue($0.pValue) } ?? "–"), .text(s.map { F.count($0.supportedSchools) } ?? "–"),
                            .text(s.map { F.count($0.schoolsWithoutPrePeriod.count) } ?? "–")]
                }))
        }
        return blocks
    }

    /// The event-study figure, when an event-study model was fitted.
    static func eventStudyFigure(_ results: EvaluationResults, _ figure: Figure?) -> [Block] {
        guard let figure, EvaluationFigures.eventStudyPlot(results) != nil else { return [] }
        return [.figure(
            file: figure.file, alternativeText: "Event-study plot: estimates by year from the start of support", svg: figure.svg,
            caption: [.emphasis(.text("Event study: supported schools' difference by year from the start of support, with intervals, against their year before support (event time −1, marked ref.); leads should be near zero."))])]
    }

    /// The table of estimates.
    static func table(_ rows: [EvaluationEstimate]) -> Block {
        guard !rows.isEmpty else { return .paragraph(.text("No estimates.")) }
        let header = ["outcome", "area", "phase", "term", "estimate", "SE", "CI", "p", "pupils", "schools", "readable scale"]
        return .table(
            header: header.map { .text($0) },
            alignments: [.left, .left, .left, .left, .right, .right, .left, .right, .right, .right, .left],
            rows: rows.map { e in
                [.text(e.outcome.title), .text(e.subgroup), .text(e.phase), [.code(e.term)],
                 .text(F.fixed(e.estimate, 3)), .text(F.fixed(e.standardError, 3)),
                 .text("[\(F.fixed(e.lower, 3)), \(F.fixed(e.upper, 3))]"), .text(F.pValue(e.pValue)),
                 .text(F.count(e.pupils)), .text(F.count(e.schools)), .text(e.readableScale)]
            })
    }

    static func figures(_ results: EvaluationResults, forest: Figure?, caterpillar: Figure?) -> [Block] {
        var blocks: [Block] = [.heading(level: 2, text: .text("Figures"), anchor: "figures")]
        if let forest {
            blocks.append(.figure(
                file: forest.file, alternativeText: "Forest plot of the category effects", svg: forest.svg,
                caption: [.emphasis(.text("Category effects on a standardised axis: SD units for attainment; for logit models the log odds ratio × √3/π (Chinn 2000)."))]))
        }
        if let caterpillar, !results.schoolEffects.isEmpty {
            blocks.append(.figure(
                file: caterpillar.file, alternativeText: "Caterpillar plot of school effects", svg: caterpillar.svg,
                caption: [.emphasis([
                    .text("School effects on \(results.schoolEffectsOutcome?.title ?? "the outcome"): conditional modes of the school random intercepts "
                          + "with intervals from their conditional variances (lme4's "),
                    .code("ranef(condVar = TRUE)"), .text(")."),
                ])]))
        }
        return blocks
    }

    static func models(_ results: EvaluationResults) -> [Block] {
        var text = "Every pupil of the analysis table is counted once per model: other key stage, outside the area, "
        text += "outside DfE's attendance window (absence models: possible sessions within 10% of the year's modal value), "
        text += "missing a model variable (by first missing variable in formula order), or used. "
        var intro: [Inline] = [.text(text)]
        intro.append(results.exclusionsBalance ? .text("The counts add up for every model.")
                                               : .strong(.text("The counts do not add up for some model; see below.")))
        var blocks: [Block] = [.heading(level: 2, text: .text("Models, formulas and exclusions"), anchor: "models"), .paragraph(intro)]
        blocks.append(.table(
            header: ["model", "status", "pupils", "schools", "other KS", "other area", "attendance", "missing", "used", "balanced"].map { .text($0) },
            alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .right, .left],
            rows: results.models.map { model in
                let x = model.exclusions
                let counts: [[Inline]] = [x?.otherKeyStage, x?.otherSubgroup, x?.attendanceRule, x?.missingTotal, x?.used]
                    .map { .text($0.map(F.count) ?? "–") }
                let balanced: [Inline] = x.map { $0.isBalanced ? .text("yes") : [.strong(.text("no"))] } ?? .text("–")
                return [[.code(model.id)], .text(model.status.rawValue), .text(F.count(model.pupils)), .text(F.count(model.schools))]
                    + counts + [balanced]
            }))
        for model in results.models {
            let spec = model.specification
            blocks.append(.heading(level: 3, text: [.code(model.id)], anchor: "model-" + anchor(model.id)))
            var line: [Inline] = [
                .text("\(spec.outcome.title), \(spec.analysis.title.lowercased()), \(spec.subgroup.title), \(spec.phase) (KS\(spec.keyStage.rawValue)): "),
                .strong(.text(model.status.rawValue)),
            ]
            if let message = model.message { line.append(.text(" — \(message)")) }
            blocks.append(.paragraph(line))
            if model.status == .fitted {
                blocks.append(.code(language: "r", text: spec.rCode))
            } else {
                blocks.append(.paragraph([.text("Formula: "), .code(spec.formula)]))
            }
            if let x = model.exclusions, !x.missing.isEmpty {
                blocks.append(.paragraph(.text("Missing values: " + x.missing.map { "\($0.variable) \(F.count($0.pupils))" }.joined(separator: ", ") + ".")))
            }
            if !model.components.isEmpty {
                let sds = model.components.map { "\($0.group) \(F.fixed($0.standardDeviation, 3))" }.joined(separator: ", ")
                blocks.append(.paragraph(.text("Random-effect SDs: " + sds + String(format: "; fitted in %.2f s.", model.seconds))))
            }
            if !model.warnings.isEmpty { blocks.append(.list(model.warnings.map { .text("Note: \($0)") })) }
        }
        return blocks
    }

    /// What was run on what: input files, library, BLAS and LAPACK, seeds; then the timing,
    /// which differs between runs.
    static func provenanceSection(_ p: EvaluationProvenance, designFile: String?) -> [Block] {
        var intro = "What this report was computed from and with. Everything here but the timing is the same when the run is repeated"
        intro += designFile.map { " from the design file `\($0)` written beside the report" } ?? ""
        intro += "."
        var blocks: [Block] = [.heading(level: 2, text: .text("Provenance"), anchor: "provenance"),
                               .paragraph(splitCode(intro))]
        if !p.inputs.isEmpty {
            blocks.append(.table(
                header: ["input", "file", "bytes", "SHA-256", "rows read"].map { .text($0) },
                alignments: [.left, .left, .right, .left, .right],
                rows: p.inputs.map { file in
                    [.text(file.role), [.code(file.path)], .text(file.bytes.map(F.count) ?? "unknown"),
                     [.code(file.sha256)], .text(file.rowsRead.map(F.count) ?? "–")]
                }))
        }
        let seeds = p.seeds.isEmpty ? "none: the evaluation of files draws no random numbers"
            : p.seeds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        blocks.append(.table(
            header: ["item", "value"].map { .text($0) }, alignments: [.left, .left],
            rows: [
                [.text("SchoolSupport version"), [.code(p.libraryVersion)]],
                [.text("git commit"), [.code(p.gitCommit)]],
                [.text("BLAS"), .text(p.blas)],
                [.text("LAPACK"), .text(p.lapack)],
                [.text("random seeds"), .text(seeds)],
            ]))
        blocks.append(.heading(level: 3, text: .text("Timing (differs between runs)"), anchor: "timing"))
        blocks.append(.paragraph(.text("Started \(p.timing.started) (UTC); "
            + String(format: "%.2f s", p.timing.seconds) + " in all for \(p.timing.models.count) models, fitted two at a time (wall clock).")))
        if !p.timing.models.isEmpty {
            blocks.append(.table(
                header: ["model", "seconds"].map { .text($0) }, alignments: [.left, .right],
                rows: p.timing.models.map { [[.code($0.id)], .text(String(format: "%.2f", $0.seconds))] }))
        }
        return blocks
    }

    /// Text in which `name` marks code, as inline runs.
    static func splitCode(_ text: String) -> [Inline] {
        var runs: [Inline] = []
        for (i, part) in text.split(separator: "`", omittingEmptySubsequences: false).enumerated() where !part.isEmpty {
            runs.append(i % 2 == 1 ? .code(String(part)) : .text(String(part)))
        }
        return runs
    }

    /// An HTML id from a model id: letters, digits, `-` and `_`; anything else becomes `-`.
    static func anchor(_ id: String) -> String {
        String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "-" })
    }
}
