/// A parsed lme4 model formula such as `Reaction ~ Days + (Days | Subject)`.
///
/// The fixed-effects part follows R's `terms.formula` (see `?formula` and `?terms.formula`): `+` adds terms,
/// `:` forms interactions, `a*b` is `a + b + a:b`, `a/b` is `a + a:b`, `(a + b + c)^2` gives all main effects and
/// two-way interactions, `-` removes terms, `0 +`, `+ 0` and `- 1` remove the intercept and `1 +` states it.
/// `I(...)` protects arithmetic, so `I(age^2)` is a single factor, as is any other call (`factor(x)`, `log(x)`).
/// `offset(expr)` terms are collected in ``offsets`` instead of ``fixedTerms``. Duplicate terms are dropped
/// (`a:b` is the same term as `b:a`), and terms are ordered as R orders them: by number of factors, otherwise in
/// order of appearance, with the factors of an interaction in the order their variables first appear in the
/// formula.
///
/// Random-effects terms `(lhs | g)` are found and expanded as lme4 does (Bates, Mächler, Bolker & Walker 2015,
/// J. Stat. Softw. 67(1), section 2.1): `(x || g)` is `(1 | g) + (0 + x | g)`, `(1 | a/b)` is
/// `(1 | b:a) + (1 | a)`. They are kept in formula order.
///
/// A response `cbind(successes, failures)` is a binomial response; a formula may also be one-sided (`~ x`).
public struct Formula: Sendable, Hashable {
    /// The left-hand side, or nil for a one-sided formula.
    public var response: FormulaResponse?
    /// Whether the fixed-effects part has an intercept (R's `attr(terms, "intercept")`).
    public var hasIntercept: Bool
    /// The fixed-effects terms, excluding the intercept and offsets, in R's order.
    public var fixedTerms: [FormulaTerm]
    /// The arguments of `offset(...)` terms, e.g. `log(days)`, in order of appearance.
    public var offsets: [FormulaExpression]
    /// The random-effects terms after expansion of `||` and `/`, in formula order.
    public var randomTerms: [RandomEffectsTerm]
    /// The formula as written.
    public var text: String

    public init(response: FormulaResponse?, hasIntercept: Bool, fixedTerms: [FormulaTerm],
                offsets: [FormulaExpression] = [], randomTerms: [RandomEffectsTerm] = [], text: String) {
        self.response = response
        self.hasIntercept = hasIntercept
        self.fixedTerms = fixedTerms
        self.offsets = offsets
        self.randomTerms = randomTerms
        self.text = text
    }

    /// Parses `text`, throwing a ``FormulaError`` that quotes the offending text and its position.
    public init(parsing text: String) throws(FormulaError) {
        let source = FormulaSource(text)
        let parsed = try FormulaParser.parse(source)

        var response: FormulaResponse?
        if let lhs = parsed.response {
            response = try Self.response(lhs, source: source)
        }
        let (fixedPart, bars) = try FormulaRandomEffects.split(parsed.rhs, source: source)
        // R's terms() installs the whole response as the first variable.
        let responseExpression: FormulaExpression? = response.map { response in
            switch response {
            case .expression(let expression): return expression
            case .binomial(let successes, let failures): return .call("cbind", [successes, failures])
            }
        }
        let fixed = try FormulaTermEncoder.terms(response: responseExpression, rhs: fixedPart, source: source)
        var randomTerms: [RandomEffectsTerm] = []
        for bar in bars {
            randomTerms += try FormulaRandomEffects.expand(bar, source: source)
        }
        self.init(response: response, hasIntercept: fixed.intercept, fixedTerms: fixed.terms,
                  offsets: fixed.offsets, randomTerms: randomTerms, text: text)
    }

    private static func response(_ node: FormulaSyntax, source: FormulaSource) throws(FormulaError) -> FormulaResponse {
        if node.isBar {
            throw .barOutsideParentheses(position: source.position(node), formula: source.text)
        }
        let expression = try source.expression(node)
        if case .call("cbind", let arguments) = expression {
            guard arguments.count == 2 else {
                throw .invalidBinomialResponse(source.slice(node), position: node.start + 1, formula: source.text)
            }
            return .binomial(successes: arguments[0], failures: arguments[1])
        }
        return .expression(expression)
    }

    /// Every variable name the formula references (response, fixed part, offsets and random terms), in order of
    /// first appearance and without duplicates: the columns a model frame needs.
    public var variableNames: [String] {
        var expressions: [FormulaExpression] = []
        if let response {
            switch response {
            case .expression(let expression): expressions.append(expression)
            case .binomial(let successes, let failures): expressions += [successes, failures]
            }
        }
        expressions += fixedTerms.flatMap(\.factors)
        expressions += offsets
        for term in randomTerms {
            expressions += term.terms.flatMap(\.factors)
            expressions += term.grouping
        }
        var seen: Set<String> = []
        return expressions.flatMap(\.variables).filter { seen.insert($0).inserted }
    }
}
