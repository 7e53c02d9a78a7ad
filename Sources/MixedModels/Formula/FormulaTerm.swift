/// One fixed-effects term: an interaction of one or more factors, such as `sex` or `meanses:cses`.
///
/// A term is never empty; the intercept is a flag on ``Formula`` (R's `attr(terms, "intercept")`).
/// The factors of an interaction are listed in the order in which their variables first appear in the formula,
/// as R's `terms()` labels them (`?terms.object`, `term.labels`): in `y ~ sector*cses + meanses*cses` the
/// interaction of `meanses` and `cses` is labelled `cses:meanses`.
public struct FormulaTerm: Sendable, Hashable {
    /// The interacting factors; one for a main effect.
    public var factors: [FormulaExpression]

    public init(_ factors: [FormulaExpression]) {
        self.factors = factors
    }

    /// R's term label: the factor labels joined by `:`, e.g. `"meanses:cses"` or `"I(age^2)"`.
    public var label: String {
        factors.map(\.label).joined(separator: ":")
    }

    /// The number of factors: 1 for a main effect, 2 for a two-way interaction (R's `attr(terms, "order")`).
    public var order: Int {
        factors.count
    }
}
