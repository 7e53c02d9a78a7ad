/// Expansion of a (bar-free) model formula into terms, a port of R's `terms.formula` (`src/library/stats/src/model.c`,
/// functions `ExtractVars`, `EncodeVars` and `termsform`).
///
/// Each *variable* (symbol or non-operator call, see ``FormulaExpression``) gets an index in order of first
/// appearance, the response first. A term is the set of variable indices it interacts, so `a:b` and `b:a`
/// are the same term and its factors are listed in variable order. The operators expand as documented in
/// `?formula`:
///
/// - `a + b`: the terms of both, duplicates removed;
/// - `a:b`: every term of `a` interacted with every term of `b`;
/// - `a * b`: `a + b + a:b`;
/// - `a %in% b`: each term of `a` interacted with all variables of `b`;
/// - `a / b`: `a + b %in% a`, i.e. the terms of `a`, then each term of `b` interacted with all of `a`;
/// - `(a + b + c)^k`: all interactions up to order `k` (an integer of at least 2);
/// - `a - b`: the terms of `a` without those of `b`; `- 1` and `+ 0` remove the intercept, `+ 1` and `- 0`
///   restore it;
/// - parentheses group.
///
/// Finally (`termsform`, steps 2b and 3) terms containing an `offset()` variable are set aside as offsets and the
/// remaining terms are sorted by order (number of factors), stably, so that main effects come first in order of
/// appearance, then two-way interactions, and so on.
struct FormulaTermEncoder {
    /// Guard against combinatorial explosion (`(a + ... + z)^26`).
    static let maximumTerms = 4_096

    typealias Term = [Int]

    let source: FormulaSource
    private(set) var variables: [FormulaExpression] = []
    private(set) var intercept = true
    private var parity = true

    init(source: FormulaSource) {
        self.source = source
    }

    /// R's `InstallVar`: the index of `expression` in the variable list, appending it if new.
    mutating func install(_ expression: FormulaExpression) -> Int {
        if let index = variables.firstIndex(of: expression) {
            return index
        }
        variables.append(expression)
        return variables.count - 1
    }

    private func isZeroOrOne(_ node: FormulaSyntax) -> Bool {
        if case .number(let value) = node.kind { return value == 0 || value == 1 }
        return false
    }

    private func checkVariableName(_ node: FormulaSyntax, _ name: String) throws(FormulaError) {
        if name == "." {
            throw .unsupportedSyntax("'.' (all remaining columns of a data frame)", position: source.position(node),
                                     formula: source.text)
        }
    }

    /// R's `ExtractVars`: installs variables in order of appearance. Variables only subtracted are checked
    /// but not installed (`checkOnly`), calls are installed regardless, exactly as R does.
    mutating func extractVariables(_ node: FormulaSyntax, checkOnly: Bool) throws(FormulaError) {
        switch node.kind {
        case .number:
            guard isZeroOrOne(node) else {
                throw .invalidTerm(source.slice(node), position: source.position(node), formula: source.text)
            }
        case .name(let name):
            try checkVariableName(node, name)
            if !checkOnly { _ = install(.variable(name)) }
        case .unary(let op, let operand):
            try extractVariables(operand, checkOnly: op == "-" ? true : checkOnly)
        case .parenthesized(let inner):
            try extractVariables(inner, checkOnly: checkOnly)
        case .binary(let op, let left, let right):
            switch op {
            case "+", ":", "*", "%in%", "/":
                try extractVariables(left, checkOnly: checkOnly)
                try extractVariables(right, checkOnly: checkOnly)
            case "^":
                guard case .number = right.kind else {
                    throw .invalidPower(source.slice(node), position: source.position(node), formula: source.text)
                }
                try extractVariables(left, checkOnly: checkOnly)
            case "-":
                try extractVariables(left, checkOnly: checkOnly)
                try extractVariables(right, checkOnly: true)
            default:
                _ = install(try source.expression(node))
            }
        case .call:
            _ = install(try source.expression(node))
        }
    }

    /// R's `EncodeVars`: the expanded list of terms of `node`, updating the intercept flag.
    mutating func encode(_ node: FormulaSyntax) throws(FormulaError) -> [Term] {
        switch node.kind {
        case .number(let value):
            if value == 1 {
                intercept = parity
                return []
            }
            if value == 0 {
                intercept = !parity
                return []
            }
            throw .invalidTerm(source.slice(node), position: source.position(node), formula: source.text)
        case .name(let name):
            try checkVariableName(node, name)
            return [[install(.variable(name))]]
        case .parenthesized(let inner):
            return try encode(inner)
        case .unary(let op, let operand):
            if op == "-" {
                return try delete(from: [], operand)
            }
            return try encode(operand)
        case .binary(let op, let left, let right):
            switch op {
            case "+":
                return try trim(encode(left) + encode(right))
            case ":":
                return try interact(encode(left), encode(right))
            case "*":
                let leftTerms = try encode(left)
                let rightTerms = try encode(right)
                return try trim(leftTerms + rightTerms + interact(leftTerms, rightTerms))
            case "%in%":
                let leftTerms = try encode(left)
                let all = union(try encode(right))
                return try trim(leftTerms.map { merge($0, all) })
            case "/":
                let leftTerms = try encode(left)
                let all = union(leftTerms)
                let rightTerms = try encode(right)
                return try trim(leftTerms + rightTerms.map { merge($0, all) })
            case "^":
                return try power(node, left, right)
            case "-":
                return try delete(from: encode(left), right)
            default:
                return [[install(try source.expression(node))]]
            }
        case .call:
            return [[install(try source.expression(node))]]
        }
    }

    private mutating func delete(from left: [Term], _ right: FormulaSyntax) throws(FormulaError) -> [Term] {
        parity.toggle()
        let removed = try encode(right)
        parity.toggle()
        let removedSet = Set(removed)
        return left.filter { !removedSet.contains($0) }
    }

    private mutating func power(_ node: FormulaSyntax, _ left: FormulaSyntax,
                                _ right: FormulaSyntax) throws(FormulaError) -> [Term] {
        guard case .number(let value) = right.kind, value.rounded() == value, value >= 2,
              value <= Double(Int32.max)
        else {
            throw .invalidPower(source.slice(node), position: source.position(node), formula: source.text)
        }
        let base = try encode(left)
        var result = base
        var step = 1
        while step < Int(value) {
            let next = try interact(base, result)
            if next == result { break }
            result = next
            step += 1
        }
        return result
    }

    private func interact(_ left: [Term], _ right: [Term]) throws(FormulaError) -> [Term] {
        guard left.count * right.count <= Self.maximumTerms * 4 else {
            throw .tooManyTerms(limit: Self.maximumTerms, formula: source.text)
        }
        var terms: [Term] = []
        terms.reserveCapacity(left.count * right.count)
        for l in left {
            for r in right {
                terms.append(merge(l, r))
            }
        }
        return try trim(terms)
    }

    /// R's `TrimRepeats`: removes repeated terms, keeping first occurrences, and empty terms.
    private func trim(_ terms: [Term]) throws(FormulaError) -> [Term] {
        var seen: Set<Term> = []
        var result: [Term] = []
        for term in terms where !term.isEmpty && seen.insert(term).inserted {
            result.append(term)
        }
        if result.count > Self.maximumTerms {
            throw .tooManyTerms(limit: Self.maximumTerms, formula: source.text)
        }
        return result
    }

    private func merge(_ a: Term, _ b: Term) -> Term {
        Array(Set(a).union(b)).sorted()
    }

    private func union(_ terms: [Term]) -> Term {
        Array(Set(terms.joined())).sorted()
    }

    /// The result of R's `terms()` on `~ rhs` or `response ~ rhs`.
    struct Result {
        var intercept: Bool
        var terms: [FormulaTerm]
        var offsets: [FormulaExpression]
    }

    /// Runs R's `termsform` on a formula whose right-hand side is `rhs` (nil for an empty right-hand side, which
    /// lme4 treats as `~ 1`).
    static func terms(response: FormulaExpression?, rhs: FormulaSyntax?,
                      source: FormulaSource) throws(FormulaError) -> Result {
        var encoder = FormulaTermEncoder(source: source)
        if let response { _ = encoder.install(response) }
        var encoded: [Term] = []
        if let rhs {
            try encoder.extractVariables(rhs, checkOnly: false)
            encoded = try encoder.encode(rhs)
        }
        let variables = encoder.variables
        let firstPredictor = response == nil ? 0 : 1
        // Step 2b: offsets (variables named offset(...)), and removal of every term containing one.
        var offsets: [FormulaExpression] = []
        var offsetIndices: Set<Int> = []
        for index in firstPredictor..<variables.count {
            guard case .call("offset", let arguments) = variables[index] else { continue }
            guard arguments.count == 1 else {
                throw .invalidOffset(variables[index].label, position: offsetPosition(in: rhs, source: source),
                                     formula: source.text)
            }
            offsets.append(arguments[0])
            offsetIndices.insert(index)
        }
        encoded.removeAll { term in term.contains { offsetIndices.contains($0) } }
        // The response on the right-hand side is dropped, as model.matrix does.
        if response != nil {
            encoded.removeAll { $0 == [0] }
        }
        // Step 3: stable sort by order.
        let maximumOrder = encoded.map(\.count).max() ?? 0
        var sorted: [FormulaTerm] = []
        if maximumOrder > 0 {
            for order in 1...maximumOrder {
                for term in encoded where term.count == order {
                    sorted.append(FormulaTerm(term.map { variables[$0] }))
                }
            }
        }
        return Result(intercept: encoder.intercept, terms: sorted, offsets: offsets)
    }

    /// The position of the first `offset(...)` call with other than one argument in `node`.
    private static func offsetPosition(in node: FormulaSyntax?, source: FormulaSource) -> Int {
        guard let node else { return 1 }
        switch node.kind {
        case .name, .number:
            return 0
        case .call(let name, let arguments):
            if name == "offset", arguments.count != 1 { return source.position(node) }
            for argument in arguments {
                let position = offsetPosition(in: argument, source: source)
                if position > 0 { return position }
            }
            return 0
        case .unary(_, let operand), .parenthesized(let operand):
            return offsetPosition(in: operand, source: source)
        case .binary(_, let left, let right):
            let position = offsetPosition(in: left, source: source)
            return position > 0 ? position : offsetPosition(in: right, source: source)
        }
    }
}
