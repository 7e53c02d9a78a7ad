/// Recursive-descent parser for the subset of R's grammar that model formulas use.
///
/// Operator precedence and associativity are R's (`?Syntax`), lowest first:
///
/// | operators          | associativity |
/// |--------------------|---------------|
/// | `~`                | (once, at top level) |
/// | `\|` `\|\|`        | left  |
/// | `+` `-` (binary)   | left  |
/// | `*` `/`            | left  |
/// | `%op%`             | left  |
/// | `:`                | left  |
/// | `+` `-` (unary)    | right |
/// | `^`                | right |
///
/// so `(x + z | g)` groups as `(x + z) | g`, `a + b:c` as `a + (b:c)`, `-a^2` as `-(a^2)` and `a^-1` as
/// `a^(-1)`. Function calls `f(arg, ...)` take positional arguments only; named arguments are rejected.
///
/// Recursion is guarded: nesting (parentheses, calls, unary operators, powers) deeper than ``maximumNesting``
/// levels, or a tree taller than ``maximumTreeDepth`` nodes (a chain of more than about 500 terms joined by
/// operators), is reported as ``FormulaError/tooDeeplyNested(limit:position:formula:)`` or
/// ``FormulaError/tooLongChain(limit:position:formula:)`` rather than exhausting
/// the stack of the thread that parses (the later expansion steps recurse over the same tree).
struct FormulaParser {
    static let maximumNesting = 200
    static let maximumTreeDepth = 500

    /// Result of parsing: the optional left-hand side (response) and the right-hand side of `~`.
    struct Parsed {
        var response: FormulaSyntax?
        var rhs: FormulaSyntax
    }

    private let source: FormulaSource
    private let tokens: [FormulaToken]
    private var index = 0
    private var nesting = 0

    private init(source: FormulaSource, tokens: [FormulaToken]) {
        self.source = source
        self.tokens = tokens
    }

    static func parse(_ source: FormulaSource) throws(FormulaError) -> Parsed {
        let tokens = try FormulaTokenizer(source.text).tokenize()
        guard tokens.count > 1 else { throw .emptyFormula(formula: source.text) }
        guard tokens.contains(where: { $0.kind == .op("~") }) else {
            throw .missingTilde(formula: source.text)
        }
        var parser = FormulaParser(source: source, tokens: tokens)
        return try parser.parseFormula()
    }

    private var current: FormulaToken { tokens[min(index, tokens.count - 1)] }
    private var previous: FormulaToken? { index > 0 ? tokens[index - 1] : nil }

    private mutating func advance() -> FormulaToken {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func isOperator(_ token: FormulaToken, _ ops: Set<String>) -> Bool {
        if case .op(let op) = token.kind { return ops.contains(op) }
        return false
    }

    private mutating func parseFormula() throws(FormulaError) -> Parsed {
        var response: FormulaSyntax?
        if current.kind != .op("~") {
            response = try parseBar()
        }
        guard current.kind == .op("~") else {
            throw unexpected(current)
        }
        _ = advance()
        let rhs = try parseBar()
        guard current.kind == .end else {
            throw unexpected(current)
        }
        return Parsed(response: response, rhs: rhs)
    }

    /// The error for a token that cannot stand where it is.
    private func unexpected(_ token: FormulaToken) -> FormulaError {
        switch token.kind {
        case .rightParen:
            return .unbalancedParentheses(")", position: token.start + 1, formula: source.text)
        case .end:
            if let previous, case .op(let op) = previous.kind {
                return .missingOperand(after: op, position: previous.start + 1, formula: source.text)
            }
            return .unexpectedToken("end of formula", position: token.start + 1, formula: source.text)
        default:
            return .unexpectedToken(token.text, position: token.start + 1, formula: source.text)
        }
    }

    private mutating func enter(at token: FormulaToken) throws(FormulaError) {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw .tooDeeplyNested(limit: Self.maximumNesting, position: token.start + 1, formula: source.text)
        }
    }

    private mutating func leave() { nesting -= 1 }

    private func binary(_ op: String, _ left: FormulaSyntax, _ right: FormulaSyntax,
                        at token: FormulaToken) throws(FormulaError) -> FormulaSyntax {
        let node = FormulaSyntax(.binary(op, left, right), start: left.start, end: right.end,
                                 operatorPosition: token.start)
        if node.depth > Self.maximumTreeDepth {
            throw .tooLongChain(limit: Self.maximumTreeDepth, position: token.start + 1, formula: source.text)
        }
        return node
    }

    private mutating func parseLeftAssociative(
        _ ops: Set<String>, operand: (inout FormulaParser) throws(FormulaError) -> FormulaSyntax
    ) throws(FormulaError) -> FormulaSyntax {
        var left = try operand(&self)
        while isOperator(current, ops) {
            let token = advance()
            guard case .op(let op) = token.kind else { break }
            let right = try operand(&self)
            left = try binary(op, left, right, at: token)
        }
        return left
    }

    private static func isSpecial(_ token: FormulaToken) -> Bool {
        if case .op(let op) = token.kind { return op.hasPrefix("%") }
        return false
    }

    private mutating func parseBar() throws(FormulaError) -> FormulaSyntax {
        try enter(at: current)
        defer { leave() }
        return try parseLeftAssociative(["|", "||"]) { parser throws(FormulaError) in try parser.parseSum() }
    }

    private mutating func parseSum() throws(FormulaError) -> FormulaSyntax {
        try parseLeftAssociative(["+", "-"]) { parser throws(FormulaError) in try parser.parseProduct() }
    }

    private mutating func parseProduct() throws(FormulaError) -> FormulaSyntax {
        try parseLeftAssociative(["*", "/"]) { parser throws(FormulaError) in try parser.parseSpecial() }
    }

    private mutating func parseSpecial() throws(FormulaError) -> FormulaSyntax {
        var left = try parseColon()
        while Self.isSpecial(current) {
            let token = advance()
            let right = try parseColon()
            left = try binary(token.text, left, right, at: token)
        }
        return left
    }

    private mutating func parseColon() throws(FormulaError) -> FormulaSyntax {
        try parseLeftAssociative([":"]) { parser throws(FormulaError) in try parser.parseUnary() }
    }

    private mutating func parseUnary() throws(FormulaError) -> FormulaSyntax {
        guard isOperator(current, ["+", "-"]) else {
            return try parsePower()
        }
        let token = advance()
        try enter(at: token)
        defer { leave() }
        let operand = try parseUnary()
        guard case .op(let op) = token.kind else { return operand }
        return FormulaSyntax(.unary(op, operand), start: token.start, end: operand.end)
    }

    private mutating func parsePower() throws(FormulaError) -> FormulaSyntax {
        let base = try parsePrimary()
        guard isOperator(current, ["^"]) else { return base }
        let token = advance()
        try enter(at: token)
        defer { leave() }
        let exponent = try parseUnary()
        return try binary("^", base, exponent, at: token)
    }

    private mutating func parsePrimary() throws(FormulaError) -> FormulaSyntax {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            return FormulaSyntax(.number(value), start: token.start, end: token.end)
        case .name(let name):
            _ = advance()
            if current.kind == .leftParen {
                return try parseCall(name, nameToken: token)
            }
            return FormulaSyntax(.name(name), start: token.start, end: token.end)
        case .leftParen:
            _ = advance()
            if case .op(let op) = current.kind, op == "|" || op == "||" {
                throw .emptyRandomTermSide(.left, position: current.start + 1, formula: source.text)
            }
            let inner = try parseBar()
            guard current.kind == .rightParen else {
                if current.kind == .end {
                    throw .unbalancedParentheses("(", position: token.start + 1, formula: source.text)
                }
                throw unexpected(current)
            }
            let close = advance()
            return FormulaSyntax(.parenthesized(inner), start: token.start, end: close.end)
        default:
            throw missingOperand(at: token)
        }
    }

    /// The error for a missing operand where `token` stands.
    private func missingOperand(at token: FormulaToken) -> FormulaError {
        guard let previous else {
            return unexpected(token)
        }
        if case .op(let op) = previous.kind {
            if op == "|" || op == "||", token.kind == .rightParen || token.kind == .end {
                return .emptyRandomTermSide(.right, position: previous.start + 1, formula: source.text)
            }
            return .missingOperand(after: op, position: previous.start + 1, formula: source.text)
        }
        if previous.kind == .leftParen || previous.kind == .comma {
            if token.kind == .rightParen || token.kind == .comma {
                return .unexpectedToken(token.text, position: token.start + 1, formula: source.text)
            }
        }
        return unexpected(token)
    }

    private mutating func parseCall(_ name: String, nameToken: FormulaToken) throws(FormulaError) -> FormulaSyntax {
        let open = advance()
        try enter(at: open)
        defer { leave() }
        var arguments: [FormulaSyntax] = []
        if current.kind != .rightParen {
            arguments.append(try parseBar())
            while current.kind == .comma {
                _ = advance()
                arguments.append(try parseBar())
            }
        }
        guard current.kind == .rightParen else {
            if current.kind == .end {
                throw .unbalancedParentheses("(", position: open.start + 1, formula: source.text)
            }
            throw unexpected(current)
        }
        let close = advance()
        return FormulaSyntax(.call(name, arguments), start: nameToken.start, end: close.end)
    }
}
