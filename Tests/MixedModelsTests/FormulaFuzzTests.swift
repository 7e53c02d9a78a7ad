import Testing
@testable import MixedModels

extension FormulaTests {
    /// Random fragments of formula syntax must parse or throw, never trap; whatever parses must evaluate or throw.
    @Suite struct Fuzz {
        /// A small deterministic generator so that failures reproduce.
        private struct Generator {
            var state: UInt64
            mutating func next(_ bound: Int) -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((state >> 33) % UInt64(bound))
            }
        }

        private static let pieces = [
            "y", "x", "g", "a", "b", "1", "0", "2", "2.5", "1e-3", "~", "~", "+", "-", "*", "/", "^", ":", "|", "||",
            "(", "(", ")", ")", ",", "I(", "log(", "factor(", "offset(", "cbind(", "`v w`", " ", "%in%", "%%", "=",
            ".", "**", "\n", "#", "'",
        ]

        @Test func randomFormulasNeverTrap() {
            var generator = Generator(state: 42)
            var parsed = 0
            for _ in 0..<5_000 {
                let length = 1 + generator.next(14)
                let text = (0..<length).map { _ in Self.pieces[generator.next(Self.pieces.count)] }.joined()
                guard let formula = try? Formula(parsing: text) else { continue }
                parsed += 1
                let expressions = formula.fixedTerms.flatMap(\.factors) + formula.offsets
                    + formula.randomTerms.flatMap { $0.grouping + $0.terms.flatMap(\.factors) }
                for expression in expressions {
                    _ = expression.label
                    _ = try? expression.evaluate { _ in [1, 2, 3] }
                }
            }
            #expect(parsed > 0)
        }

        @Test func wellFormedRandomFormulasParse() throws {
            var generator = Generator(state: 7)
            let variables = ["a", "b", "c", "d", "log(a)", "I(b^2)"]
            let operators = [" + ", " * ", ":", " / ", " - "]
            for _ in 0..<500 {
                var rhs = variables[generator.next(variables.count)]
                for _ in 0..<generator.next(5) {
                    rhs += operators[generator.next(operators.count)] + variables[generator.next(variables.count)]
                }
                let formula = try Formula(parsing: "y ~ \(rhs) + (\(rhs) | g/h)")
                let labels = formula.fixedTerms.map(\.label)
                #expect(Set(labels).count == labels.count, "duplicate terms in \(rhs)")
                #expect(formula.fixedTerms.map(\.order) == formula.fixedTerms.map(\.order).sorted(), "order in \(rhs)")
                #expect(formula.randomTerms.count == 2)
            }
        }
    }
}
