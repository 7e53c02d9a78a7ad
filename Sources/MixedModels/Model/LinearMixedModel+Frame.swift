import DataTable

extension LinearMixedModel {
    /// Builds a linear mixed model from an lme4 formula and a table, without fitting it.
    public init(formula: String, data: DataTable, reml: Bool = true,
                options: ModelFrame.Options = ModelFrame.Options()) throws(MixedModelError) {
        let start = ContinuousClock.now
        let frame = try ModelFrame(formula: formula, data: data, options: options)
        try self.init(frame: frame, reml: reml)
        timing.frame = (ContinuousClock.now - start) / .seconds(1)
    }

    /// Builds a linear mixed model from a model frame, checking what lme4 checks before a
    /// fit: a numeric, non-constant response; fewer levels than observations in each
    /// grouping factor; fewer random effects than observations.
    public init(frame: ModelFrame, reml: Bool = true) throws(MixedModelError) {
        guard frame.trials == nil else {
            throw .invalidResponse("cbind(successes, failures) needs a binomial generalised model, not a linear one")
        }
        if let levels = frame.responseLevels {
            throw .invalidResponse("'\(frame.formula.response?.label ?? "response")' is categorical (levels \(levels.joined(separator: ", "))); a linear mixed model needs a numeric response")
        }
        guard frame.offset == nil else {
            throw .invalidArgument("offset() terms are supported in generalised models only")
        }
        let label: String
        if case .expression(let e)? = frame.formula.response { label = e.label } else { label = "response" }
        let y = frame.response
        if let first = y.first, !y.contains(where: { $0 != first }) { throw .constantResponse(column: label) }
        try Self.checkSumsOfSquares(y, column: label)
        // X's columns were checked as the frame built them.
        let n = y.count
        for t in frame.randomEffects {
            guard t.levelCount < n else {
                throw .tooManyRandomEffects(term: t.groupingName, effects: t.levelCount, observations: n)
            }
            guard t.columnCount < n else {
                throw .tooManyRandomEffects(term: "(\(t.columnNames.joined(separator: " + ")) | \(t.groupingName))",
                                            effects: t.columnCount, observations: n)
            }
        }
        try self.init(response: y, fixedEffects: frame.fixedEffects, fixedEffectNames: frame.fixedEffectNames,
                      terms: frame.randomEffects, weights: frame.weights, reml: reml, formula: frame.formula.text)
        self.droppedFixedEffects = frame.droppedFixedEffects
        self.rowsDropped = frame.rowsDropped
        self.observationRows = frame.rows
    }

    /// Reads nothing, builds and fits in one call: `try LinearMixedModel.fit("y ~ x + (1|g)", data)`.
    public static func fit(_ formula: String, _ data: DataTable, reml: Bool = true,
                           options: ModelFrame.Options = ModelFrame.Options()) throws(MixedModelError) -> LinearMixedModel {
        var model = try LinearMixedModel(formula: formula, data: data, reml: reml, options: options)
        try model.fit()
        return model
    }
}

extension LinearMixedModel {
    /// The model is built from cross-products of y and the columns of X; when Σ vᵢ² is not
    /// finite (|v| beyond about 1e153) no scale-free quantity can be computed from them.
    static func checkSumsOfSquares(_ v: [Double], column: String) throws(MixedModelError) {
        let ss = v.reduce(0) { $0 + $1 * $1 }
        guard ss.isFinite else {
            throw .overflow(column: column, largest: v.map(abs).max() ?? .infinity)
        }
    }
}
