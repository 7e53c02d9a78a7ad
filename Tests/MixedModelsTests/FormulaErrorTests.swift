import Testing
@testable import MixedModels

extension FormulaTests {
    /// Every malformed formula is reported as a FormulaError naming the offending text and position, never a trap.
    @Suite struct Errors {
        private func error(_ text: String) -> FormulaError? {
            do {
                _ = try Formula(parsing: text)
                return nil
            } catch {
                return error
            }
        }

        @Test func emptyFormula() {
            #expect(error("") == .emptyFormula(formula: ""))
            #expect(error("   \n ") == .emptyFormula(formula: "   \n "))
        }

        @Test func missingTilde() {
            #expect(error("y + x") == .missingTilde(formula: "y + x"))
        }

        @Test func unbalancedParentheses() {
            #expect(error("y ~ (x + z") == .unbalancedParentheses("(", position: 5, formula: "y ~ (x + z"))
            #expect(error("y ~ x + z)") == .unbalancedParentheses(")", position: 10, formula: "y ~ x + z)"))
            #expect(error("y ~ log(x") == .unbalancedParentheses("(", position: 8, formula: "y ~ log(x"))
            #expect(error("y ~ (1|g") == .unbalancedParentheses("(", position: 5, formula: "y ~ (1|g"))
            #expect(error("y ~ ((x)") == .unbalancedParentheses("(", position: 5, formula: "y ~ ((x)"))
        }

        @Test func barOutsideParentheses() {
            #expect(error("y ~ x + 1 | g") == .barOutsideParentheses(position: 11, formula: "y ~ x + 1 | g"))
            #expect(error("y ~ 1 || g") == .barOutsideParentheses(position: 7, formula: "y ~ 1 || g"))
            #expect(error("y | g ~ x") == .barOutsideParentheses(position: 3, formula: "y | g ~ x"))
        }

        @Test func misplacedRandomTerms() {
            #expect(error("y ~ x * (1|g)") == .misplacedRandomTerm("(1|g)", position: 11, formula: "y ~ x * (1|g)"))
            #expect(error("y ~ x - (1|g)") == .misplacedRandomTerm("(1|g)", position: 11, formula: "y ~ x - (1|g)"))
            #expect(error("y ~ log(x|g)") == .misplacedRandomTerm("x|g", position: 10, formula: "y ~ log(x|g)"))
            #expect(error("y ~ ((1|h) | g)") == .misplacedRandomTerm("1|h", position: 8, formula: "y ~ ((1|h) | g)"))
        }

        @Test func emptyRandomTermSides() {
            #expect(error("y ~ x + ( | g)") == .emptyRandomTermSide(.left, position: 11, formula: "y ~ x + ( | g)"))
            #expect(error("y ~ x + (x | )") == .emptyRandomTermSide(.right, position: 12, formula: "y ~ x + (x | )"))
            #expect(error("y ~ (x || )") == .emptyRandomTermSide(.right, position: 8, formula: "y ~ (x || )"))
            #expect(error("y ~ (0 | g)") == .emptyRandomTerm("(0 | g)", position: 5, formula: "y ~ (0 | g)"))
            #expect(error("y ~ (x - 1 - x | g)") != nil)
        }

        @Test func invalidGroupings() {
            #expect(error("y ~ (1 | a + b)") == .invalidGrouping("a + b", position: 12, formula: "y ~ (1 | a + b)"))
            #expect(error("y ~ (1 | 2)") == .invalidGrouping("2", position: 10, formula: "y ~ (1 | 2)"))
            #expect(error("y ~ (1 | (a/b))") == .invalidGrouping("(a/b)", position: 10, formula: "y ~ (1 | (a/b))"))
        }

        @Test func unknownOperatorsAndStrayCharacters() {
            #expect(error("y ~ x = z") == .unknownOperator("=", position: 7, formula: "y ~ x = z"))
            #expect(error("y ~ x == z") == .unknownOperator("==", position: 7, formula: "y ~ x == z"))
            #expect(error("y ~ x & z") == .unknownOperator("&", position: 7, formula: "y ~ x & z"))
            #expect(error("y ~ x < z") == .unknownOperator("<", position: 7, formula: "y ~ x < z"))
            #expect(error("y ~ x # z") == .unexpectedCharacter("#", position: 7, formula: "y ~ x # z"))
            #expect(error("y ~ x ¤") == .unexpectedCharacter("¤", position: 7, formula: "y ~ x ¤"))
            #expect(error("y ~ _x") == .unexpectedCharacter("_", position: 5, formula: "y ~ _x"))
            #expect(error("y ~ x z") == .unexpectedToken("z", position: 7, formula: "y ~ x z"))
            #expect(error("y ~ x ~ z") == .unexpectedToken("~", position: 7, formula: "y ~ x ~ z"))
            #expect(error("y ~ `x") == .unterminatedQuotedName(position: 5, formula: "y ~ `x"))
            #expect(error("y ~ \"x\"") == .unsupportedSyntax("string literal", position: 5, formula: "y ~ \"x\""))
            #expect(error("y ~ stats::offset(x)") != nil)
            #expect(error("y ~ .") == .unsupportedSyntax("'.' (all remaining columns of a data frame)", position: 5,
                                                        formula: "y ~ ."))
            #expect(error("y ~ x %in") == .unexpectedCharacter("%", position: 7, formula: "y ~ x %in"))
            #expect(error("y ~ 1e") == .unexpectedCharacter("e", position: 6, formula: "y ~ 1e"))
        }

        @Test func trailingAndMissingOperands() {
            #expect(error("y ~ x +") == .missingOperand(after: "+", position: 7, formula: "y ~ x +"))
            #expect(error("y ~ x * ") == .missingOperand(after: "*", position: 7, formula: "y ~ x * "))
            #expect(error("y ~") == .missingOperand(after: "~", position: 3, formula: "y ~"))
            #expect(error("y ~ x + * z") == .missingOperand(after: "+", position: 7, formula: "y ~ x + * z"))
            #expect(error("y ~ (x + )") == .missingOperand(after: "+", position: 8, formula: "y ~ (x + )"))
            #expect(error("y ~ log()") == nil)
            #expect(error("y ~ f(x, )") == .unexpectedToken(")", position: 10, formula: "y ~ f(x, )"))
            #expect(error("y ~ ()") == .unexpectedToken(")", position: 6, formula: "y ~ ()"))
        }

        @Test func invalidPowers() {
            #expect(error("y ~ (a+b)^2.5") == .invalidPower("(a+b)^2.5", position: 10, formula: "y ~ (a+b)^2.5"))
            #expect(error("y ~ (a+b)^1") == .invalidPower("(a+b)^1", position: 10, formula: "y ~ (a+b)^1"))
            #expect(error("y ~ (a+b)^k") == .invalidPower("(a+b)^k", position: 10, formula: "y ~ (a+b)^k"))
            #expect(error("y ~ a^-1") == .invalidPower("a^-1", position: 6, formula: "y ~ a^-1"))
            #expect(error("y ~ a^1e12") == .invalidPower("a^1e12", position: 6, formula: "y ~ a^1e12"))
            #expect(error("y ~ I(a^2.5)") == nil)
        }

        @Test func invalidTermsAndOffsets() {
            #expect(error("y ~ x + 2") == .invalidTerm("2", position: 9, formula: "y ~ x + 2"))
            #expect(error("y ~ offset(a, b)") == .invalidOffset("offset(a, b)", position: 5, formula: "y ~ offset(a, b)"))
            #expect(error("y ~ (offset(a) | g)") == .invalidOffset("offset(a)", position: 6, formula: "y ~ (offset(a) | g)"))
        }

        @Test func binomialResponseNeedsTwoArguments() {
            #expect(error("cbind(s) ~ x") == .invalidBinomialResponse("cbind(s)", position: 1, formula: "cbind(s) ~ x"))
            #expect(error("cbind(s, f, g) ~ x")
                == .invalidBinomialResponse("cbind(s, f, g)", position: 1, formula: "cbind(s, f, g) ~ x"))
        }

        @Test func absurdNestingIsRejected() {
            let deep = "y ~ " + String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
            guard case .tooDeeplyNested(limit: 200, position: 205, _) = error(deep) else {
                Issue.record("expected tooDeeplyNested at the 201st parenthesis")
                return
            }
            let calls = "y ~ " + String(repeating: "log(", count: 5_000) + "x" + String(repeating: ")", count: 5_000)
            guard case .tooDeeplyNested = error(calls) else {
                Issue.record("expected tooDeeplyNested")
                return
            }
            let minus = "y ~ " + String(repeating: "-", count: 5_000) + "x"
            guard case .tooDeeplyNested = error(minus) else {
                Issue.record("expected tooDeeplyNested")
                return
            }
            let long = "y ~ " + (1...3_000).map { "x\($0)" }.joined(separator: " + ")
            guard case .tooLongChain(limit: 500, _, _) = error(long) else {
                Issue.record("expected tooLongChain")
                return
            }
        }

        @Test func combinatorialExplosionIsRejected() {
            let variables = (1...20).map { "x\($0)" }.joined(separator: " + ")
            #expect(error("y ~ (\(variables))^20") == .tooManyTerms(limit: 4_096, formula: "y ~ (\(variables))^20"))
        }

        @Test func messagesQuoteFormulaAndPosition() {
            let message = error("y ~ x +")?.description ?? ""
            #expect(message.contains("'y ~ x +'"))
            #expect(message.contains("position 7"))
            let power = error("y ~ (a+b)^2.5")?.description ?? ""
            #expect(power.contains("(a+b)^2.5") && power.contains("position 10"))
            #expect(FormulaError.unsupportedFunction("poly").description.contains("poly"))
            let long = "y ~ " + String(repeating: "(", count: 1_000) + "x"
            let abbreviated = error(long)?.description ?? ""
            #expect(abbreviated.count < 300)
            #expect(abbreviated.contains("position 205"))
        }
    }
}
