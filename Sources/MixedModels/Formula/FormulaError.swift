/// Everything that can go wrong while reading a model formula or evaluating one of its expressions.
///
/// Positions are 1-based character offsets into the formula text, so that a message such as
/// "missing operand after '+' at position 8 in formula 'y ~ x +'" points at the offending character.
/// Parsing never traps: every malformed input is reported through one of these cases.
public enum FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which side of a random-effects bar `(lhs | grouping)` is missing.
    public enum RandomTermSide: String, Sendable, Equatable {
        case left
        case right
    }

    /// The text is empty or only whitespace.
    case emptyFormula(formula: String)
    /// The text has no `~`, so it is not a model formula (see R's `?formula`).
    case missingTilde(formula: String)
    /// A character that cannot start any token.
    case unexpectedCharacter(String, position: Int, formula: String)
    /// An operator R knows but which has no meaning in a model formula (`=`, `<`, `&`, `==`, ...).
    case unknownOperator(String, position: Int, formula: String)
    /// Valid R that this parser deliberately does not accept (string literals, `::`, `.`, hexadecimal numbers, ...).
    case unsupportedSyntax(String, position: Int, formula: String)
    /// A backquoted name without its closing backquote.
    case unterminatedQuotedName(position: Int, formula: String)
    /// A `(` that is never closed, or a `)` that closes nothing; the string is the parenthesis.
    case unbalancedParentheses(String, position: Int, formula: String)
    /// A token where none of its kind may stand (e.g. two operands in a row, a second `~`).
    case unexpectedToken(String, position: Int, formula: String)
    /// A binary or unary operator without its right-hand operand, e.g. a trailing `+`.
    case missingOperand(after: String, position: Int, formula: String)
    /// A random-effects bar that is not enclosed in parentheses, e.g. `y ~ x + 1 | g`.
    case barOutsideParentheses(position: Int, formula: String)
    /// A parenthesised random-effects term that is not simply added to the formula, e.g. `x * (1 | g)`.
    case misplacedRandomTerm(String, position: Int, formula: String)
    /// `( | g)` or `(x | )`.
    case emptyRandomTermSide(RandomTermSide, position: Int, formula: String)
    /// A random-effects term whose left-hand side has neither an intercept nor any term, e.g. `(0 | g)`.
    case emptyRandomTerm(String, position: Int, formula: String)
    /// A grouping factor lme4 cannot interpret, e.g. `(1 | a + b)`.
    case invalidGrouping(String, position: Int, formula: String)
    /// A multiple-membership grouping `mm(s1, s2, weights(w1, w2))` that is not column names followed
    /// by `weights(...)` with one weight column per membership column; `reason` says what is wrong.
    case invalidMultipleMembership(String, reason: String, position: Int, formula: String)
    /// `^` in the formula (outside `I()`) with a power that is not an integer of at least 2.
    case invalidPower(String, position: Int, formula: String)
    /// Something R's `terms()` rejects as a model term, e.g. a number other than 0 or 1.
    case invalidTerm(String, position: Int, formula: String)
    /// `cbind(...)` as response with other than two arguments.
    case invalidBinomialResponse(String, position: Int, formula: String)
    /// `offset(...)` with other than one argument, or inside a random-effects term.
    case invalidOffset(String, position: Int, formula: String)
    /// The formula nests deeper than the parser's recursion guard allows.
    case tooDeeplyNested(limit: Int, position: Int, formula: String)
    /// More than `limit` operands chained by operators (`x1 + x2 + ... + x501`): a flat chain,
    /// not nesting, but the expansion steps recurse over it.
    case tooLongChain(limit: Int, position: Int, formula: String)
    /// Expansion of the formula would produce more model terms than the guard allows, e.g. `(a + ... + z)^26`.
    case tooManyTerms(limit: Int, formula: String)
    /// Evaluation met a function or operator it cannot compute numerically; the string names it.
    case unsupportedFunction(String)
    /// Evaluation combined two columns of different lengths (neither of length 1).
    case lengthMismatch(String, left: Int, right: Int)

    /// The formula as quoted in messages: very long formulas are abbreviated.
    private static func quoted(_ formula: String) -> String {
        let limit = 120
        guard formula.count > limit else { return formula }
        return String(formula.prefix(limit)) + "…"
    }

    /// The same error with its formula text abbreviated for display.
    private var abbreviated: FormulaError {
        switch self {
        case .emptyFormula(let f): return .emptyFormula(formula: Self.quoted(f))
        case .missingTilde(let f): return .missingTilde(formula: Self.quoted(f))
        case .unexpectedCharacter(let s, let p, let f): return .unexpectedCharacter(s, position: p, formula: Self.quoted(f))
        case .unknownOperator(let s, let p, let f): return .unknownOperator(s, position: p, formula: Self.quoted(f))
        case .unsupportedSyntax(let s, let p, let f): return .unsupportedSyntax(s, position: p, formula: Self.quoted(f))
        case .unterminatedQuotedName(let p, let f): return .unterminatedQuotedName(position: p, formula: Self.quoted(f))
        case .unbalancedParentheses(let s, let p, let f):
            return .unbalancedParentheses(s, position: p, formula: Self.quoted(f))
        case .unexpectedToken(let s, let p, let f): return .unexpectedToken(s, position: p, formula: Self.quoted(f))
        case .missingOperand(let s, let p, let f): return .missingOperand(after: s, position: p, formula: Self.quoted(f))
        case .barOutsideParentheses(let p, let f): return .barOutsideParentheses(position: p, formula: Self.quoted(f))
        case .misplacedRandomTerm(let s, let p, let f):
            return .misplacedRandomTerm(Self.quoted(s), position: p, formula: Self.quoted(f))
        case .emptyRandomTermSide(let s, let p, let f):
            return .emptyRandomTermSide(s, position: p, formula: Self.quoted(f))
        case .emptyRandomTerm(let s, let p, let f):
            return .emptyRandomTerm(Self.quoted(s), position: p, formula: Self.quoted(f))
        case .invalidGrouping(let s, let p, let f):
            return .invalidGrouping(Self.quoted(s), position: p, formula: Self.quoted(f))
        case .invalidMultipleMembership(let s, let reason, let p, let f):
            return .invalidMultipleMembership(Self.quoted(s), reason: reason, position: p, formula: Self.quoted(f))
        case .invalidPower(let s, let p, let f): return .invalidPower(Self.quoted(s), position: p, formula: Self.quoted(f))
        case .invalidTerm(let s, let p, let f): return .invalidTerm(Self.quoted(s), position: p, formula: Self.quoted(f))
        case .invalidBinomialResponse(let s, let p, let f):
            return .invalidBinomialResponse(Self.quoted(s), position: p, formula: Self.quoted(f))
        case .invalidOffset(let s, let p, let f): return .invalidOffset(Self.quoted(s), position: p, formula: Self.quoted(f))
        case .tooDeeplyNested(let l, let p, let f): return .tooDeeplyNested(limit: l, position: p, formula: Self.quoted(f))
        case .tooLongChain(let l, let p, let f): return .tooLongChain(limit: l, position: p, formula: Self.quoted(f))
        case .tooManyTerms(let l, let f): return .tooManyTerms(limit: l, formula: Self.quoted(f))
        case .unsupportedFunction, .lengthMismatch: return self
        }
    }

    public var description: String {
        switch self.abbreviated {
        case .emptyFormula(let formula):
            return "empty formula '\(formula)'"
        case .missingTilde(let formula):
            return "formula '\(formula)' has no '~' separating response and predictors"
        case .unexpectedCharacter(let character, let position, let formula):
            return "unexpected character '\(character)' at position \(position) in formula '\(formula)'"
        case .unknownOperator(let op, let position, let formula):
            return "operator '\(op)' at position \(position) has no meaning in a model formula '\(formula)'"
        case .unsupportedSyntax(let what, let position, let formula):
            return "unsupported syntax \(what) at position \(position) in formula '\(formula)'"
        case .unterminatedQuotedName(let position, let formula):
            return "backquoted name starting at position \(position) is never closed in formula '\(formula)'"
        case .unbalancedParentheses(let paren, let position, let formula):
            if paren == "(" {
                return "'(' at position \(position) is never closed in formula '\(formula)'"
            }
            return "'\(paren)' at position \(position) has no matching '(' in formula '\(formula)'"
        case .unexpectedToken(let token, let position, let formula):
            return "unexpected '\(token)' at position \(position) in formula '\(formula)'"
        case .missingOperand(let op, let position, let formula):
            return "missing operand after '\(op)' at position \(position) in formula '\(formula)'"
        case .barOutsideParentheses(let position, let formula):
            return "random-effects bar '|' at position \(position) must be enclosed in parentheses, "
                + "as in '(1 | g)', in formula '\(formula)'"
        case .misplacedRandomTerm(let term, let position, let formula):
            return "random-effects term '\(term)' at position \(position) may only be added with '+' "
                + "in formula '\(formula)'"
        case .emptyRandomTermSide(let side, let position, let formula):
            let what = side == .left ? "left-hand side (the effects)" : "right-hand side (the grouping factor)"
            return "random-effects term at position \(position) has an empty \(what) in formula '\(formula)'"
        case .emptyRandomTerm(let term, let position, let formula):
            return "random-effects term '\(term)' at position \(position) has neither an intercept nor any effect "
                + "in formula '\(formula)'"
        case .invalidGrouping(let grouping, let position, let formula):
            return "invalid grouping factor '\(grouping)' at position \(position) in formula '\(formula)'; "
                + "use a variable, an interaction 'a:b' or nesting 'a/b'"
        case .invalidMultipleMembership(let grouping, let reason, let position, let formula):
            return "invalid multiple-membership grouping '\(grouping)' at position \(position) in formula '\(formula)': "
                + "\(reason); write mm(school1, school2, weights(w1, w2))"
        case .invalidPower(let term, let position, let formula):
            return "invalid power in formula: '\(term)' at position \(position) in '\(formula)' "
                + "(outside I(), '^' needs an integer power of at least 2)"
        case .invalidTerm(let term, let position, let formula):
            return "invalid model term '\(term)' at position \(position) in formula '\(formula)'"
        case .invalidBinomialResponse(let response, let position, let formula):
            return "binomial response '\(response)' at position \(position) must be cbind(successes, failures) "
                + "with exactly two arguments in formula '\(formula)'"
        case .invalidOffset(let term, let position, let formula):
            return "invalid offset '\(term)' at position \(position) in formula '\(formula)'; "
                + "offset() takes one expression and belongs to the fixed part"
        case .tooDeeplyNested(let limit, let position, let formula):
            return "formula nests deeper than \(limit) levels at position \(position) in '\(formula)'"
        case .tooLongChain(let limit, let position, let formula):
            return "formula joins more than \(limit) terms with operators (at position \(position) in '\(formula)'); "
                + "at most \(limit) terms are supported in one chain"
        case .tooManyTerms(let limit, let formula):
            return "formula '\(formula)' expands to more than \(limit) model terms"
        case .unsupportedFunction(let name):
            return "cannot evaluate '\(name)' numerically"
        case .lengthMismatch(let expression, let left, let right):
            return "cannot combine columns of lengths \(left) and \(right) in '\(expression)'"
        }
    }
}
