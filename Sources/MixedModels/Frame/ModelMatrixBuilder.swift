/// Columns of a model matrix from formula terms, coded as R's `model.matrix` codes them
/// (Chambers & Hastie 1992, Statistical Models in S, §2.4.1; R's `?model.matrix`):
///
/// - a numeric factor contributes its values;
/// - a categorical factor F in term T is coded by treatment contrasts (indicators of every
///   level but the first) when the margin T∖F is in the model — the intercept standing for
///   the empty margin — and by indicators of all levels otherwise (so `0 + f` gives one
///   column per level, and a second categorical main effect then uses contrasts);
/// - an interaction is the product of its factors' codings, the first factor varying fastest;
/// - columns are named as R names them: `sexM`, `meanses:cses`, `cses:sectorPublic`,
///   `factor(period)2`.
struct ModelMatrixBuilder {
    /// One column: name and values over the rows in use.
    struct Column {
        var name: String
        var values: [Double]
    }

    /// Builds the columns for `terms` (plus the intercept when `intercept`) over `rows`.
    ///
    /// Before any column is built the number of columns is counted (overflow-checked) and the
    /// matrix of rows × columns and its columns × columns cross-product are each checked
    /// against `limit` bytes, so an interaction of many-level factors is refused with the terms
    /// and sizes named instead of exhausting memory.
    static func columns(intercept: Bool, terms: [FormulaTerm], rows: [Int], limit: Int = ModelFrame.defaultMaximumAllocationBytes,
                        matrix: String = "model matrix",
                        evaluated: (FormulaExpression) throws(MixedModelError) -> EvaluatedFactor) throws(MixedModelError) -> [Column] {
        var out: [Column] = []
        try forEachColumn(intercept: intercept, terms: terms, rows: rows, limit: limit, matrix: matrix, evaluated: evaluated) {
            out.append($0)
        }
        return out
    }

    /// `columns`, handing each column to `body` as it is built, in the same order, instead of
    /// holding them all: the frame copies each into X at once, so that a model of 26 columns
    /// on 2.8 million rows does not hold its 580 MB of evaluated columns beside X. The columns
    /// of a one-factor term (all but interactions) are built one at a time.
    static func forEachColumn(intercept: Bool, terms: [FormulaTerm], rows: [Int], limit: Int = ModelFrame.defaultMaximumAllocationBytes,
                              matrix: String = "model matrix",
                              evaluated: (FormulaExpression) throws(MixedModelError) -> EvaluatedFactor,
                              _ body: (Column) throws(MixedModelError) -> Void) throws(MixedModelError) {
        try checkSize(intercept: intercept, terms: terms, rows: rows.count, limit: limit, matrix: matrix, evaluated: evaluated)
        if intercept { try body(Column(name: "(Intercept)", values: Array(repeating: 1, count: rows.count))) }
        let present = Set(terms.map { Set($0.factors) })
        var emptyMarginPresent = intercept
        // The levels a categorical factor of `term` is coded by: all but the first (treatment
        // contrasts) when its margin is in the model, else all of them.
        func codedLevels(_ f: FormulaExpression, of term: FormulaTerm, levels: [String]) -> (used: [Int], full: Bool) {
            var margin = Set(term.factors)
            margin.remove(f)
            let contrasts = margin.isEmpty ? emptyMarginPresent : present.contains(margin)
            return (contrasts ? Array(levels.indices.dropFirst()) : Array(levels.indices), margin.isEmpty && !contrasts)
        }
        for term in terms {
            if term.factors.count == 1, let f = term.factors.first {
                switch try evaluated(f) {
                case .numeric(let values):
                    try body(Column(name: f.label, values: rows.map { values[$0] }))
                case .categorical(let codes, let levels):
                    let (used, full) = codedLevels(f, of: term, levels: levels)
                    if full { emptyMarginPresent = true }
                    for level in used {
                        try body(Column(name: f.label + levels[level], values: rows.map { codes[$0] == Int32(level) ? 1.0 : 0.0 }))
                    }
                }
                continue
            }
            // Per factor: the coded columns (name suffix, values over rows).
            var factorCodings: [[(String, [Double])]] = []
            var codedFully = false
            for f in term.factors {
                switch try evaluated(f) {
                case .numeric(let values):
                    factorCodings.append([(f.label, rows.map { values[$0] })])
                case .categorical(let codes, let levels):
                    let (used, full) = codedLevels(f, of: term, levels: levels)
                    if full { codedFully = true }
                    factorCodings.append(used.map { level in
                        (f.label + levels[level], rows.map { codes[$0] == Int32(level) ? 1.0 : 0.0 })
                    })
                }
            }
            if codedFully { emptyMarginPresent = true }
            // Products: each later factor's coding forms the outer loop, so the first
            // factor varies fastest, as in R.
            var combined: [(String, [Double])] = [("", Array(repeating: 1, count: rows.count))]
            for coding in factorCodings {
                var next: [(String, [Double])] = []
                for (name, values) in coding {
                    for (prefix, acc) in combined {
                        next.append((prefix.isEmpty ? name : prefix + ":" + name, zip(acc, values).map { $0 * $1 }))
                    }
                }
                combined = next
            }
            for (name, values) in combined { try body(Column(name: name, values: values)) }
        }
    }

    /// The column count of each term, as `columns` would code it, without building anything.
    static func checkSize(intercept: Bool, terms: [FormulaTerm], rows: Int, limit: Int, matrix: String,
                          evaluated: (FormulaExpression) throws(MixedModelError) -> EvaluatedFactor) throws(MixedModelError) {
        let present = Set(terms.map { Set($0.factors) })
        var emptyMarginPresent = intercept
        var total = intercept ? 1 : 0
        var termSizes: [(label: String, columns: Int)] = []
        var overflow = false
        for term in terms {
            var count = 1
            var codedFully = false
            for f in term.factors {
                var width = 1
                if case .categorical(_, let levels) = try evaluated(f) {
                    var margin = Set(term.factors)
                    margin.remove(f)
                    let contrasts = margin.isEmpty ? emptyMarginPresent : present.contains(margin)
                    if margin.isEmpty && !contrasts { codedFully = true }
                    width = contrasts ? levels.count - 1 : levels.count
                }
                let (product, o) = count.multipliedReportingOverflow(by: width)
                overflow = overflow || o
                count = o ? Int.max : product
            }
            if codedFully { emptyMarginPresent = true }
            termSizes.append((term.label, count))
            let (sum, o) = total.addingReportingOverflow(count)
            overflow = overflow || o
            total = o ? Int.max : sum
        }
        let bytes = MemoryLayout<Double>.stride
        func size(_ a: Int, _ b: Int) -> Int? {
            let (ab, o1) = a.multipliedReportingOverflow(by: b)
            let (abc, o2) = ab.multipliedReportingOverflow(by: bytes)
            return o1 || o2 ? nil : abc
        }
        let matrixBytes = overflow ? nil : size(rows, total)
        let crossBytes = overflow ? nil : size(total, total)
        guard let m = matrixBytes, let c = crossBytes, m <= limit, c <= limit else {
            let needed = matrixBytes.flatMap { m in crossBytes.map { max(m, $0) } }
            let largest = termSizes.sorted { $0.columns > $1.columns }.prefix(3)
                .map { "\($0.label) (\($0.columns == Int.max ? "too many" : String($0.columns)) columns)" }
            throw .tooLarge(what: matrix, terms: largest, rows: rows, columns: overflow ? nil : total, bytes: needed, limit: limit)
        }
    }
}
