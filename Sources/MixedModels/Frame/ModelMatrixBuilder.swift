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
    static func columns(intercept: Bool, terms: [FormulaTerm], rows: [Int],
                        evaluated: (FormulaExpression) throws(MixedModelError) -> EvaluatedFactor) throws(MixedModelError) -> [Column] {
        var out: [Column] = []
        if intercept { out.append(Column(name: "(Intercept)", values: Array(repeating: 1, count: rows.count))) }
        let present = Set(terms.map { Set($0.factors) })
        var emptyMarginPresent = intercept
        for term in terms {
            // Per factor: the coded columns (name suffix, values over rows).
            var factorCodings: [[(String, [Double])]] = []
            var codedFully = false
            for f in term.factors {
                switch try evaluated(f) {
                case .numeric(let values):
                    factorCodings.append([(f.label, rows.map { values[$0] })])
                case .categorical(let codes, let levels):
                    var margin = Set(term.factors)
                    margin.remove(f)
                    let contrasts = margin.isEmpty ? emptyMarginPresent : present.contains(margin)
                    if margin.isEmpty && !contrasts { codedFully = true }
                    let used = contrasts ? Array(levels.indices.dropFirst()) : Array(levels.indices)
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
            out.append(contentsOf: combined.map { Column(name: $0.0, values: $0.1) })
        }
        return out
    }
}
