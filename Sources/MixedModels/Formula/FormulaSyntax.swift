/// A node of the parsed formula, before any formula semantics are applied: the same tree R's parser builds
/// for a `~` expression, annotated with the character range it came from so that later errors can quote it.
struct FormulaSyntax: Sendable {
    indirect enum Kind: Sendable {
        case name(String)
        case number(Double)
        case call(String, [FormulaSyntax])
        case unary(String, FormulaSyntax)
        case binary(String, FormulaSyntax, FormulaSyntax)
        case parenthesized(FormulaSyntax)
    }

    var kind: Kind
    /// Character range in the formula text (0-based, end exclusive).
    var start: Int
    var end: Int
    /// Where the node's operator stands (for error positions); the start for leaves and calls.
    var operatorPosition: Int
    /// Height of the tree below and including this node.
    var depth: Int

    init(_ kind: Kind, start: Int, end: Int, operatorPosition: Int? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.operatorPosition = operatorPosition ?? start
        switch kind {
        case .name, .number:
            depth = 1
        case .call(_, let arguments):
            depth = 1 + (arguments.map(\.depth).max() ?? 0)
        case .unary(_, let operand), .parenthesized(let operand):
            depth = 1 + operand.depth
        case .binary(_, let left, let right):
            depth = 1 + max(left.depth, right.depth)
        }
    }

    /// The node with any enclosing parentheses removed.
    var unparenthesized: FormulaSyntax {
        var node = self
        while case .parenthesized(let inner) = node.kind {
            node = inner
        }
        return node
    }

    /// True for `a | b` or `a || b`.
    var isBar: Bool {
        if case .binary(let op, _, _) = kind { return op == "|" || op == "||" }
        return false
    }

    /// The first random-effects bar anywhere in this subtree, if any.
    var firstBar: FormulaSyntax? {
        if isBar { return self }
        switch kind {
        case .name, .number:
            return nil
        case .call(_, let arguments):
            return arguments.lazy.compactMap(\.firstBar).first
        case .unary(_, let operand), .parenthesized(let operand):
            return operand.firstBar
        case .binary(_, let left, let right):
            return left.firstBar ?? right.firstBar
        }
    }

    /// True if any `/` operator occurs in this subtree (R's `"/" %in% all.names(x)`).
    var containsSlash: Bool {
        switch kind {
        case .name, .number:
            return false
        case .call(_, let arguments):
            return arguments.contains { $0.containsSlash }
        case .unary(_, let operand), .parenthesized(let operand):
            return operand.containsSlash
        case .binary(let op, let left, let right):
            return op == "/" || left.containsSlash || right.containsSlash
        }
    }
}

/// The formula text with helpers to quote parts of it in error messages.
struct FormulaSource: Sendable {
    let text: String
    let characters: [Character]

    init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    func slice(_ node: FormulaSyntax) -> String {
        let start = max(0, min(node.start, characters.count))
        let end = max(start, min(node.end, characters.count))
        return String(characters[start..<end])
    }

    /// 1-based position for messages.
    func position(_ node: FormulaSyntax) -> Int { node.operatorPosition + 1 }

    /// Converts a syntax node used as an R expression (inside a term) to a ``FormulaExpression``.
    /// Random-effects bars cannot occur inside an expression.
    func expression(_ node: FormulaSyntax) throws(FormulaError) -> FormulaExpression {
        switch node.kind {
        case .name(let name):
            return .variable(name)
        case .number(let value):
            return .number(value)
        case .call(let name, let arguments):
            var converted: [FormulaExpression] = []
            for argument in arguments {
                converted.append(try expression(argument))
            }
            return .call(name, converted)
        case .unary(let op, let operand):
            let inner = try expression(operand)
            return op == "-" ? .negate(inner) : inner
        case .binary(let op, let left, let right):
            if op == "|" || op == "||" {
                throw .misplacedRandomTerm(slice(node), position: position(node), formula: text)
            }
            return .binary(op, try expression(left), try expression(right))
        case .parenthesized(let inner):
            return .call("(", [try expression(inner)])
        }
    }
}
