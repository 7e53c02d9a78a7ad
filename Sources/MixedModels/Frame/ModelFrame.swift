import DataTable

/// The numbers a formula asks for, taken from a table: the response, the fixed-effects model
/// matrix X with lme4's column names, the random-effects matrices Zᵢ and the bookkeeping of
/// what was left out. The stage between "parse formula" and "make the deviance function" in
/// lme4's pipeline (`lFormula`/`mkReTrms`; Bates et al. 2015, section 2).
public struct ModelFrame: Sendable {
    /// 8 GiB: the default of `Options.maximumAllocationBytes`.
    public static let defaultMaximumAllocationBytes = 8 << 30
    public let formula: Formula
    public let source: String
    /// The response (for a binomial `cbind(s, f)` response: the successes).
    public var response: [Double]
    /// For a categorical response, its levels: the response is then 0 for the first level and
    /// 1 for the others (R's binomial convention); nil for a numeric response.
    public var responseLevels: [String]? = nil
    /// For a `cbind(s, f)` response: s + f, the number of trials per row.
    public var trials: [Double]?
    /// Sum of the `offset(...)` terms per row, when the formula has any.
    public var offset: [Double]?
    /// X, with its columns of 0s and 1s in bytes.
    var fixedEffects: FixedEffectsMatrix
    /// X as a dense matrix (a copy).
    var fixedEffectsMatrix: Matrix { fixedEffects.denseMatrix }
    public var fixedEffectNames: [String]
    /// Columns dropped because they were linear combinations of earlier ones (lme4:
    /// "fixed-effect model matrix is rank deficient so dropping k columns / coefficients").
    public var droppedFixedEffects: [String]
    public var randomEffects: [RandomEffectsMatrix]
    /// Rows of the table not used because a variable in the model was missing there.
    public var rowsDropped: Int
    /// The table row (0-based) behind each observation.
    public var rows: [Int]
    /// Notes for the user (dropped rows, dropped columns).
    public var messages: [String]

    /// Options of the frame: reference levels for treatment contrasts, keyed by variable name
    /// or by expression label (`sex` or `factor(period)`).
    public struct Options: Sendable {
        public var referenceLevels: [String: String]
        /// A numeric column of prior weights (linear models), as lme4's `weights =` argument.
        public var weights: String?
        /// The largest single allocation, in bytes, that the input may make the frame or the
        /// model request (the model matrices, their cross-products, the blocked system).
        /// Larger requests are refused with ``MixedModelError/tooLarge(what:terms:rows:columns:bytes:limit:)``
        /// before anything is allocated. The default is 8 GiB.
        public var maximumAllocationBytes: Int
        /// The rows of the table the model may use (0-based), as lme4's `subset =` argument:
        /// nil for every row. Rows missing a model variable are then dropped from these, and
        /// `rowsDropped` counts them among these rows only. The frame reads the subset's rows
        /// of the table's columns directly, so a model of a subgroup needs no copy of the
        /// table. As R's `model.frame` does, categorical variables keep only the levels that
        /// occur in the rows used.
        public var rows: [Int]?
        public init(referenceLevels: [String: String] = [:], weights: String? = nil,
                    maximumAllocationBytes: Int = ModelFrame.defaultMaximumAllocationBytes, rows: [Int]? = nil) {
            self.referenceLevels = referenceLevels
            self.weights = weights
            self.maximumAllocationBytes = maximumAllocationBytes
            self.rows = rows
        }
    }

    /// Prior weights per observation, when `Options.weights` names a column.
    public var weights: [Double]?

    public init(formula text: String, data table: DataTable, options: Options = Options()) throws(MixedModelError) {
        let formula: Formula
        do { formula = try Formula(parsing: text) } catch { throw .formula(error) }
        try self.init(formula: formula, data: table, options: options)
    }

    public init(formula: Formula, data table: DataTable, options: Options = Options()) throws(MixedModelError) {
        self.formula = formula
        self.source = table.source
        if let subset = options.rows, let bad = subset.first(where: { $0 < 0 || $0 >= table.rowCount }) {
            throw .invalidArgument("row \(bad) of the subset is outside the \(table.rowCount) rows of \(table.source) (rows are 0-based)")
        }
        var evaluator = FactorEvaluator(table: table, referenceLevels: options.referenceLevels, rows: options.rows)

        // Every expression the model uses, so that incomplete rows are dropped consistently.
        var used: [FormulaExpression] = []
        guard let response = formula.response else {
            throw .invalidResponse("the formula '\(formula.text)' has no response (left of ~)")
        }
        switch response {
        case .expression(let e): used.append(e)
        case .binomial(let s, let f): used += [s, f]
        }
        used += formula.fixedTerms.flatMap(\.factors)
        if let w = options.weights { used.append(.variable(w)) }
        used += formula.offsets
        var groupings: [FormulaExpression] = []
        for r in formula.randomTerms {
            // A multiple-membership row needs its first school; later empty cells end its memberships.
            groupings += r.membership.map { [FormulaExpression.variable($0.columns[0])] } ?? r.grouping
            used += r.terms.flatMap(\.factors)
        }
        let n = options.rows?.count ?? table.rowCount
        var rows: [Int] = []
        do {
            var evaluatedUsed: [EvaluatedFactor] = []
            for e in used { evaluatedUsed.append(try evaluator.evaluate(e)) }
            for e in groupings { evaluatedUsed.append(try evaluator.evaluateGrouping(e)) }
            rows.reserveCapacity(n)
            if let subset = options.rows {
                for row in subset where !evaluatedUsed.contains(where: { $0.isMissing(row) }) { rows.append(row) }
            } else {
                for row in 0..<n where !evaluatedUsed.contains(where: { $0.isMissing(row) }) { rows.append(row) }
            }
        }
        self.rows = rows
        self.rowsDropped = n - rows.count
        guard !rows.isEmpty else { throw .noObservations(source: table.source, dropped: n) }
        // Levels that no row in use has leave the categorical variables (R's
        // `drop.unused.levels`), so that a level met only in dropped rows gives no column of 0s.
        evaluator.dropUnusedLevels(rows: rows)
        var messages: [String] = []
        if rowsDropped > 0 {
            messages.append("\(rowsDropped) row\(rowsDropped == 1 ? "" : "s") dropped for missing values")
        }

        // Response.
        func numericValues(_ e: FormulaExpression) throws(MixedModelError) -> [Double] {
            guard case .numeric(let v) = try evaluator.evaluate(e) else {
                throw .invalidResponse("'\(e.label)' is categorical; the response must be numeric")
            }
            return rows.map { v[$0] }
        }
        switch response {
        case .expression(let e):
            if case .categorical(let codes, let levels) = try evaluator.evaluate(e) {
                // R's binomial family: a factor response is 0 for its first level and 1 otherwise.
                self.response = rows.map { codes[$0] > 0 ? 1 : 0 }
                self.responseLevels = levels
            } else {
                self.response = try numericValues(e)
            }
            self.trials = nil
        case .binomial(let s, let f):
            let successes = try numericValues(s)
            let failures = try numericValues(f)
            self.response = successes
            self.trials = zip(successes, failures).map { $0 + $1 }
        }

        // Prior weights.
        if let name = options.weights {
            guard case .numeric(let v) = try evaluator.evaluate(.variable(name)) else {
                throw .notNumeric(source: table.source, column: name, term: "weights")
            }
            // Checked here, where the column and the data row are known; the model checks again
            // for weights given as an array.
            for row in rows where !(v[row].isFinite && v[row] > 0) {
                throw .invalidWeight(column: name, row: row + 1, value: v[row], reason: "is not a positive, finite weight")
            }
            self.weights = rows.map { v[$0] }
        }

        // Offsets.
        if formula.offsets.isEmpty {
            self.offset = nil
        } else {
            var total = Array(repeating: 0.0, count: rows.count)
            for e in formula.offsets {
                guard case .numeric(let v) = try evaluator.evaluate(e) else {
                    throw .notNumeric(source: table.source, column: e.label, term: "offset(\(e.label))")
                }
                for (i, row) in rows.enumerated() { total[i] += v[row] }
            }
            self.offset = total
        }

        // Fixed effects, with aliased columns dropped. Each column goes into X as it is built,
        // so X exists once (the five-cohort evaluation's event-time model held its evaluated
        // columns, X and the reduced X at once, about 600 MB a copy); aliased columns are dropped
        // without a copy of the kept ones. Columns of 0s and 1s are held in bytes, for linear
        // models as for generalised ones (the five-cohort event-time linear model's X is 200 MB
        // so instead of 760 MB).
        let m = rows.count  // observations kept
        var x = FixedEffectsMatrix(rows: m)
        var fixedNames: [String] = []
        try ModelMatrixBuilder.forEachColumn(
            intercept: formula.hasIntercept, terms: formula.fixedTerms, rows: rows,
            limit: options.maximumAllocationBytes, matrix: "fixed-effects model matrix",
            evaluated: { (e) throws(MixedModelError) in try evaluator.evaluate(e) }) { (col) throws(MixedModelError) in
            // The rank test and every later step work with XᵀX: a column whose sum of squares
            // overflows would be dropped as aliased for the wrong reason.
            let ss = col.values.reduce(0) { $0 + $1 * $1 }
            guard ss.isFinite else { throw .overflow(column: col.name, largest: col.values.map(abs).max() ?? .infinity) }
            do throws(LinearAlgebraError) { try x.append(col.values, compacting: true) } catch {
                throw .numerical("column '\(col.name)' of the fixed-effects model matrix: \(error.description)")
            }
            fixedNames.append(col.name)
        }
        let fixedColumns = fixedNames
        var gram = x.withColumns { BlockedSystem.weightedCrossProduct(columns: $0, rows: m, sqrtWeights: []) }
        gram.symmetrizeFromLower()
        let kept = RankDeficiency.keptColumns(gram: gram)
        if kept.count < fixedColumns.count {
            let keptSet = Set(kept)
            let dropped = fixedColumns.indices.filter { !keptSet.contains($0) }.map { fixedColumns[$0] }
            self.droppedFixedEffects = dropped
            messages.append("fixed-effect model matrix is rank deficient so dropping \(dropped.count) column\(dropped.count == 1 ? "" : "s") / coefficient\(dropped.count == 1 ? "" : "s"): \(dropped.joined(separator: ", "))")
            // Kept columns in increasing order, so column k moves to position c ≤ k.
            x.keepColumns(kept)
        } else {
            self.droppedFixedEffects = []
        }
        self.fixedEffects = x
        self.fixedEffectNames = kept.map { fixedColumns[$0] }

        // Random effects.
        var terms: [RandomEffectsMatrix] = []
        // The column of ones of the first intercept-only term, shared (copy on write) by the
        // others: `(1 | school) + (1 | pupil)` holds one vector of ones, not two.
        var ones: [Double]?
        for r in formula.randomTerms {
            let grouping: GroupingFactor
            var membership: MembershipFactor? = nil
            if let spec = r.membership {
                let source = table.source, label = r.groupingLabel
                let m = try MembershipFactor(spec, label: label, rows: rows, factor: { (c) throws(MixedModelError) in
                    try evaluator.factor(.variable(c))
                }, numeric: { (c) throws(MixedModelError) in
                    guard case .numeric(let v) = try evaluator.evaluate(.variable(c)) else {
                        throw .notNumeric(source: source, column: c, term: label)
                    }
                    return v.doubles
                })
                membership = m
                grouping = GroupingFactor(codes: m.firstLevel, levels: m.levels)
            } else {
                grouping = try GroupingFactor(r.grouping, rows: rows, label: r.groupingLabel) { (e) throws(MixedModelError) in
                    try evaluator.factor(e)
                }
            }
            guard grouping.levels.count >= 2 else {
                throw .tooFewLevels(factor: r.groupingLabel, levels: grouping.levels.count)
            }
            let zColumns = try ModelMatrixBuilder.columns(
                intercept: r.hasIntercept, terms: r.terms, rows: rows,
                limit: options.maximumAllocationBytes, matrix: "random-effects model matrix for '\(r.groupingLabel)'",
                evaluated: { (e) throws(MixedModelError) in try evaluator.evaluate(e) })
            guard !zColumns.isEmpty else {
                throw .invalidArgument("random-effects term for '\(r.groupingLabel)' has no columns")
            }
            let q = zColumns.count
            var z = Array(repeating: 0.0, count: rows.count * q)
            for (c, col) in zColumns.enumerated() {
                for o in 0..<rows.count { z[o * q + c] = col.values[o] }
            }
            if q == 1 {
                if let ones, ones == z { z = ones } else if ones == nil, z.allSatisfy({ $0 == 1 }) { ones = z }
            }
            var term = RandomEffectsMatrix(groupingName: r.groupingLabel, levels: grouping.levels,
                                           columnNames: zColumns.map(\.name), refs: grouping.codes, z: z,
                                           membership: membership?.memberships)
            if let merged = membership?.mergedRows, merged > 0 {
                let note = "\(r.groupingLabel): \(merged) row\(merged == 1 ? "" : "s") listed the same school more than once; the weights were added"
                // Once per mm(...), though `(x || mm(...))` makes several terms of it.
                if !messages.contains(note) {
                    messages.append(note)
                    term.notes.append(note)
                }
            }
            terms.append(term)
        }
        try Self.checkBlockedSystemSize(terms, fixedColumns: x.columns, limit: options.maximumAllocationBytes)
        self.randomEffects = terms
        self.messages = messages
    }
}

extension ModelFrame {
    /// The blocked system holds [X y]ᵀZᵢ (p+1 by levels·q) for every term and, when there is
    /// more than one term, dense blocks of order levelsᵢ·qᵢ by levelsⱼ·qⱼ (the fill-in of the
    /// Cholesky factor). Each is checked against `limit` before the model allocates it.
    static func checkBlockedSystemSize(_ unsorted: [RandomEffectsMatrix], fixedColumns p: Int, limit: Int) throws(MixedModelError) {
        // The system orders the terms by decreasing number of levels; so does the check.
        let terms = RandomEffectsMatrix.lme4Order(unsorted)
        func bytes(_ a: Int, _ b: Int) -> Int? {
            let (ab, o1) = a.multipliedReportingOverflow(by: b)
            let (abc, o2) = ab.multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
            return o1 || o2 ? nil : abc
        }
        var orders: [Int] = []
        for t in terms {
            let (order, o) = t.levelCount.multipliedReportingOverflow(by: t.q)
            guard !o, let b = bytes(p + 1, order), b <= limit else {
                throw .tooLarge(what: "random-effects cross-product for '\(t.groupingName)'",
                                terms: ["\(t.groupingName) (\(t.levelCount) levels × \(t.q) effects)"],
                                rows: p + 1, columns: o ? nil : order, bytes: o ? nil : bytes(p + 1, order), limit: limit)
            }
            orders.append(order)
        }
        // A multiple-membership term's diagonal block and its blocks with other terms are dense.
        let checksFirst = terms.first?.isMultipleMembership == true
        guard terms.count > 1 || checksFirst else { return }
        for i in terms.indices {
            for j in terms.indices where j < i || (j == i && (i > 0 || checksFirst)) {
                // The blocks below the first term's are stored block sparse (one block per
                // observation at most), and the second diagonal block stays block diagonal when
                // the first term is nested in the second (each of its levels meets one level of
                // the second: an observation-level effect within schools, schools within LAs),
                // as `BlockedSystem` lays them out: neither is a dense allocation.
                let dense = terms[i].isMultipleMembership || terms[j].isMultipleMembership
                if j == 0 && i > 0 && !dense { continue }
                if i == 1 && j == 1 && isNested(terms[0], within: terms[1]) { continue }
                guard let b = bytes(orders[i], orders[j]), b <= limit else {
                    let pair = i == j ? "diagonal block for '\(terms[i].groupingName)'"
                        : "block for '\(terms[i].groupingName)' and '\(terms[j].groupingName)'"
                    throw .tooLarge(what: "blocked system \(pair)",
                                    terms: [i, j].map { "\(terms[$0].groupingName) (\(terms[$0].levelCount) levels × \(terms[$0].q) effects)" },
                                    rows: orders[i], columns: orders[j], bytes: bytes(orders[i], orders[j]), limit: limit)
                }
            }
        }
    }

    /// Whether every level of `inner` that occurs meets exactly one level of `outer`.
    static func isNested(_ inner: RandomEffectsMatrix, within outer: RandomEffectsMatrix) -> Bool {
        guard inner.refs.count == outer.refs.count, !inner.isMultipleMembership, !outer.isMultipleMembership else { return false }
        var partner = [Int32](repeating: -1, count: inner.levelCount)
        for (a, b) in zip(inner.refs, outer.refs) {
            let k = Int(a)
            guard k >= 0, k < partner.count else { return false }
            if partner[k] == -1 { partner[k] = b } else if partner[k] != b { return false }
        }
        return true
    }
}
