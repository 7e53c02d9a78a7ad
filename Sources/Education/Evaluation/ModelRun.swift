import DataTable
import Foundation
import MixedModels
import ProbabilityDistributions

/// One model of the evaluation: selects its pupils (counting every exclusion), builds its
/// formula, fits it and turns the coefficients of interest into tidy estimates.
///
/// `run()` is the composition of the named steps below: select the pupils, leave out the
/// controls that do not vary, count the missing values, fit, tidy the estimates, and (for the
/// caterpillar plot) collect the school effects. A step that finds the model cannot be fitted
/// throws a `Stop`, which `run()` reports as a skipped or failed model.
struct ModelRun: Sendable {
    let outcome: EvaluationOutcome
    let analysis: EvaluationAnalysis
    let subgroup: EvaluationSubgroup
    let keyStage: KeyStage
    let design: EvaluationDesign
    let data: EvaluationData
    let columns: EvaluationColumns
    let wantSchoolEffects: Bool

    struct Result: Sendable {
        var summary: FittedModelSummary
        var estimates: [EvaluationEstimate]
        var schoolEffects: [SchoolEffect]?
        /// A generalised model's θ̂ by term, the start of a later model of the same outcome.
        var theta: ThetaStart? = nil
    }

    /// θ with the grouping factors of its terms, in the model's term order: used as a start only
    /// by a model with the same terms.
    struct ThetaStart: Sendable {
        var terms: [String]
        var theta: [Double]
        /// The REML fit's `thetaSteps` (about two standard errors of each θ̂), when it has them.
        var steps: [Double]? = nil
    }

    /// Why a step ended the run: the model is reported with this status and message.
    struct Stop: Error {
        var message: String
        var status: FittedModelSummary.Status = .skipped
        var exclusions: ModelExclusions?
    }

    /// The pupils of the model's cohort and subgroup (step 1), with the counts of those left out.
    /// The steps read the analysis table at `candidates` rather than a copy of those rows: at
    /// national size a copy of the model's columns was 650 MB for each model being set up.
    struct Selection {
        /// Rows of the analysis table in the model's cohort, subgroup and attendance window.
        var candidates: [Int]
        var otherKeyStage: Int
        var otherSubgroup: Int
        var attendance: Int
        /// Whether `candidates` is every row of the table, in order.
        var isWholeTable: Bool
    }

    /// Which candidates have every model variable (step 3).
    struct CompleteCases {
        /// Per candidate: whether it has every model variable.
        var complete: [Bool]
        var used: Int
        var exclusions: ModelExclusions
        /// Per candidate: the school's URN (in the analysis table's storage: four bytes a row
        /// for URNs) and the school's support category.
        var school: NumericValues
        var support: EvaluationColumns.Labels
        var schoolsUsed: Int
    }

    /// A fitted model (step 4): its summary and the tests of its coefficients.
    struct Fit {
        var summary: FittedModelSummary
        var tests: [CoefficientTest]
        var schoolModes: ConditionalModes?
        var theta: ThetaStart? = nil
    }

    /// Fits the model; a generalised model starts θ at `start` when its terms are the same.
    func run(startingFrom start: ThetaStart? = nil) -> Result {
        let clock = Date()
        var spec = specification(yearEffects: false)
        do throws(Stop) {
            let selection = try selectPupils()
            if analysis == .eventStudy { try checkEventStudy(selection) }
            spec = try specificationWithoutConstantControls(selection)
            let cases = try completeCases(spec, selection)
            let subset = try selectedColumns(columnsAfterFit, selection)
            var fit = try fitModel(spec, selection, subset, cases, startingFrom: start)
            if design.schoolContext { fit.summary.schoolContext = SchoolContext.coefficients(fit.tests) }
            let estimates = try tidyEstimates(spec, subset, cases, &fit.summary, tests: fit.tests)
            fit.summary.seconds = Date().timeIntervalSince(clock)
            let effects = schoolEffects(fit.schoolModes, subset, cases, &fit.summary)
            return Result(summary: fit.summary, estimates: estimates, schoolEffects: effects, theta: fit.theta)
        } catch {
            return Result(summary: FittedModelSummary(
                specification: spec, status: error.status, message: error.message, pupils: 0, schools: 0,
                localAuthorities: nil, exclusions: error.exclusions, components: [], droppedTerms: [], warnings: [],
                converged: false, singular: false, seconds: Date().timeIntervalSince(clock)),
                          estimates: [], schoolEffects: nil)
        }
    }

    /// The model's formula and terms; `constantColumns` leave the formula.
    func specification(yearEffects: Bool, constantColumns: Set<String> = []) -> ModelSpecification {
        EvaluationFormula.specification(
            outcome: outcome, analysis: analysis, subgroup: subgroup, design: design,
            categories: data.classification.categories, yearEffects: yearEffects, constantColumns: constantColumns)
    }

    /// Step 1: cohort, subgroup and attendance selection, each pupil counted once.
    func selectPupils() throws(Stop) -> Selection {
        let table = data.table
        let stage = Double(keyStage.rawValue)
        var cohortRows: [Int] = []
        var otherKeyStage = 0
        for row in 0..<table.rowCount {
            if columns.keyStage[row] == stage { cohortRows.append(row) } else { otherKeyStage += 1 }
        }
        var modal: [Double: Double] = [:]
        let window = outcome.modelKind == .binomialLogit ? design.attendanceWindow : nil
        if window != nil, let possible = columns.sessionsPossible {
            let byYear = Dictionary(grouping: cohortRows) { columns.year[$0] }
            for (year, rows) in byYear { modal[year] = EvaluationColumns.mode(possible, rows: rows) }
        }
        var candidates: [Int] = []
        var otherSubgroup = 0, attendance = 0
        for row in cohortRows {
            if case let .area(area) = subgroup, columns.area[row] != area { otherSubgroup += 1; continue }
            if let window, let possible = columns.sessionsPossible, possible[row].isFinite,
               let mode = modal[columns.year[row]], abs(possible[row] - mode) > window * mode {
                attendance += 1
                continue
            }
            candidates.append(row)
        }
        guard !cohortRows.isEmpty else { throw Stop(message: "no KS\(keyStage.rawValue) pupils in the data") }
        guard !candidates.isEmpty else { throw Stop(message: "no KS\(keyStage.rawValue) pupils in \(subgroup.title)") }
        return Selection(candidates: candidates, otherKeyStage: otherKeyStage, otherSubgroup: otherSubgroup,
                         attendance: attendance, isWholeTable: candidates.count == table.rowCount)
    }

    /// The analysis table's column `name`, or a failed model naming it.
    func tableColumn(_ name: String) throws(Stop) -> DataColumn {
        do { return try data.table.column(name) } catch { throw Stop(message: error.description, status: .failed) }
    }

    /// The columns `names` of the analysis table at the selected rows (the whole columns,
    /// shared rather than copied, when every row is selected): what the steps after the fit
    /// read, a few columns rather than the model's.
    func selectedColumns(_ names: Set<String>, _ selection: Selection) throws(Stop) -> DataTable {
        let table = data.table
        do {
            let projected = try DataTable(source: table.source, columns: table.columns.filter { names.contains($0.name) })
            return selection.isWholeTable ? projected : try projected.selectingRows(selection.candidates, source: table.source)
        } catch {
            throw Stop(message: error.description, status: .failed)
        }
    }

    /// Step 2: controls that do not vary among the selected pupils leave the formula; year
    /// effects enter when the pupils span several years.
    func specificationWithoutConstantControls(_ selection: Selection) throws(Stop) -> ModelSpecification {
        let prior = outcome.priorAttainmentColumn(absenceKeyStage: design.absenceKeyStage)
        var constant = Set<String>()
        let context = design.schoolContext ? SchoolContext.columnNames : []
        for name in [prior] + design.controls + context {
            let column = try tableColumn(name)
            if Self.distinctValues(column, rows: selection.candidates, limit: 2) < 2 { constant.insert(name) }
        }
        if let flag = analysis.disadvantageColumn {
            guard let values = try tableColumn(flag).numericValues else {
                throw Stop(message: "'\(flag)' is not a 0/1 column", status: .failed)
            }
            let known = selection.candidates.map { values[$0] }.filter { !$0.isNaN }
            let eligible = known.filter { $0 != 0 }.count
            guard eligible > 0, eligible < known.count else {
                let what = known.isEmpty ? "'\(flag)' is missing for every pupil"
                    : eligible == 0 ? "no pupil here is eligible ('\(flag)' is 0 for all \(known.count) pupils with a value)"
                    : "every pupil here is eligible ('\(flag)' is 1 for all \(known.count) pupils with a value)"
                throw Stop(message: "\(what), so the support x \(flag) interaction cannot be estimated in \(subgroup.title)")
            }
        }
        let years = Set(selection.candidates.map { columns.year[$0] })
        return specification(yearEffects: years.count > 1, constantColumns: constant)
    }

    /// Step 3: missing values, each incomplete pupil counted under its first missing variable
    /// in formula order; the model needs `design.minimumSchools` schools with complete data.
    func completeCases(_ spec: ModelSpecification, _ selection: Selection) throws(Stop) -> CompleteCases {
        let candidates = selection.candidates
        var seen = Set<String>()
        let variables = spec.variables.filter { seen.insert($0).inserted }
        var variableColumns: [DataColumn] = []
        for name in variables {
            guard let column = data.table.columns.first(where: { $0.name == name }) else {
                throw Stop(message: "column '\(name)' is not in the analysis table", status: .failed)
            }
            variableColumns.append(column)
        }
        var missingCounts = [Int](repeating: 0, count: variables.count)
        var complete = [Bool](repeating: true, count: candidates.count)
        for (row, tableRow) in candidates.enumerated() {
            if let first = variableColumns.firstIndex(where: { $0.isMissing(tableRow) }) {
                missingCounts[first] += 1
                complete[row] = false
            }
        }
        let used = complete.filter { $0 }.count
        let exclusions = ModelExclusions(
            tableRows: data.table.rowCount, otherKeyStage: selection.otherKeyStage,
            otherSubgroup: selection.otherSubgroup, attendanceRule: selection.attendance,
            missing: zip(variables, missingCounts).filter { $0.1 > 0 }.map { .init(variable: $0.0, pupils: $0.1) },
            modelRowsDropped: candidates.count - used, used: used)

        let school = columns.school.selecting(candidates)
        let support = columns.support.selecting(candidates)
        var schoolsUsed = Set<Double>()
        for row in 0..<candidates.count where complete[row] { schoolsUsed.insert(school[row]) }
        guard schoolsUsed.count >= design.minimumSchools else {
            throw Stop(
                message: "\(schoolsUsed.count) schools with complete data in \(subgroup.title); at least \(design.minimumSchools) are needed",
                exclusions: exclusions)
        }
        return CompleteCases(complete: complete, used: used, exclusions: exclusions, school: school, support: support,
                             schoolsUsed: schoolsUsed.count)
    }

    /// The columns the steps after the fit read from the selected table: the response columns
    /// (scales), the school (school effects) and the event time (event-study summary).
    var columnsAfterFit: Set<String> {
        Set(outcome.responseColumns + ["school", EventStudy.eventTimeColumn])
    }

    /// Step 4: fits the model and summarises it: size, variance components, convergence,
    /// singularity and warnings, with the exclusions completed by the model frame's count.
    /// The model frame reads the selected rows of the analysis table (`ModelFrame.Options.rows`);
    /// `subset` holds the selected rows of `columnsAfterFit`.
    func fitModel(_ spec: ModelSpecification, _ selection: Selection, _ subset: DataTable, _ cases: CompleteCases,
                  startingFrom start: ThetaStart? = nil) throws(Stop) -> Fit {
        let options = ModelFrame.Options(referenceLevels: spec.referenceLevels,
                                         rows: selection.isWholeTable ? nil : selection.candidates)
        let table = data.table
        var exclusions = cases.exclusions
        var fit = Fit(
            summary: FittedModelSummary(
                specification: spec, status: .fitted, message: nil, pupils: cases.used, schools: cases.schoolsUsed,
                localAuthorities: nil, exclusions: nil, components: [], droppedTerms: [], warnings: [],
                converged: true, singular: false, seconds: 0),
            tests: [], schoolModes: nil)
        /// Copies what every fitted model reports into the summary; returns its tests.
        func record(_ model: some FittedMixedModel) -> [CoefficientTest] {
            exclusions.modelRowsDropped = model.rowsDropped
            fit.summary.pupils = model.observationCount
            fit.summary.droppedTerms = model.droppedFixedEffects
            fit.summary.components = model.varianceComponents.filter { $0.var2 == nil }
                .map { .init(group: $0.group, standardDeviation: $0.sdcor) }
            fit.summary.converged = model.optimization?.converged ?? false
            fit.summary.singular = model.isSingular
            fit.summary.schools = model.terms.first { Self.isSchoolTerm($0.groupingName) }?.levelCount ?? cases.schoolsUsed
            fit.summary.localAuthorities = model.terms.first { $0.groupingName == "la" }?.levelCount
            if analysis == .eventStudy {
                fit.summary.eventStudy = eventStudySummary(model, subset, cases, warnings: &fit.summary.warnings)
            }
            return model.coefficientTests()
        }
        /// The tests of the terms that are linear combinations (the effect for FSM pupils); a
        /// combination of a dropped coefficient is left out, and reported by step 5.
        func contrasts(_ test: ([String: Double], String) throws(MixedModelError) -> CoefficientTest) -> [CoefficientTest] {
            spec.terms.compactMap { term in
                guard let weights = term.contrast else { return nil }
                return try? test(weights, term.coefficient)
            }
        }
        do {
            switch outcome.modelKind {
            case .linear:
                var model = try LinearMixedModel(formula: spec.formula, data: table, reml: true, options: options)
                try model.fit()
                fit.tests = record(model) + contrasts { (w, n) throws(MixedModelError) in try model.contrastTest(w, name: n) }
                if wantSchoolEffects {
                    fit.schoolModes = try model.randomEffects(conditionalVariances: true).first { Self.isSchoolTerm($0.groupingName) }
                }
            case .bernoulliLogit, .binomialLogit:
                var model = try GeneralizedLinearMixedModel(
                    formula: spec.formula, data: table, distribution: .binomial, link: .logit,
                    quadraturePoints: design.levels == .two && !crossedOrMembership ? spec.quadraturePoints : min(spec.quadraturePoints, 1),
                    options: options)
                model.reml = spec.reml
                let terms = model.terms.map(\.groupingName)
                let same = start.flatMap { $0.terms == terms && $0.theta.count == model.thetaCount ? $0 : nil }
                try model.fit(startingFrom: same?.theta,
                              steps: model.reml ? same?.steps.flatMap { $0.count == model.thetaCount ? $0 : nil } : nil)
                fit.theta = ThetaStart(terms: terms, theta: model.theta, steps: model.thetaSteps)
                fit.tests = record(model) + contrasts { (w, n) throws(MixedModelError) in try model.contrastTest(w, name: n) }
                fit.summary.warnings.insert(contentsOf: model.warnings, at: 0)
            }
        } catch {
            throw Stop(message: error.description, status: .failed, exclusions: exclusions)
        }
        if !spec.droppedControls.isEmpty {
            fit.summary.warnings.append("controls left out (no variation among these pupils): " + spec.droppedControls.joined(separator: ", "))
        }
        if spec.droppedControls.contains(SchoolContext.pctFSMColumn) {
            fit.summary.warnings.append("\(SchoolContext.pctFSMColumn): % FSM is the same in every school-year here (with no FSM pupil it is 0 everywhere), so the school context has no FSM column in this model")
        }
        if keyStage == .ks4 && design.movers { fit.summary.warnings.append(EvaluationFormula.membershipNote) }
        if fit.summary.singular { fit.summary.warnings.append("boundary (singular) fit: a variance component is estimated as zero") }
        if !fit.summary.converged { fit.summary.warnings.append("the optimiser did not report convergence") }
        fit.summary.exclusions = exclusions
        return fit
    }

    /// Step 5: the tidy estimate of each term of interest, with its readable scales; a term
    /// without an estimate is a warning in `summary`.
    func tidyEstimates(_ spec: ModelSpecification, _ subset: DataTable, _ cases: CompleteCases,
                       _ summary: inout FittedModelSummary, tests: [CoefficientTest]) throws(Stop) -> [EvaluationEstimate] {
        let context: ScaleContext
        do {
            context = try ScaleContext(outcome: outcome, subset: subset, complete: cases.complete, support: cases.support,
                                       noneLabel: data.classification.noneLabel)
        } catch {
            throw Stop(message: error.description, status: .failed, exclusions: summary.exclusions)
        }
        var estimates: [EvaluationEstimate] = []
        for term in spec.terms {
            guard let test = tests.first(where: { $0.name == term.coefficient }) else {
                if !summary.droppedTerms.contains(term.coefficient) {
                    summary.warnings.append("\(term.coefficient): not estimable (no pupils in this category here)")
                } else {
                    summary.warnings.append("\(term.coefficient): dropped as a linear combination of other columns")
                }
                continue
            }
            var schoolsInCategory: Int?
            if term.coefficient.hasPrefix("support") || term.coefficient.hasPrefix("ever_") {
                var set = Set<Double>()
                for row in cases.complete.indices where cases.complete[row] && cases.support[row] == term.category {
                    set.insert(cases.school[row])
                }
                schoolsInCategory = set.count
            }
            estimates.append(context.estimate(
                test: test, term: term, spec: spec, level: design.confidenceLevel,
                pupils: summary.pupils, schools: summary.schools, schoolsInCategory: schoolsInCategory))
        }
        return estimates
    }

    /// Step 6: the school effects (conditional modes with intervals) for the caterpillar plot,
    /// each with its school's support category; nil without school modes. A school column
    /// that cannot be read leaves the categories out, with a warning in `summary`.
    func schoolEffects(_ modes: ConditionalModes?, _ subset: DataTable, _ cases: CompleteCases,
                       _ summary: inout FittedModelSummary) -> [SchoolEffect]? {
        guard let modes, let covariances = modes.conditionalCovariances else { return nil }
        var categoryOf: [String: String] = [:]
        do {
            let factor = try subset.column("school").factor()
            for (row, code) in factor.codes.enumerated() where code >= 0 {
                categoryOf[factor.levels[Int(code)]] = cases.support[row]
            }
        } catch {
            summary.warnings.append("school effects without support categories: \(error.description)")
        }
        let z = Distributions.normalQuantile(0.5 + design.confidenceLevel / 2)
        return zip(modes.levels, zip(modes.modes, covariances)).compactMap { level, pair in
            guard let mode = pair.0.first, let variance = pair.1.first else { return nil }
            let sd = max(variance, 0).squareRoot()
            return SchoolEffect(school: level, estimate: mode, lower: mode - z * sd, upper: mode + z * sd,
                                category: categoryOf[level])
        }
    }

    /// Whether the model has more than one random term besides `(1 | school)` and `(1 | pupil)`
    /// from the primary-school or movers designs (adaptive quadrature then does not apply).
    var crossedOrMembership: Bool { keyStage == .ks4 && (design.primaryEffects || design.movers) }

    /// The secondary-school term: `school`, or the movers design's `mm(school, ...)`.
    static func isSchoolTerm(_ groupingName: String) -> Bool {
        groupingName == "school" || groupingName.hasPrefix("mm(school,")
    }

    /// Distinct non-missing values of `column` at `rows`, counted up to `limit`.
    static func distinctValues(_ column: DataColumn, rows: [Int], limit: Int) -> Int {
        if case let .categorical(codes, levels) = column.storage {
            var seen = Set<Int32>()
            for row in rows where codes[row] >= 0 && Int(codes[row]) < levels.count {
                seen.insert(codes[row])
                if seen.count >= limit { break }
            }
            return seen.count
        }
        guard let values = column.numbers else { return 0 }
        var seen = Set<Double>()
        for row in rows where !values[row].isNaN {
            seen.insert(values[row])
            if seen.count >= limit { break }
        }
        return seen.count
    }
}
