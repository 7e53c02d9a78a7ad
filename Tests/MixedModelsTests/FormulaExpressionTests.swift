import Testing
@testable import MixedModels

extension FormulaTests {
    /// Labels (R's deparse) and numeric evaluation of formula expressions.
    @Suite struct Expressions {
        private let columns: [String: [Double]] = ["age": [20, 30, 41.5], "x": [0, 1, 9], "n": [1, 10, 100]]

        private func lookup(_ name: String) throws -> [Double] {
            guard let column = columns[name] else { throw FormulaError.unsupportedFunction(name) }
            return column
        }

        private func term(_ text: String) throws -> FormulaExpression {
            let formula = try Formula(parsing: "~ " + text)
            let term = try #require(formula.fixedTerms.first)
            return try #require(term.factors.first)
        }

        @Test func evaluatesSquaredAge() throws {
            let expression = try term("I(age^2)")
            #expect(try expression.evaluate(lookup) == [400, 900, 1722.25])
        }

        @Test func evaluatesLogOfSum() throws {
            let expression = try term("log(x + 1)")
            #expect(expression.label == "log(x + 1)")
            let values = try expression.evaluate(lookup)
            #expect(values[0] == 0)
            #expect(abs(values[1] - 0.6931471805599453) < 1e-15)
            #expect(abs(values[2] - 2.302585092994046) < 1e-15)
        }

        @Test func evaluatesOtherFunctionsAndOperators() throws {
            #expect(try term("I(-x * 2 - 1)").evaluate(lookup) == [-1, -3, -19])
            #expect(try term("I(x / 2)").evaluate(lookup) == [0, 0.5, 4.5])
            #expect(try term("log10(n)").evaluate(lookup) == [0, 1, 2])
            #expect(try term("log2(I(n * 2))").evaluate(lookup)[0] == 1)
            #expect(try term("sqrt(n)").evaluate(lookup)[1] == 10.0.squareRoot())
            #expect(try term("abs(I(x - 5))").evaluate(lookup) == [5, 4, 4])
            #expect(try term("exp(x)").evaluate(lookup)[0] == 1)
            #expect(try term("log1p(x)").evaluate(lookup)[0] == 0)
            #expect(try term("log(n, 10)").evaluate(lookup) == [0, 1, 2])
            #expect(try term("I(2^x)").evaluate(lookup) == [1, 2, 512])
            #expect(try term("I((x + 1)^2)").evaluate(lookup) == [1, 4, 100])
        }

        @Test func evaluationRejectsWhatItCannotCompute() throws {
            #expect(throws: FormulaError.unsupportedFunction("factor")) { try term("factor(x)").evaluate(lookup) }
            #expect(throws: FormulaError.unsupportedFunction("poly")) { try term("poly(x, 2)").evaluate(lookup) }
            #expect(throws: FormulaError.unsupportedFunction("%%")) { try term("I(x %% 2)").evaluate(lookup) }
            #expect(throws: FormulaError.unsupportedFunction(":")) {
                try FormulaExpression.call("I", [.binary(":", .variable("x"), .variable("n"))]).evaluate(lookup)
            }
            #expect(throws: FormulaError.unsupportedFunction("missing")) { try term("log(missing)").evaluate(lookup) }
            #expect(throws: FormulaError.lengthMismatch("x + short", left: 3, right: 2)) {
                try FormulaExpression.binary("+", .variable("x"), .variable("short")).evaluate { name in
                    name == "short" ? [1, 2] : [1, 2, 3]
                }
            }
        }

        @Test func labelsFollowRDeparse() throws {
            #expect(try term("I(x * 2)").label == "I(x * 2)")
            #expect(try term("I(x/2)").label == "I(x/2)")
            #expect(try term("I( x:n )").label == "I(x:n)")
            #expect(try term("I(-x^2)").label == "I(-x^2)")
            #expect(try term("I(2^3^x)").label == "I(2^3^x)")
            #expect(try term("I(x %% 2)").label == "I(x%%2)")
            #expect(try term("I(x - (n - 1))").label == "I(x - (n - 1))")
            #expect(try term("`a b`").label == "`a b`")
            #expect(try term("`if`").label == "`if`")
            #expect(try term("`.2x`").label == "`.2x`")
            #expect(FormulaExpression.binary(":", .variable("c"), .binary(":", .variable("b"), .variable("a"))).label
                == "c:(b:a)")
            #expect(FormulaExpression.binary("-", .variable("a"), .binary("+", .variable("b"), .variable("c"))).label
                == "a - (b + c)")
            #expect(FormulaExpression.binary("^", .negate(.variable("a")), .number(2)).label == "(-a)^2")
            #expect(FormulaExpression.negate(.binary("+", .variable("a"), .number(1))).label == "-(a + 1)")
        }

        @Test func numbersFormatLikeR() {
            let cases: [(Double, String)] = [
                (1, "1"), (0, "0"), (2.5, "2.5"), (0.001, "0.001"), (1e-4, "1e-04"), (100_000, "1e+05"),
                (123_456, "123456"), (100, "100"), (1e15, "1e+15"), (0.1, "0.1"), (-3, "-3"), (1.5e-10, "1.5e-10"),
                (1 / 3, "0.333333333333333"), (.infinity, "Inf"),
            ]
            for (value, text) in cases {
                #expect(FormulaExpression.number(value).label == text, "\(value)")
            }
        }

        @Test func variablesInOrderWithoutDuplicates() throws {
            let expression = FormulaExpression.call("I", [
                .binary("+", .binary("*", .variable("b"), .variable("a")), .call("log", [.variable("b")])),
            ])
            #expect(expression.variables == ["b", "a"])
            #expect(FormulaExpression.number(2).variables.isEmpty)
        }
    }
}
