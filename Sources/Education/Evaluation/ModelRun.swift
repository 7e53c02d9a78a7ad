import DataTable
import Foundation
import MixedModels
import ProbabilityDistributions

/// One model of the evaluation: selects its pupils (counting every exclusion), builds its
/// formula, fits it and turns the coefficients of interest into tidy estimates.
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
    }

    func run() -> Result {
        let clock = Date()
        let table = data.table
        let n = table.rowCount
        let stage = Double(keyStage.rawValue)

        // 1. Cohort, subgroup and attendance selection, each pupil counted once.
        var cohortRows: [Int] = []
        var otherKeyStage = 0
        for row in 0..<n {
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

        let categories = data.classification.categories
        var spec = EvaluationFormula.specification(
            outcome: outcome, analysis: analysis, subgroup: subgroup, design: design,
            categories: categories, yearEffects: false)
        func skipped(_ message: String, status: FittedModelSummary.Status = .skipped,
                     exclusions: ModelExclusions? = nil) -> Result {
            Result(summary: FittedModelSummary(
                specification: spec, status: status, message: message, pupils: 0, schools: 0,
                localAuthorities: nil, exclusions: exclusions, components: [], droppedTerms: [], warnings: [],
                converged: false, singular: false, seconds: Date().timeIntervalSince(clock)),
                   estimates: [], schoolEffects: nil)
        }
        guard !cohortRows.isEmpty else { return skipped("no KS\(keyStage.rawValue) pupils in the data") }
        guard !candidates.isEmpty else { return skipped("no KS\(keyStage.rawValue) pupils in \(subgroup.title)") }

        let subset: DataTable
        do { subset = try table.selectingRows(candidates, source: table.source) } catch {
            return skipped(error.description, status: .failed)
        }

        // 2. Controls that do not vary here leave the formula; year effects when several years.
        let prior = outcome.priorAttainmentColumn(absenceKeyStage: design.absenceKeyStage)
        var constant = Set<String>()
        for name in [prior] + design.controls {
            guard let column = try? subset.column(name) else { continue }
            if Self.distinctValues(column, limit: 2) < 2 { constant.insert(name) }
        }
        let years = Set(candidates.map { columns.year[$0] })
        spec = EvaluationFormula.specification(
            outcome: outcome, analysis: analysis, subgroup: subgroup, design: design, categories: categories,
            yearEffects: years.count > 1, constantColumns: constant)

        // 3. Missing values, counted under the first missing variable in formula order.
        var seen = Set<String>()
        let variables = spec.variables.filter { seen.insert($0).inserted }
        var masks: [[Bool]] = []
        for name in variables {
            guard let column = try? subset.column(name) else {
                return skipped("column '\(name)' is not in the analysis table", status: .failed)
            }
            masks.append(EvaluationColumns.missingMask(column))
        }
        var missingCounts = [Int](repeating: 0, count: variables.count)
        var complete = [Bool](repeating: true, count: candidates.count)
        for row in 0..<candidates.count {
            if let first = masks.firstIndex(where: { $0[row] }) {
                missingCounts[first] += 1
                complete[row] = false
            }
        }
        let used = complete.filter { $0 }.count
        var exclusions = ModelExclusions(
            tableRows: n, otherKeyStage: otherKeyStage, otherSubgroup: otherSubgroup, attendanceRule: attendance,
            missing: zip(variables, missingCounts).filter { $0.1 > 0 }.map { .init(variable: $0.0, pupils: $0.1) },
            modelRowsDropped: candidates.count - used, used: used)

        let subsetSchool = (try? subset.column("school").numericValues) ?? []
        let subsetSupport = candidates.map { columns.support[$0] }
        var schoolsUsed = Set<Double>()
        for row in 0..<candidates.count where complete[row] && row < subsetSchool.count { schoolsUsed.insert(subsetSchool[row]) }
        guard schoolsUsed.count >= design.minimumSchools else {
            return skipped("\(schoolsUsed.count) schools with complete data in \(subgroup.title); at least \(design.minimumSchools) are needed",
                           exclusions: exclusions)
        }

        // 4. Fit.
        let options = ModelFrame.Options(referenceLevels: spec.referenceLevels)
        var tests: [CoefficientTest] = []
        var summary = FittedModelSummary(
            specification: spec, status: .fitted, message: nil, pupils: used, schools: schoolsUsed.count,
            localAuthorities: nil, exclusions: nil, components: [], droppedTerms: [], warnings: [],
            converged: true, singular: false, seconds: 0)
        var schoolModes: ConditionalModes?
        /// Copies what every fitted model reports into the summary; returns its tests.
        func record(_ model: some FittedMixedModel) -> [CoefficientTest] {
            exclusions.modelRowsDropped = model.rowsDropped
            summary.pupils = model.observationCount
            summary.droppedTerms = model.droppedFixedEffects
            summary.components = model.varianceComponents.filter { $0.var2 == nil }
                .map { .init(group: $0.group, standardDeviation: $0.sdcor) }
            summary.converged = model.optimization?.converged ?? false
            summary.singular = model.isSingular
            summary.schools = model.terms.first { $0.groupingName == "school" }?.levelCount ?? schoolsUsed.count
            summary.localAuthorities = model.terms.first { $0.groupingName == "la" }?.levelCount
            return model.coefficientTests()
        }
        do {
            switch outcome.modelKind {
            case .linear:
                var model = try LinearMixedModel(formula: spec.formula, data: subset, reml: true, options: options)
                try model.fit()
                tests = record(model)
                if wantSchoolEffects {
                    schoolModes = try model.randomEffects(conditionalVariances: true).first { $0.groupingName == "school" }
                }
            case .bernoulliLogit, .binomialLogit:
                var model = try GeneralizedLinearMixedModel(
                    formula: spec.formula, data: subset, distribution: .binomial, link: .logit,
                    quadraturePoints: design.levels == .two ? spec.quadraturePoints : min(spec.quadraturePoints, 1),
                    options: options)
                try model.fit()
                tests = record(model)
                summary.warnings = model.warnings
            }
        } catch {
            return skipped(error.description, status: .failed, exclusions: exclusions)
        }
        if !spec.droppedControls.isEmpty {
            summary.warnings.append("controls left out (no variation among these pupils): " + spec.droppedControls.joined(separator: ", "))
        }
        if summary.singular { summary.warnings.append("boundary (singular) fit: a variance component is estimated as zero") }
        if !summary.converged { summary.warnings.append("the optimiser did not report convergence") }
        summary.exclusions = exclusions

        // 5. Tidy estimates with readable scales.
        let context = ScaleContext(outcome: outcome, subset: subset, complete: complete, support: subsetSupport,
                                   noneLabel: data.classification.noneLabel)
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
                for row in 0..<candidates.count where complete[row] && subsetSupport[row] == term.category {
                    set.insert(subsetSchool[row])
                }
                schoolsInCategory = set.count
            }
            estimates.append(context.estimate(
                test: test, term: term, spec: spec, level: design.confidenceLevel,
                pupils: summary.pupils, schools: summary.schools, schoolsInCategory: schoolsInCategory))
        }
        summary.seconds = Date().timeIntervalSince(clock)

        // 6. School effects for the caterpillar plot.
        var effects: [SchoolEffect]?
        if let modes = schoolModes, let covariances = modes.conditionalCovariances {
            var categoryOf: [String: String] = [:]
            if let factor = try? subset.column("school").factor() {
                for (row, code) in factor.codes.enumerated() where code >= 0 {
                    categoryOf[factor.levels[Int(code)]] = subsetSupport[row]
                }
            }
            let z = Distributions.normalQuantile(0.5 + design.confidenceLevel / 2)
            effects = zip(modes.levels, zip(modes.modes, covariances)).compactMap { level, pair in
                guard let mode = pair.0.first, let variance = pair.1.first else { return nil }
                let sd = max(variance, 0).squareRoot()
                return SchoolEffect(school: level, estimate: mode, lower: mode - z * sd, upper: mode + z * sd,
                                    category: categoryOf[level])
            }
        }
        return Result(summary: summary, estimates: estimates, schoolEffects: effects)
    }

    /// Distinct non-missing values of `column`, counted up to `limit`.
    static func distinctValues(_ column: DataColumn, limit: Int) -> Int {
        switch column.storage {
        case let .numeric(values):
            var seen = Set<Double>()
            for value in values where !value.isNaN {
                seen.insert(value)
                if seen.count >= limit { break }
            }
            return seen.count
        case let .categorical(codes, levels):
            var seen = Set<Int32>()
            for code in codes where code >= 0 && Int(code) < levels.count {
                seen.insert(code)
                if seen.count >= limit { break }
            }
            return seen.count
        }
    }
}
