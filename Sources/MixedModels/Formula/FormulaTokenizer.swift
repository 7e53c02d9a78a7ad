/// One lexical token of a model formula, with its character range in the text (0-based, end exclusive).
struct FormulaToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name: `age`, `use.n`, `x_1`, or a backquoted `` `my var` `` (stored without backquotes).
        case name(String)
        /// A numeric literal: `1`, `0`, `2.5`, `1e-3`, `.5`, `2L`.
        case number(Double)
        /// An operator: `~ + - * / ^ : | ||` or a special `%op%`.
        case op(String)
        case leftParen
        case rightParen
        case comma
        case end
    }

    var kind: Kind
    var start: Int
    var end: Int
    /// The token as written (`**` is reported as written although it is read as `^`).
    var text: String
}

/// Splits formula text into tokens following R's lexical rules (R Language Definition, section 10.3).
///
/// - Names start with a letter or a dot not followed by a digit and continue with letters, digits, `.` and `_`;
///   any text between backquotes is a name (with `` \` `` and `\\` escapes), as in R.
/// - Numbers are decimal with optional fraction and exponent; an `L` suffix is accepted and ignored.
/// - `**` is R's synonym for `^`. `%...%` is a special operator (only `%in%` has a meaning in a formula).
/// - Whitespace, including newlines, separates tokens and is otherwise ignored.
///
/// Anything else is reported as a ``FormulaError`` with its position; R operators that have no meaning in a
/// formula (`=`, `<`, `&`, `!`, `$`, ...) are named as such.
struct FormulaTokenizer {
    let characters: [Character]
    let formula: String

    init(_ formula: String) {
        self.formula = formula
        self.characters = Array(formula)
    }

    func tokenize() throws(FormulaError) -> [FormulaToken] {
        var tokens: [FormulaToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            let token = try readToken(at: index)
            tokens.append(token)
            index = token.end
        }
        tokens.append(FormulaToken(kind: .end, start: characters.count, end: characters.count, text: ""))
        return tokens
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(characters[start..<min(end, characters.count)])
    }

    private func peek(_ index: Int) -> Character? {
        index < characters.count ? characters[index] : nil
    }

    private static func isDigit(_ character: Character?) -> Bool {
        guard let character, character.isASCII else { return false }
        return character.isWholeNumber
    }

    private static func isNameStart(_ character: Character) -> Bool {
        character.isLetter || character == "."
    }

    private static func isNameContinuation(_ character: Character) -> Bool {
        character.isLetter || isDigit(character) || character == "." || character == "_"
    }

    private func readToken(at start: Int) throws(FormulaError) -> FormulaToken {
        let character = characters[start]
        func single(_ kind: FormulaToken.Kind) -> FormulaToken {
            FormulaToken(kind: kind, start: start, end: start + 1, text: String(character))
        }
        switch character {
        case "(": return single(.leftParen)
        case ")": return single(.rightParen)
        case ",": return single(.comma)
        case "~", "+", "-", "/", "^":
            return single(.op(String(character)))
        case "*":
            if peek(start + 1) == "*" {
                return FormulaToken(kind: .op("^"), start: start, end: start + 2, text: "**")
            }
            return single(.op("*"))
        case ":":
            if peek(start + 1) == ":" {
                let end = peek(start + 2) == ":" ? start + 3 : start + 2
                throw .unsupportedSyntax("'\(text(start, end))' (namespace access)", position: start + 1,
                                         formula: formula)
            }
            return single(.op(":"))
        case "|":
            if peek(start + 1) == "|" {
                return FormulaToken(kind: .op("||"), start: start, end: start + 2, text: "||")
            }
            return single(.op("|"))
        case "%":
            var end = start + 1
            while end < characters.count, characters[end] != "%", !characters[end].isNewline {
                end += 1
            }
            guard end < characters.count, characters[end] == "%" else {
                throw .unexpectedCharacter("%", position: start + 1, formula: formula)
            }
            let op = text(start, end + 1)
            return FormulaToken(kind: .op(op), start: start, end: end + 1, text: op)
        case "`":
            return try readQuotedName(at: start)
        case "\"", "'":
            throw .unsupportedSyntax("string literal", position: start + 1, formula: formula)
        case "=", "<", ">", "!", "&", "$", "@", "?", "[", "]", "{", "}", ";", "\\":
            var end = start + 1
            let operatorCharacters: Set<Character> = ["=", "<", ">", "!", "&", "-"]
            if let next = peek(end), operatorCharacters.contains(next), next != "-" || character == "<" {
                end += 1
            }
            throw .unknownOperator(text(start, end), position: start + 1, formula: formula)
        default:
            break
        }
        if Self.isDigit(character) || (character == "." && Self.isDigit(peek(start + 1))) {
            return try readNumber(at: start)
        }
        if Self.isNameStart(character) {
            var end = start + 1
            while end < characters.count, Self.isNameContinuation(characters[end]) {
                end += 1
            }
            let name = text(start, end)
            return FormulaToken(kind: .name(name), start: start, end: end, text: name)
        }
        throw .unexpectedCharacter(String(character), position: start + 1, formula: formula)
    }

    private func readQuotedName(at start: Int) throws(FormulaError) -> FormulaToken {
        var name = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == "`" {
                guard !name.isEmpty else {
                    throw .invalidTerm("``", position: start + 1, formula: formula)
                }
                return FormulaToken(kind: .name(name), start: start, end: index + 1, text: text(start, index + 1))
            }
            if character == "\\", let next = peek(index + 1) {
                name.append(next)
                index += 2
                continue
            }
            name.append(character)
            index += 1
        }
        throw .unterminatedQuotedName(position: start + 1, formula: formula)
    }

    private func readNumber(at start: Int) throws(FormulaError) -> FormulaToken {
        if characters[start] == "0", let x = peek(start + 1), x == "x" || x == "X" {
            throw .unsupportedSyntax("hexadecimal number", position: start + 1, formula: formula)
        }
        var index = start
        var normalized = ""
        while Self.isDigit(peek(index)) {
            normalized.append(characters[index])
            index += 1
        }
        if normalized.isEmpty { normalized = "0" }
        if peek(index) == "." {
            index += 1
            var fraction = ""
            while Self.isDigit(peek(index)) {
                fraction.append(characters[index])
                index += 1
            }
            normalized += "." + (fraction.isEmpty ? "0" : fraction)
        }
        if let e = peek(index), e == "e" || e == "E" {
            var exponentIndex = index + 1
            var exponent = "e"
            if let sign = peek(exponentIndex), sign == "+" || sign == "-" {
                exponent.append(sign)
                exponentIndex += 1
            }
            guard Self.isDigit(peek(exponentIndex)) else {
                throw .unexpectedCharacter(String(e), position: index + 1, formula: formula)
            }
            while Self.isDigit(peek(exponentIndex)) {
                exponent.append(characters[exponentIndex])
                exponentIndex += 1
            }
            normalized += exponent
            index = exponentIndex
        }
        if peek(index) == "L" {
            index += 1
        }
        guard let value = Double(normalized) else {
            throw .unexpectedCharacter(text(start, index), position: start + 1, formula: formula)
        }
        return FormulaToken(kind: .number(value), start: start, end: index, text: text(start, index))
    }
}
