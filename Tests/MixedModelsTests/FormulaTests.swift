import Testing
@testable import MixedModels

/// Parsing and expansion of lme4 model formulas; expected values are what R's `terms()` and lme4 produce.
@Suite struct FormulaTests {
    private func labels(_ formula: Formula) -> [String] { formula.fixedTerms.map(\.label) }
    private func groupings(_ formula: Formula) -> [String] { formula.randomTerms.map(\.groupingLabel) }

    @Test func examRandomIntercept() throws {
        let formula = try Formula(parsing: "normexam ~ standLRT + sex + schgend + (1|school)")
        #expect(formula.response == .expression(.variable("normexam")))
        #expect(formula.hasIntercept)
        #expect(labels(formula) == ["standLRT", "sex", "schgend"])
        #expect(formula.fixedTerms.allSatisfy { $0.order == 1 })
        #expect(formula.offsets.isEmpty)
        #expect(formula.randomTerms == [
            RandomEffectsTerm(hasIntercept: true, terms: [], grouping: [.variable("school")], groupingLabel: "school"),
        ])
        #expect(formula.text == "normexam ~ standLRT + sex + schgend + (1|school)")
    }

    @Test func interactionFactorsFollowFirstAppearance() throws {
        let formula = try Formula(parsing: "mAch ~ meanses*cses + sector*cses + (cses|school)")
        #expect(labels(formula) == ["meanses", "cses", "sector", "meanses:cses", "cses:sector"])
        #expect(formula.fixedTerms.map(\.order) == [1, 1, 1, 2, 2])
        #expect(formula.fixedTerms[4].factors == [.variable("cses"), .variable("sector")])
        let random = try #require(formula.randomTerms.first)
        #expect(random.hasIntercept)
        #expect(random.terms.map(\.label) == ["cses"])
        #expect(random.groupingLabel == "school")
        #expect(random.effectLabels == ["(Intercept)", "cses"])
    }

    @Test func sleepstudyRandomSlope() throws {
        let formula = try Formula(parsing: "Reaction ~ Days + (Days|Subject)")
        #expect(labels(formula) == ["Days"])
        #expect(formula.randomTerms.count == 1)
        #expect(formula.randomTerms[0].hasIntercept)
        #expect(formula.randomTerms[0].terms == [FormulaTerm([.variable("Days")])])
        #expect(formula.randomTerms[0].grouping == [.variable("Subject")])
    }

    @Test func crossedRandomEffects() throws {
        let formula = try Formula(parsing: "diameter ~ 1 + (1|plate) + (1|sample)")
        #expect(formula.hasIntercept)
        #expect(formula.fixedTerms.isEmpty)
        #expect(groupings(formula) == ["plate", "sample"])
        #expect(formula.randomTerms.allSatisfy { $0.hasIntercept && $0.terms.isEmpty })
    }

    @Test func nestedGroupingBySlash() throws {
        let formula = try Formula(parsing: "strength ~ 1 + (1|batch/cask)")
        #expect(groupings(formula) == ["cask:batch", "batch"])
        #expect(formula.randomTerms[0].grouping == [.variable("cask"), .variable("batch")])
        #expect(formula.randomTerms[1].grouping == [.variable("batch")])
    }

    @Test func threeLevelNesting() throws {
        let formula = try Formula(parsing: "y ~ (1|a/b/c)")
        // lme4 deparses the constructed interaction c:(b:a) with its parentheses.
        #expect(groupings(formula) == ["c:(b:a)", "b:a", "a"])
        #expect(formula.randomTerms.map(\.grouping) == [
            [.variable("c"), .variable("b"), .variable("a")],
            [.variable("b"), .variable("a")],
            [.variable("a")],
        ])
    }

    @Test func interactionGroupingKeepsWrittenOrder() throws {
        let formula = try Formula(parsing: "y ~ x + (1 | dept:service)")
        #expect(groupings(formula) == ["dept:service"])
        #expect(formula.randomTerms[0].grouping == [.variable("dept"), .variable("service")])
    }

    @Test func binomialResponseWithFactorCall() throws {
        let formula = try Formula(parsing: "cbind(incidence, healthy) ~ factor(period) + (1|herd)")
        #expect(formula.response == .binomial(successes: .variable("incidence"), failures: .variable("healthy")))
        #expect(formula.response?.label == "cbind(incidence, healthy)")
        #expect(labels(formula) == ["factor(period)"])
        #expect(formula.fixedTerms[0].factors[0].isFactorCall)
        #expect(formula.fixedTerms[0].factors[0].variables == ["period"])
        #expect(groupings(formula) == ["herd"])
    }

    @Test func protectedArithmetic() throws {
        let formula = try Formula(parsing: "use01 ~ age + I(age^2) + urban + livch + (1|district)")
        #expect(labels(formula) == ["age", "I(age^2)", "urban", "livch"])
        let squared = formula.fixedTerms[1].factors[0]
        #expect(squared == .call("I", [.binary("^", .variable("age"), .number(2))]))
        #expect(squared.variables == ["age"])
        #expect(!squared.isFactorCall)
    }

    @Test func offsets() throws {
        let formula = try Formula(parsing: "y ~ x + offset(log(n)) + (1|g)")
        #expect(labels(formula) == ["x"])
        #expect(formula.offsets == [.call("log", [.variable("n")])])
        #expect(formula.offsets[0].label == "log(n)")
        #expect(formula.variableNames == ["y", "x", "n", "g"])
    }

    @Test func interceptRemoval() throws {
        for text in ["y ~ 0 + x", "y ~ x - 1", "y ~ x + 0", "y ~ -1 + x", "y~x-1"] {
            let formula = try Formula(parsing: text)
            #expect(!formula.hasIntercept, "\(text)")
            #expect(labels(formula) == ["x"], "\(text)")
        }
        for text in ["y ~ x", "y ~ 1 + x", "y ~ x - 1 + 1", "y ~ 0 + x - 0"] {
            #expect(try Formula(parsing: text).hasIntercept, "\(text)")
        }
        let interceptOnly = try Formula(parsing: "y ~ 1")
        #expect(interceptOnly.hasIntercept && interceptOnly.fixedTerms.isEmpty)
        let nothing = try Formula(parsing: "y ~ 0")
        #expect(!nothing.hasIntercept && nothing.fixedTerms.isEmpty)
    }

    @Test func onlyRandomTermsLeaveAnInterceptOnlyFixedPart() throws {
        let formula = try Formula(parsing: "y ~ (1|g)")
        #expect(formula.hasIntercept)
        #expect(formula.fixedTerms.isEmpty)
        #expect(!(try Formula(parsing: "y ~ 0 + (1|g)")).hasIntercept)
    }

    @Test func subtractionAfterRandomTerms() throws {
        let formula = try Formula(parsing: "y ~ x + (1|g) - 1")
        #expect(!formula.hasIntercept)
        #expect(labels(formula) == ["x"])
        #expect(groupings(formula) == ["g"])
        let onlyRandom = try Formula(parsing: "y ~ (1|g) - 1")
        #expect(!onlyRandom.hasIntercept && onlyRandom.fixedTerms.isEmpty)
        #expect(labels(try Formula(parsing: "y ~ a*b + (1 + a|g) - a:b")) == ["a", "b"])
    }

    @Test func uncorrelatedRandomEffects() throws {
        let formula = try Formula(parsing: "y ~ x + (x || g)")
        #expect(formula.randomTerms == [
            RandomEffectsTerm(hasIntercept: true, terms: [], grouping: [.variable("g")], groupingLabel: "g"),
            RandomEffectsTerm(hasIntercept: false, terms: [FormulaTerm([.variable("x")])],
                              grouping: [.variable("g")], groupingLabel: "g"),
        ])
        let several = try Formula(parsing: "y ~ (0 + a + b || g)")
        #expect(several.randomTerms.map(\.hasIntercept) == [false, false])
        #expect(several.randomTerms.map { $0.terms.map(\.label) } == [["a"], ["b"]])
        let interaction = try Formula(parsing: "y ~ (a*b || g)")
        #expect(interaction.randomTerms.map(\.effectLabels) == [["(Intercept)"], ["a"], ["b"], ["a:b"]])
    }

    @Test func uncorrelatedAndNestedTogether() throws {
        let formula = try Formula(parsing: "y ~ (x || a/b)")
        #expect(formula.randomTerms.map(\.groupingLabel) == ["b:a", "a", "b:a", "a"])
        #expect(formula.randomTerms.map(\.hasIntercept) == [true, true, false, false])
    }

    @Test func randomTermLeftSides() throws {
        let formula = try Formula(parsing: "y ~ (0 + x | g) + (-1 + x | h) + (1 | k) + (x + z | m)")
        #expect(formula.randomTerms.map(\.hasIntercept) == [false, false, true, true])
        #expect(formula.randomTerms.map { $0.terms.map(\.label) } == [["x"], ["x"], [], ["x", "z"]])
        #expect(groupings(formula) == ["g", "h", "k", "m"])
        let explicit = try Formula(parsing: "y ~ (1 + x | g)")
        #expect(explicit.randomTerms[0].hasIntercept && explicit.randomTerms[0].terms.map(\.label) == ["x"])
        let crossed = try Formula(parsing: "y ~ (x*z | g)")
        #expect(crossed.randomTerms[0].terms.map(\.label) == ["x", "z", "x:z"])
    }

    @Test func randomTermsKeepFormulaOrder() throws {
        let formula = try Formula(parsing: "y ~ (1|b) + x + (1|a) + ((z|c))")
        #expect(groupings(formula) == ["b", "a", "c"])
        #expect(labels(formula) == ["x"])
    }

    @Test func crossingAndNestingOperators() throws {
        #expect(labels(try Formula(parsing: "y ~ a*b")) == ["a", "b", "a:b"])
        #expect(labels(try Formula(parsing: "y ~ a*b*c")) == ["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"])
        #expect(labels(try Formula(parsing: "y ~ a/b")) == ["a", "a:b"])
        #expect(labels(try Formula(parsing: "y ~ a/(b + c)")) == ["a", "a:b", "a:c"])
        #expect(labels(try Formula(parsing: "y ~ (a + b)/c")) == ["a", "b", "a:b:c"])
        #expect(labels(try Formula(parsing: "y ~ b %in% a")) == ["b:a"])
        #expect(labels(try Formula(parsing: "y ~ (a+b+c)^2")) == ["a", "b", "c", "a:b", "a:c", "b:c"])
        #expect(labels(try Formula(parsing: "y ~ (a+b+c)^3")).count == 7)
        #expect(labels(try Formula(parsing: "y ~ (a+b+c)^2 - a:b")) == ["a", "b", "c", "a:c", "b:c"])
        #expect(labels(try Formula(parsing: "y ~ a*b - a")) == ["b", "a:b"])
        #expect(labels(try Formula(parsing: "y ~ a^2")) == ["a"])
    }

    @Test func duplicatesAreRemoved() throws {
        #expect(labels(try Formula(parsing: "y ~ a + a")) == ["a"])
        #expect(labels(try Formula(parsing: "y ~ a:b + b:a")) == ["a:b"])
        #expect(labels(try Formula(parsing: "y ~ b:a + a + b")) == ["a", "b", "b:a"])
        #expect(labels(try Formula(parsing: "y ~ log(x) + log(x) + log( x )")) == ["log(x)"])
    }

    @Test func termsAreSortedByOrderStably() throws {
        let formula = try Formula(parsing: "y ~ a:b + c + d:e:f + g")
        #expect(labels(formula) == ["c", "g", "a:b", "d:e:f"])
        #expect(formula.fixedTerms.map(\.order) == [1, 1, 2, 3])
    }

    @Test func responseOnTheRightIsDropped() throws {
        #expect(labels(try Formula(parsing: "y ~ y + x")) == ["x"])
    }

    @Test func oneSidedFormula() throws {
        let formula = try Formula(parsing: "~ x + z")
        #expect(formula.response == nil)
        #expect(labels(formula) == ["x", "z"])
        #expect(try Formula(parsing: "~ 1").fixedTerms.isEmpty)
    }

    @Test func lexicalDetails() throws {
        let formula = try Formula(parsing: "  log(y)~\n\tuse.n +x_1+ `my var` + I(x * 2)+I(x^2.5) + I(x + 1e-3)  ")
        #expect(formula.response == .expression(.call("log", [.variable("y")])))
        #expect(labels(formula) == ["use.n", "x_1", "`my var`", "I(x * 2)", "I(x^2.5)", "I(x + 0.001)"])
        #expect(formula.fixedTerms[2].factors == [.variable("my var")])
        #expect(formula.variableNames == ["y", "use.n", "x_1", "my var", "x"])
        #expect(labels(try Formula(parsing: "y ~ I(x**2)")) == ["I(x^2)"])
        #expect(labels(try Formula(parsing: "y ~ I(.5 * x) + I(2L * x) + I(5. * x)"))
            == ["I(0.5 * x)", "I(2 * x)", "I(5 * x)"])
    }

    @Test func callsAndParenthesesInsideTerms() throws {
        let formula = try Formula(parsing: "y ~ log(x + 1) + I((a + b)^2) + poly(x, 2) + sqrt(abs(-z))")
        #expect(labels(formula) == ["log(x + 1)", "I((a + b)^2)", "poly(x, 2)", "sqrt(abs(-z))"])
        #expect(formula.fixedTerms[1].factors[0].variables == ["a", "b"])
    }

    @Test func functionCallGrouping() throws {
        let formula = try Formula(parsing: "TICKS ~ factor(YEAR) + cHEIGHT + (1|BROOD) + (1|factor(LOCATION))")
        #expect(labels(formula) == ["factor(YEAR)", "cHEIGHT"])
        #expect(groupings(formula) == ["BROOD", "factor(LOCATION)"])
    }

    /// The formulas of the shipped lme4 reference fits, with the term labels and grouping factors lme4 reports.
    @Test(arguments: [
        ("normexam ~ standLRT + sex + schgend + (1|school)", ["standLRT", "sex", "schgend"], ["school"]),
        ("normexam ~ standLRT + (standLRT|school)", ["standLRT"], ["school"]),
        ("mAch ~ meanses*cses + sector*cses + (cses|school)",
         ["meanses", "cses", "sector", "meanses:cses", "cses:sector"], ["school"]),
        ("Reaction ~ Days + (Days|Subject)", ["Days"], ["Subject"]),
        ("diameter ~ 1 + (1|plate) + (1|sample)", [], ["plate", "sample"]),
        ("strength ~ 1 + (1|batch/cask)", [], ["cask:batch", "batch"]),
        ("cbind(incidence, healthy) ~ factor(period) + (1|herd)", ["factor(period)"], ["herd"]),
        ("use01 ~ age + I(age^2) + urban + livch + (1|district)", ["age", "I(age^2)", "urban", "livch"], ["district"]),
        ("TICKS ~ factor(YEAR) + cHEIGHT + (1|BROOD) + (1|LOCATION)", ["factor(YEAR)", "cHEIGHT"], ["BROOD", "LOCATION"]),
    ])
    func referenceFormulas(_ text: String, _ fixed: [String], _ groups: [String]) throws {
        let formula = try Formula(parsing: text)
        #expect(formula.hasIntercept)
        #expect(labels(formula) == fixed)
        #expect(groupings(formula) == groups)
    }

    @Test func factorCalls() throws {
        #expect(FormulaExpression.call("factor", [.variable("x")]).isFactorCall)
        #expect(FormulaExpression.call("as.factor", [.variable("x")]).isFactorCall)
        #expect(FormulaExpression.call("ordered", [.variable("x")]).isFactorCall)
        #expect(!FormulaExpression.call("log", [.variable("x")]).isFactorCall)
        #expect(!FormulaExpression.variable("factor").isFactorCall)
    }

    @Test func deepButReasonableFormulasParse() throws {
        let nested = String(repeating: "(", count: 150) + "x" + String(repeating: ")", count: 150)
        #expect(labels(try Formula(parsing: "y ~ \(nested)")) == ["x"])
        let many = (1...450).map { "x\($0)" }.joined(separator: " + ")
        #expect(try Formula(parsing: "y ~ \(many)").fixedTerms.count == 450)
        let longest = (1...490).map { "x\($0)" }.joined(separator: " + ")
        let formula = try Formula(parsing: "y ~ \(longest) + (\(longest) | g)")
        #expect(formula.fixedTerms.count == 490)
        #expect(formula.randomTerms[0].terms.count == 490)
        #expect(formula.variableNames.count == 492)
    }
}
