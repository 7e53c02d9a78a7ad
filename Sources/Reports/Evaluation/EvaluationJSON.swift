import Education
import Foundation

/// The whole evaluation as one JSON object: the caveat, what was read, every model with its
/// formula, R code, exclusions and variance components, the tidy estimates and the school
/// effects, and the provenance of the run (input files with SHA-256, library, BLAS and LAPACK,
/// seeds). Non-finite numbers are written as `null` (see ``JSONOutput``). The fields that
/// differ between two runs of the same design are `seconds`, `models[].seconds` and
/// `provenance.timing`.
public enum EvaluationJSON {
    public static func render(_ results: EvaluationResults, includeSchoolEffects: Bool = true) throws -> String {
        var copy = results
        if !includeSchoolEffects { copy.schoolEffects = [] }
        return try JSONOutput.encode(Document(results: copy)) + "\n"
    }

    private struct Document: Encodable {
        var results: EvaluationResults
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(results.caveat, forKey: .caveat)
            try container.encode(results.pupils, forKey: .pupils)
            try container.encode(results.years, forKey: .years)
            try container.encode(results.categories, forKey: .categories)
            try container.encode(results.noneLabel, forKey: .noneLabel)
            try container.encode(results.levels, forKey: .levels)
            try container.encode(results.quadraturePoints, forKey: .quadraturePoints)
            try container.encode(results.confidenceLevel, forKey: .confidenceLevel)
            try container.encodeIfPresent(results.readSummary.map(ReadSummary.init), forKey: .read)
            try container.encode(results.models.map(Model.init), forKey: .models)
            try container.encode(results.estimates, forKey: .estimates)
            try container.encodeIfPresent(results.schoolEffectsOutcome, forKey: .schoolEffectsOutcome)
            try container.encode(results.schoolEffects, forKey: .schoolEffects)
            try container.encode(results.exclusionsBalance, forKey: .exclusionsBalance)
            try container.encode(results.seconds, forKey: .seconds)
            try container.encodeIfPresent(results.provenance, forKey: .provenance)
            let eventStudies = results.models.compactMap { model in model.eventStudy.map { EventStudyEntry(model: model.id, summary: $0) } }
            if !eventStudies.isEmpty { try container.encode(eventStudies, forKey: .eventStudy) }
            if let context = results.schoolContext { try container.encode(SchoolContextEntry(context), forKey: .schoolContext) }
            try container.encodeIfPresent(results.matched.map(Matched.init), forKey: .matched)
        }
        enum Key: String, CodingKey {
            case caveat, pupils, years, categories, noneLabel, levels, quadraturePoints = "nAGQ"
            case confidenceLevel, read, models, estimates
            case schoolEffectsOutcome, schoolEffects
            case exclusionsBalance, seconds, provenance, eventStudy, schoolContext, matched
        }
    }

    /// The matched comparison (`MatchedComparison`): the options, whether the data hold a
    /// single cohort, per outcome the matching (pairs, unmatched schools with reasons, balance,
    /// the naive before/after change and the matched difference-in-differences), and the models
    /// refitted on the matched sample with their estimates.
    private struct Matched: Encodable {
        var options: MatchingOptions, singleCohort: Bool, note: String?
        var outcomes: [MatchedComparison.OutcomeMatching]
        var models: [Model], estimates: [EvaluationEstimate]
        init(_ m: MatchedComparison) {
            options = m.options; singleCohort = m.singleCohort; note = m.note; outcomes = m.outcomes
            models = m.models.map(Model.init); estimates = m.estimates
        }
    }

    /// One event-study model's leads test (`leadsTest`: statistic, df, p; null when no lead was
    /// estimated) and its supported schools, with those that have no pre-period.
    private struct EventStudyEntry: Encodable {
        var model: String
        var summary: EventStudy.ModelSummary
        enum Key: String, CodingKey { case model, referenceEventTime, leadsTest, supportedSchools, schoolsWithoutPrePeriod }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(model, forKey: .model)
            try c.encode(summary.referenceEventTime, forKey: .referenceEventTime)
            if let test = summary.leadsTest { try c.encode(test, forKey: .leadsTest) } else { try c.encodeNil(forKey: .leadsTest) }
            try c.encode(summary.supportedSchools, forKey: .supportedSchools)
            try c.encode(summary.schoolsWithoutPrePeriod, forKey: .schoolsWithoutPrePeriod)
        }
    }

    /// The school-context columns' scaling and degenerate cases, with their notes.
    private struct SchoolContextEntry: Encodable {
        var summary: SchoolContext.Summary
        init(_ summary: SchoolContext.Summary) { self.summary = summary }
        enum Key: String, CodingKey { case columns, summary, notes }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(SchoolContext.variables, forKey: .columns)
            try c.encode(summary, forKey: .summary)
            try c.encode(summary.notes, forKey: .notes)
        }
    }

    /// Per-file counts (the rejections themselves are in the text report).
    private struct ReadSummary: Encodable {
        struct File: Encodable {
            var file: String, rows: Int, accepted: Int, rejected: Int
            var rejectedByKind: [String: Int]
            init(_ s: FileReadSummary) {
                file = s.file; rows = s.rows; accepted = s.accepted; rejected = s.rejected
                rejectedByKind = Dictionary(uniqueKeysWithValues: s.rejectedByKind.map { ($0.key.rawValue, $0.value) })
            }
        }
        var pupils: File, schools: File, support: File?
        init(_ s: NPDReadSummary) {
            pupils = File(s.pupils); schools = File(s.schools); support = s.support.map(File.init)
        }
    }

    private struct Model: Encodable {
        var id: String, outcome: String, analysis: String, area: String, phase: String
        var formula: String, rCode: String, status: String, message: String?
        var pupils: Int, schools: Int, localAuthorities: Int?
        var exclusions: ModelExclusions?, exclusionsBalance: Bool?
        var components: [FittedModelSummary.Component]
        var droppedTerms: [String], warnings: [String], converged: Bool, singular: Bool, seconds: Double
        var schoolContext: [SchoolContext.Coefficient]?
        init(_ m: FittedModelSummary) {
            schoolContext = m.schoolContext
            id = m.id; outcome = m.specification.outcome.rawValue; analysis = m.specification.analysis.rawValue
            area = m.specification.subgroup.label; phase = m.specification.phase
            formula = m.specification.formula; rCode = m.specification.rCode
            status = m.status.rawValue; message = m.message
            pupils = m.pupils; schools = m.schools; localAuthorities = m.localAuthorities
            exclusions = m.exclusions; exclusionsBalance = m.exclusions?.isBalanced
            components = m.components; droppedTerms = m.droppedTerms; warnings = m.warnings
            converged = m.converged; singular = m.singular; seconds = m.seconds
        }
    }
}
