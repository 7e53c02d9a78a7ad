/// The left-hand side of a model formula.
public enum FormulaResponse: Sendable, Hashable {
    /// A single response expression, e.g. `Reaction` or `log(y)`.
    case expression(FormulaExpression)
    /// A binomial response written `cbind(successes, failures)` (`?glm`, section "Details").
    case binomial(successes: FormulaExpression, failures: FormulaExpression)

    /// The response as written, deparsed like R: `"Reaction"`, `"cbind(incidence, healthy)"`.
    public var label: String {
        switch self {
        case .expression(let expression):
            return expression.label
        case .binomial(let successes, let failures):
            return FormulaExpression.call("cbind", [successes, failures]).label
        }
    }

    /// Variable names referenced by the response, in order of first appearance.
    public var variables: [String] {
        switch self {
        case .expression(let expression):
            return expression.variables
        case .binomial(let successes, let failures):
            return FormulaExpression.call("cbind", [successes, failures]).variables
        }
    }
}
