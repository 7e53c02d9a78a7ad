/// An R expression inside a formula term: `age`, `I(age^2)`, `factor(period)`, `log(x)`, `offset(log(days))`.
///
/// This is what R's `terms()` calls a *variable* (`?terms.object`, attribute `variables`): any symbol or call
/// that is not one of the formula operators `+ - * / : ^ %in% ( )`. Inside a call the operators keep their
/// arithmetic meaning, which is why `I(age^2)` is one variable-like factor rather than an interaction
/// (`?formula`, section "Details", on `I()`).
///
/// Parentheses written inside a call are kept as a call named `"("`, exactly as R represents them, so that
/// ``label`` reproduces the text R prints (`I((a + b)^2)`).
public indirect enum FormulaExpression: Sendable, Hashable {
    /// A variable name; names written in backquotes (R's syntax for names with spaces, such as my var) are stored without them.
    case variable(String)
    case number(Double)
    /// A function call, e.g. `.call("log", [.variable("x")])`; `"("` is the parenthesis call.
    case call(String, [FormulaExpression])
    /// An infix operator: `+`, `-`, `*`, `/`, `^`, `:` or a special `%op%` (inside `I()` arithmetic).
    case binary(String, FormulaExpression, FormulaExpression)
    /// Unary minus.
    case negate(FormulaExpression)

    /// R's deparse of the expression, as lme4 prints it in coefficient names:
    /// `"age"`, `"I(age^2)"`, `"factor(period)"`, `"log(x + 1)"`, `"I(x * 2)"`.
    ///
    /// Follows R's `deparse()`: `+ - *` and `%op%` are surrounded by spaces while `/ ^ :` (and `%%`, `%/%`)
    /// are not; parentheses are added only where precedence requires them; non-syntactic names are
    /// backquoted; numbers use R's 15-significant-digit formatting (`1e-04`, `1e+05`, `0.001`).
    public var label: String {
        FormulaDeparser.deparse(self)
    }

    /// Variable names referenced, in order of first appearance, without duplicates.
    /// Function names are not variables: `log(x + y)` references `["x", "y"]`.
    public var variables: [String] {
        var seen: Set<String> = []
        var names: [String] = []
        collectVariables(into: &names, seen: &seen)
        return names
    }

    private func collectVariables(into names: inout [String], seen: inout Set<String>) {
        switch self {
        case .variable(let name):
            if seen.insert(name).inserted {
                names.append(name)
            }
        case .number:
            break
        case .call(_, let arguments):
            for argument in arguments {
                argument.collectVariables(into: &names, seen: &seen)
            }
        case .binary(_, let left, let right):
            left.collectVariables(into: &names, seen: &seen)
            right.collectVariables(into: &names, seen: &seen)
        case .negate(let operand):
            operand.collectVariables(into: &names, seen: &seen)
        }
    }

    /// Names of calls that turn a column into a categorical factor in a model frame.
    public static let factorFunctions: Set<String> = ["factor", "as.factor", "ordered", "as.ordered"]

    /// True for `factor(x)` / `as.factor(x)` / `ordered(x)` / `as.ordered(x)` calls, which make a numeric
    /// column categorical (R's `model.frame` then codes it by contrasts).
    public var isFactorCall: Bool {
        if case .call(let name, let arguments) = self {
            if name == "(", arguments.count == 1 {
                return arguments[0].isFactorCall
            }
            return Self.factorFunctions.contains(name) && !arguments.isEmpty
        }
        return false
    }

    /// True for `offset(...)` calls (R's `terms()` recognises offsets by this name).
    public var isOffsetCall: Bool {
        if case .call("offset", _) = self { return true }
        return false
    }
}
