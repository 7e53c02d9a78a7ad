import Foundation

extension FormulaExpression {
    /// Numeric evaluation, element-wise, of the arithmetic R allows inside `I(...)` and of common transforms.
    ///
    /// Supported: variables (through `lookup`), numeric literals, parentheses, `I()`, the operators
    /// `+ - * / ^` and unary minus, and the functions `log` (optionally with a `base` as second argument),
    /// `log10`, `log2`, `log1p`, `exp`, `sqrt` and `abs`. As in R, a length-1 operand (a literal) is
    /// recycled against a column; columns of different lengths are an error. Results follow IEEE arithmetic
    /// exactly as R does (`log(0)` is `-Inf`, `sqrt(-1)` is `NaN`).
    ///
    /// - Parameter lookup: returns the numeric column of a variable; its errors are passed through.
    /// - Throws: ``FormulaError/unsupportedFunction(_:)`` naming any other call or operator (including
    ///   `factor()`, which is categorical, and `:`, which is R's sequence operator inside `I()`), or
    ///   ``FormulaError/lengthMismatch(_:left:right:)``.
    public func evaluate(_ lookup: (String) throws -> [Double]) throws -> [Double] {
        switch self {
        case .variable(let name):
            return try lookup(name)
        case .number(let value):
            return [value]
        case .negate(let operand):
            return try operand.evaluate(lookup).map { -$0 }
        case .binary(let op, let left, let right):
            let operation: (Double, Double) -> Double
            switch op {
            case "+": operation = { $0 + $1 }
            case "-": operation = { $0 - $1 }
            case "*": operation = { $0 * $1 }
            case "/": operation = { $0 / $1 }
            case "^": operation = { Foundation.pow($0, $1) }
            default: throw FormulaError.unsupportedFunction(op)
            }
            return try combine(left.evaluate(lookup), right.evaluate(lookup), operation)
        case .call(let name, let arguments):
            return try evaluateCall(name, arguments, lookup)
        }
    }

    private func evaluateCall(_ name: String, _ arguments: [FormulaExpression],
                              _ lookup: (String) throws -> [Double]) throws -> [Double] {
        if name == "log", arguments.count == 2 {
            let base = try arguments[1].evaluate(lookup)
            return try combine(arguments[0].evaluate(lookup), base) { Foundation.log($0) / Foundation.log($1) }
        }
        guard arguments.count == 1 else { throw FormulaError.unsupportedFunction(name) }
        let function: (Double) -> Double
        switch name {
        case "(", "I": function = { $0 }
        case "log": function = { Foundation.log($0) }
        case "log10": function = { Foundation.log10($0) }
        case "log2": function = { Foundation.log2($0) }
        case "log1p": function = { Foundation.log1p($0) }
        case "exp": function = { Foundation.exp($0) }
        case "sqrt": function = { $0.squareRoot() }
        case "abs": function = { Swift.abs($0) }
        default: throw FormulaError.unsupportedFunction(name)
        }
        return try arguments[0].evaluate(lookup).map(function)
    }

    private func combine(_ left: [Double], _ right: [Double],
                         _ operation: (Double, Double) -> Double) throws -> [Double] {
        if left.count == right.count {
            return zip(left, right).map(operation)
        }
        if left.count == 1 {
            return right.map { operation(left[0], $0) }
        }
        if right.count == 1 {
            return left.map { operation($0, right[0]) }
        }
        throw FormulaError.lengthMismatch(label, left: left.count, right: right.count)
    }
}
