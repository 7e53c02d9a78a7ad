/// lme4's handling of the random-effects bars in a formula: `findbars`, `nobars`, `expandDoubleVerts` and the slash
/// expansion of grouping factors (lme4 `R/utilities.R`; Bates et al. 2015, J. Stat. Softw. 67(1), section 2.1).
///
/// - Random-effects terms are parenthesised bars `(lhs | g)` or `(lhs || g)` added to the formula with `+`; the
///   fixed-effects formula is what remains when they are removed (`nobars`), `~ 1` if nothing remains. Terms
///   subtracted after them still apply to the fixed part: `y ~ x + (1 | g) - 1` has fixed part `x - 1`, and
///   `y ~ (1 | g) - 1` has fixed part `-1` (no intercept).
/// - `(lhs || g)` stands for uncorrelated effects: `(1 | g)` if `lhs` has an intercept, followed by
///   `(0 + t | g)` for each term `t` of `~ lhs` (`expandDoubleVerts`).
/// - A grouping `a/b` means `b` nested in `a`: the bar is repeated for `b:a` and then `a`; `a/b/c` gives
///   `c:(b:a)`, `b:a`, `a` (`expandSlash`; the labels are R's deparse of the constructed interactions).
/// - A grouping `a:b` is one grouping factor, the interaction of `a` and `b`.
enum FormulaRandomEffects {
    /// A bar found in the formula.
    struct Bar {
        var lhs: FormulaSyntax
        var grouping: FormulaSyntax
        var uncorrelated: Bool
        var node: FormulaSyntax
    }

    /// Splits the right-hand side into its fixed part (nil if nothing is left) and its bars, in formula order.
    static func split(_ node: FormulaSyntax,
                      source: FormulaSource) throws(FormulaError) -> (fixed: FormulaSyntax?, bars: [Bar]) {
        if node.isBar {
            throw .barOutsideParentheses(position: source.position(node), formula: source.text)
        }
        switch node.kind {
        case .parenthesized(let inner):
            let bare = inner.unparenthesized
            if case .binary(let op, let lhs, let grouping) = bare.kind, op == "|" || op == "||" {
                return (nil, [Bar(lhs: lhs, grouping: grouping, uncorrelated: op == "||", node: node)])
            }
            let (fixed, bars) = try split(inner, source: source)
            guard let fixed else { return (nil, bars) }
            return (FormulaSyntax(.parenthesized(fixed), start: node.start, end: node.end), bars)
        case .binary("+", let left, let right):
            let (leftFixed, leftBars) = try split(left, source: source)
            let (rightFixed, rightBars) = try split(right, source: source)
            let fixed: FormulaSyntax?
            if let leftFixed, let rightFixed {
                fixed = FormulaSyntax(.binary("+", leftFixed, rightFixed), start: node.start, end: node.end,
                                      operatorPosition: node.operatorPosition)
            } else {
                fixed = leftFixed ?? rightFixed
            }
            return (fixed, leftBars + rightBars)
        case .unary("+", let operand):
            return try split(operand, source: source)
        case .binary("-", let left, let right) where left.firstBar != nil && right.firstBar == nil:
            // `x + (1 | g) - 1`: the subtraction applies to what remains of the fixed part.
            let (leftFixed, bars) = try split(left, source: source)
            guard let leftFixed else {
                let negated = FormulaSyntax(.unary("-", right), start: node.operatorPosition, end: node.end)
                return (negated, bars)
            }
            return (FormulaSyntax(.binary("-", leftFixed, right), start: node.start, end: node.end,
                                  operatorPosition: node.operatorPosition), bars)
        default:
            if let bar = node.firstBar {
                let shown = enclosingTerm(of: bar, in: node) ?? bar
                throw .misplacedRandomTerm(source.slice(shown), position: source.position(bar), formula: source.text)
            }
            return (node, [])
        }
    }

    /// The parenthesised node directly around `bar`, for quoting in messages.
    private static func enclosingTerm(of bar: FormulaSyntax, in node: FormulaSyntax) -> FormulaSyntax? {
        if case .parenthesized(let inner) = node.kind, inner.isBar, inner.start == bar.start {
            return node
        }
        switch node.kind {
        case .name, .number:
            return nil
        case .call(_, let arguments):
            return arguments.lazy.compactMap { enclosingTerm(of: bar, in: $0) }.first
        case .unary(_, let operand), .parenthesized(let operand):
            return enclosingTerm(of: bar, in: operand)
        case .binary(_, let left, let right):
            return enclosingTerm(of: bar, in: left) ?? enclosingTerm(of: bar, in: right)
        }
    }

    /// Expands one bar into lme4's random-effects terms.
    static func expand(_ bar: Bar, source: FormulaSource) throws(FormulaError) -> [RandomEffectsTerm] {
        if let nested = bar.lhs.firstBar ?? bar.grouping.firstBar {
            throw .misplacedRandomTerm(source.slice(nested), position: source.position(nested), formula: source.text)
        }
        let effects = try FormulaTermEncoder.terms(response: nil, rhs: bar.lhs, source: source)
        if !effects.offsets.isEmpty {
            throw .invalidOffset(source.slice(bar.lhs), position: bar.lhs.start + 1, formula: source.text)
        }
        var components: [(hasIntercept: Bool, terms: [FormulaTerm])] = []
        if bar.uncorrelated {
            if effects.intercept { components.append((true, [])) }
            components += effects.terms.map { (false, [$0]) }
        } else {
            components.append((effects.intercept, effects.terms))
        }
        if components.isEmpty || components.contains(where: { !$0.hasIntercept && $0.terms.isEmpty }) {
            throw .emptyRandomTerm(source.slice(bar.node), position: bar.node.start + 1, formula: source.text)
        }
        if let membership = try multipleMembership(bar.grouping, source: source) {
            let grouping = try source.expression(bar.grouping.unparenthesized)
            return components.map {
                RandomEffectsTerm(hasIntercept: $0.hasIntercept, terms: $0.terms, grouping: [grouping],
                                  groupingLabel: grouping.label, membership: membership)
            }
        }
        let groupings = try groupingExpressions(bar.grouping, source: source)
        var result: [RandomEffectsTerm] = []
        for component in components {
            for grouping in groupings {
                result.append(RandomEffectsTerm(hasIntercept: component.hasIntercept, terms: component.terms,
                                                grouping: try factors(of: grouping, node: bar.grouping, source: source),
                                                groupingLabel: grouping.label))
            }
        }
        return result
    }

    /// The columns of a multiple-membership grouping `mm(a, b, c, weights(wa, wb, wc))`, or nil
    /// when the grouping is not an `mm(...)` call. Every argument but the last must be a column
    /// name, and the last must be `weights(...)` with as many column names.
    static func multipleMembership(_ node: FormulaSyntax,
                                   source: FormulaSource) throws(FormulaError) -> MultipleMembership? {
        let bare = node.unparenthesized
        guard case .call("mm", let arguments) = bare.kind else { return nil }
        func fail(_ reason: String) -> FormulaError {
            .invalidMultipleMembership(source.slice(bare), reason: reason, position: source.position(bare), formula: source.text)
        }
        func names(_ nodes: [FormulaSyntax], of what: String) throws(FormulaError) -> [String] {
            var out: [String] = []
            for a in nodes {
                guard case .name(let name) = a.unparenthesized.kind else {
                    throw fail("\(what) '\(source.slice(a))' is not a column name")
                }
                out.append(name)
            }
            return out
        }
        guard let last = arguments.last, case .call("weights", let weightNodes) = last.unparenthesized.kind else {
            throw fail("the last argument must be weights(...), one weight column per membership column")
        }
        let columns = try names(Array(arguments.dropLast()), of: "membership column")
        let weights = try names(weightNodes, of: "weight column")
        guard !columns.isEmpty else { throw fail("no membership columns") }
        guard weights.count == columns.count else {
            throw fail("\(columns.count) membership column\(columns.count == 1 ? "" : "s") but \(weights.count) weight column\(weights.count == 1 ? "" : "s")")
        }
        if let repeated = columns.first(where: { c in columns.filter { $0 == c }.count > 1 }) {
            throw fail("membership column '\(repeated)' is listed twice")
        }
        return MultipleMembership(columns: columns, weights: weights)
    }

    /// lme4's `slashTerms` + `makeInteraction`: the grouping expressions a (possibly nested) grouping stands for.
    static func groupingExpressions(_ node: FormulaSyntax,
                                    source: FormulaSource) throws(FormulaError) -> [FormulaExpression] {
        guard node.containsSlash else {
            return [try source.expression(node)]
        }
        guard case .binary("/", let outer, let inner) = node.kind else {
            throw .invalidGrouping(source.slice(node), position: source.position(node), formula: source.text)
        }
        let outerGroupings = try groupingExpressions(outer, source: source)
        guard !inner.containsSlash, let first = outerGroupings.first else {
            throw .invalidGrouping(source.slice(node), position: source.position(node), formula: source.text)
        }
        return [.binary(":", try source.expression(inner), first)] + outerGroupings
    }

    /// The factors whose interaction a grouping expression denotes: `a:b` gives `[a, b]`.
    static func factors(of expression: FormulaExpression, node: FormulaSyntax,
                        source: FormulaSource) throws(FormulaError) -> [FormulaExpression] {
        switch expression {
        case .binary(":", let left, let right):
            return try factors(of: left, node: node, source: source) + factors(of: right, node: node, source: source)
        case .call("(", let arguments) where arguments.count == 1:
            return try factors(of: arguments[0], node: node, source: source)
        case .variable(let name) where name != ".":
            return [expression]
        case .call(let name, _) where name != "(":
            return [expression]
        default:
            throw .invalidGrouping(source.slice(node), position: source.position(node), formula: source.text)
        }
    }
}
