import DataTable
import Foundation

extension GeneralizedLinearMixedModel {
    /// Builds a generalised linear mixed model from an lme4 formula and a table. The
    /// response is `cbind(successes, failures)`, a 0/1 column (Bernoulli), a proportion
    /// with `trials` naming the column of trials (binomial, beta-binomial), or a count (Poisson,
    /// negative binomial). Every response value
    /// is checked; a bad one is an error naming the column and data row.
    public init(formula: String, data: DataTable, distribution: Distribution, link: Link? = nil,
                quadraturePoints: Int = 1, trials: String? = nil,
                options: ModelFrame.Options = ModelFrame.Options()) throws(MixedModelError) {
        guard options.weights == nil else {
            throw .invalidArgument("prior weights are supported for linear mixed models; for binomial counts give the trials (cbind or --trials)")
        }
        let frame = try ModelFrame(formula: formula, data: data, options: options)
        var trialCounts: [Double]? = frame.trials
        if let name = trials {
            guard frame.trials == nil else {
                throw .invalidArgument("give the trials either by cbind(successes, failures) or by a trials column, not both")
            }
            let column: DataColumn
            do { column = try data.column(name) } catch { throw .data(error) }
            guard let values = column.numbers else {
                throw .notNumeric(source: data.source, column: name, term: "trials")
            }
            trialCounts = frame.rows.map { values[$0] }
        }
        let label: String
        switch frame.formula.response {
        case .expression(let e)?: label = e.label
        case .binomial(let s, _)?: label = s.label
        case nil: label = "response"
        }
        if let levels = frame.responseLevels {
            guard distribution == .binomial, trials == nil else {
                throw .invalidResponse("'\(label)' is categorical (levels \(levels.joined(separator: ", "))); only a binomial model takes a factor response")
            }
            guard levels.count >= 2 else { throw .constantResponse(column: label) }
        }
        let n = frame.response.count
        var y = frame.response
        var weights = Array(repeating: 1.0, count: n)
        func row(_ i: Int) -> Int { frame.rows[i] + 1 }
        switch distribution {
        case .binomial, .betaBinomial:
            if let m = trialCounts {
                for i in 0..<n {
                    let s = y[i], t = m[i]
                    guard t.isFinite, t >= 0, t == t.rounded() else {
                        throw .invalidResponseValue(column: trials ?? "trials", row: row(i), value: t, reason: "is not a whole number of trials ≥ 0")
                    }
                    guard s >= 0, s == s.rounded() else {
                        throw .invalidResponseValue(column: label, row: row(i), value: s, reason: "is not a whole number of successes ≥ 0")
                    }
                    guard s <= t else {
                        throw .invalidResponseValue(column: label, row: row(i), value: s, reason: "exceeds the \(t) trials of that row")
                    }
                    if frame.trials != nil, case .binomial(_, let f)? = frame.formula.response, t - s < 0 {
                        throw .invalidResponseValue(column: f.label, row: row(i), value: t - s, reason: "is a negative number of failures")
                    }
                    weights[i] = t
                    y[i] = t > 0 ? s / t : 0
                }
            } else if distribution == .betaBinomial {
                throw .invalidResponse("a beta-binomial model needs the trials: give cbind(successes, failures) or a trials column (with one trial per row its dispersion is not identified; fit the binomial)")
            } else {
                for i in 0..<n where y[i] != 0 && y[i] != 1 {
                    throw .invalidResponseValue(column: label, row: row(i), value: y[i],
                                                reason: "is not 0 or 1 (a Bernoulli response); give cbind(successes, failures) or a trials column for counts")
                }
            }
        case .poisson, .negativeBinomial:
            guard trialCounts == nil else {
                throw .invalidArgument("a \(distribution == .poisson ? "Poisson" : "negative binomial") model takes counts, not cbind() or trials")
            }
            for i in 0..<n where !(y[i] >= 0 && y[i] == y[i].rounded()) {
                throw .invalidResponseValue(column: label, row: row(i), value: y[i], reason: "is not a count (a whole number ≥ 0)")
            }
        }
        if let first = y.first, !y.contains(where: { $0 != first }) { throw .constantResponse(column: label) }
        for t in frame.randomEffects where t.levelCount > n {
            throw .tooManyRandomEffects(term: t.groupingName, effects: t.levelCount, observations: n)
        }
        try self.init(response: y, priorWeights: weights, offset: frame.offset, fixedEffects: frame.fixedEffects,
                      fixedEffectNames: frame.fixedEffectNames, terms: frame.randomEffects, distribution: distribution,
                      link: link, quadraturePoints: quadraturePoints, formula: frame.formula.text)
        self.droppedFixedEffects = frame.droppedFixedEffects
        self.rowsDropped = frame.rowsDropped
        self.observationRows = frame.rows
        self.warnings = frame.messages + Self.degenerateGroupWarnings(y: y, terms: system.terms, distribution: distribution)
        if let levels = frame.responseLevels {
            warnings.append("response '\(label)' is categorical: modelled as the probability of not being '\(levels[0])' (levels \(levels.joined(separator: ", ")))")
        }
    }

    /// Groups whose responses are all 0 (or, for binomial, all 1): their conditional modes
    /// run towards the boundary; lme4 fits them silently, this model says so.
    static func degenerateGroupWarnings(y: [Double], terms: [RandomEffectsMatrix], distribution: Distribution) -> [String] {
        var out: [String] = []
        for t in terms {
            var anyAbove = Array(repeating: false, count: t.levelCount)
            var anyBelow = Array(repeating: false, count: t.levelCount)
            for (i, v) in y.enumerated() {
                t.forEachMembership(row: i) { g, _ in
                    if v > 0 { anyAbove[g] = true }
                    if v < 1 { anyBelow[g] = true }
                }
            }
            let zeros = (0..<t.levelCount).filter { !anyAbove[$0] }.count
            let ones = distribution == .binomial || distribution == .betaBinomial ? (0..<t.levelCount).filter { !anyBelow[$0] }.count : 0
            if zeros > 0 { out.append("\(zeros) of \(t.levelCount) levels of '\(t.groupingName)' have an all-zero response") }
            if ones > 0 { out.append("\(ones) of \(t.levelCount) levels of '\(t.groupingName)' have an all-one response") }
        }
        return out
    }

    /// Builds and fits in one call.
    public static func fit(_ formula: String, _ data: DataTable, distribution: Distribution, link: Link? = nil,
                           quadraturePoints: Int = 1, trials: String? = nil,
                           options: ModelFrame.Options = ModelFrame.Options()) throws(MixedModelError) -> GeneralizedLinearMixedModel {
        var m = try GeneralizedLinearMixedModel(formula: formula, data: data, distribution: distribution, link: link,
                                                quadraturePoints: quadraturePoints, trials: trials, options: options)
        try m.fit()
        return m
    }
}
