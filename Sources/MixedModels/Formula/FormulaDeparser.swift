/// R's `deparse()` for ``FormulaExpression``, as used for variable names and term labels by `terms()`
/// and hence for lme4's coefficient names.
///
/// The rules follow R's `src/main/deparse.c`:
/// - binary operators of type PP_BINARY (`+ - *`, comparisons, user `%op%`) are printed with a space on
///   each side, those of type PP_BINARY2 (`/ ^ :`, `%%`, `%/%`) without;
/// - an operand is parenthesised when its operator binds less tightly than the enclosing one, or equally
///   tightly on the side opposite to the operator's associativity (`c:(b:a)`, `(a^b)^c`);
/// - names that are not syntactic (`?make.names`) are backquoted;
/// - numbers are printed with up to 15 significant digits in fixed or scientific notation, whichever is
///   narrower, preferring fixed notation on ties (`?options`, `scipen = 0`).
enum FormulaDeparser {
    /// Operator precedences from R's `?Syntax`, lowest first.
    enum Precedence: Int, Comparable {
        case or = 1, sum, product, special, colon, sign, power
        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    static func precedence(of op: String) -> Precedence {
        switch op {
        case "|", "||": return .or
        case "+", "-": return .sum
        case "*", "/": return .product
        case ":": return .colon
        case "^": return .power
        default: return .special
        }
    }

    static func isRightAssociative(_ op: String) -> Bool { op == "^" }

    static func isSpaced(_ op: String) -> Bool {
        switch op {
        case "/", "^", ":", "%%", "%/%": return false
        default: return true
        }
    }

    static func deparse(_ expression: FormulaExpression) -> String {
        switch expression {
        case .variable(let name):
            return quotedName(name)
        case .number(let value):
            return number(value)
        case .call(let name, let arguments):
            if name == "(", arguments.count == 1 {
                return "(" + deparse(arguments[0]) + ")"
            }
            return quotedName(name) + "(" + arguments.map(deparse).joined(separator: ", ") + ")"
        case .binary(let op, let left, let right):
            let mainPrecedence = precedence(of: op)
            let rightAssociative = isRightAssociative(op)
            var leftText = deparse(left)
            if needsParentheses(left, within: mainPrecedence, rightAssociative: rightAssociative, isLeft: true) {
                leftText = "(" + leftText + ")"
            }
            var rightText = deparse(right)
            if needsParentheses(right, within: mainPrecedence, rightAssociative: rightAssociative, isLeft: false) {
                rightText = "(" + rightText + ")"
            }
            return isSpaced(op) ? "\(leftText) \(op) \(rightText)" : "\(leftText)\(op)\(rightText)"
        case .negate(let operand):
            var text = deparse(operand)
            if needsParentheses(operand, within: .sign, rightAssociative: false, isLeft: false) {
                text = "(" + text + ")"
            }
            return "-" + text
        }
    }

    /// deparse.c `needsparens`.
    static func needsParentheses(_ argument: FormulaExpression, within main: Precedence,
                                 rightAssociative: Bool, isLeft: Bool) -> Bool {
        let argumentPrecedence: Precedence
        switch argument {
        case .binary(let op, _, _):
            argumentPrecedence = precedence(of: op)
        case .negate:
            if !isLeft { return false }
            argumentPrecedence = .sign
        default:
            return false
        }
        return argumentPrecedence < main || (argumentPrecedence == main && isLeft == rightAssociative)
    }

    static let reservedWords: Set<String> = [
        "if", "else", "repeat", "while", "function", "for", "next", "break", "in", "TRUE", "FALSE", "NULL",
        "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_", "...",
    ]

    /// True if `name` can be written without backquotes (`?make.names`).
    static func isSyntacticName(_ name: String) -> Bool {
        guard let first = name.first, !reservedWords.contains(name) else { return false }
        if first == "." {
            if let second = name.dropFirst().first, second.isASCII, second.isWholeNumber { return false }
            if name.count > 2, name.hasPrefix(".."), name.dropFirst(2).allSatisfy({ $0.isASCII && $0.isWholeNumber }) {
                return false
            }
        } else if !first.isLetter {
            return false
        }
        return name.allSatisfy { character in
            character.isLetter || (character.isASCII && character.isWholeNumber) || character == "." || character == "_"
        }
    }

    static func quotedName(_ name: String) -> String {
        if isSyntacticName(name) { return name }
        var escaped = ""
        for character in name {
            if character == "\\" || character == "`" { escaped.append("\\") }
            escaped.append(character)
        }
        return "`" + escaped + "`"
    }

    /// R's formatting of a double with `digits = 15`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        if value < 0 { return "-" + number(-value) }
        if value == 0 { return "0" }
        // Decompose Swift's shortest round-trip representation into significant digits and an exponent.
        let shortest = "\(value)"
        var mantissa = Substring(shortest)
        var exponent = 0
        if let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = shortest[..<e]
            exponent = Int(shortest[shortest.index(after: e)...].replacing("+", with: "")) ?? 0
        }
        var digits = Array(mantissa.filter { $0 != "." })
        var pointPosition = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" {
            digits.removeLast()
        }
        if digits.count > 15 {
            digits = roundedDigits(digits, to: 15, pointPosition: &pointPosition)
        }
        guard !digits.isEmpty else { return "0" }
        let scientificExponent = pointPosition + exponent - 1
        let significant = digits.count
        let fixedWidth: Int
        if scientificExponent >= 0 {
            let fraction = max(0, significant - (scientificExponent + 1))
            fixedWidth = scientificExponent + 1 + (fraction > 0 ? fraction + 1 : 0)
        } else {
            fixedWidth = 2 + (-scientificExponent - 1) + significant
        }
        let exponentDigits = max(2, String(abs(scientificExponent)).count)
        let scientificWidth = significant + (significant > 1 ? 1 : 0) + 2 + exponentDigits
        let digitText = String(digits)
        if fixedWidth <= scientificWidth {
            if scientificExponent >= 0 {
                let integerCount = scientificExponent + 1
                if significant <= integerCount {
                    return digitText + String(repeating: "0", count: integerCount - significant)
                }
                return String(digits[..<integerCount]) + "." + String(digits[integerCount...])
            }
            return "0." + String(repeating: "0", count: -scientificExponent - 1) + digitText
        }
        var text = String(digits[0])
        if significant > 1 { text += "." + String(digits[1...]) }
        let magnitude = String(abs(scientificExponent))
        text += (scientificExponent < 0 ? "e-" : "e+")
            + String(repeating: "0", count: max(0, 2 - magnitude.count)) + magnitude
        return text
    }

    private static func roundedDigits(_ digits: [Character], to count: Int, pointPosition: inout Int) -> [Character] {
        var values = digits.prefix(count + 1).compactMap { $0.wholeNumberValue }
        let roundUp = (values.popLast() ?? 0) >= 5
        if roundUp {
            var index = values.count - 1
            while index >= 0 {
                if values[index] == 9 {
                    values[index] = 0
                    index -= 1
                } else {
                    values[index] += 1
                    break
                }
            }
            if index < 0 {
                values.insert(1, at: 0)
                values.removeLast()
                pointPosition += 1
            }
        }
        var result = values.compactMap { Character(String($0)) }
        while result.last == "0" { result.removeLast() }
        return result
    }
}
