import Foundation
import Testing
@testable import ValueForMoney

@Suite("Outputs: sensitivity, assumptions, configuration file")
struct OutputTests {
    @Test("Sensitivity rows: closed forms for deadweight and the effect CI, sorted by swing")
    func sensitivity() throws {
        let a = try handCheckAnalysis()
        let rows = a.sensitivity.rows
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.swing >= $1.swing })
        let dw = try #require(rows.first { $0.parameter == .deadweight })
        #expect(close(dw.npvAtHigh, a.presentValueBenefits * (2.0 / 3.0) - 100_000))
        #expect(close(dw.npvAtLow, a.npv))
        let eff = try #require(rows.first { $0.parameter == .effect })
        #expect(close(eff.low, 0.5 - 1.959963984540054 * 0.2, 1e-12))
        #expect(close(eff.breakEvenAtLow, a.breakEvenEffect))
        let ob = try #require(rows.first { $0.parameter == .optimismBias })
        #expect(close(ob.breakEvenAtHigh, a.breakEvenEffect * 1.2))
        #expect(!rows.contains { $0.parameter == .ks2Persistence || $0.parameter == .cohortDecay })
    }

    @Test("A user range replaces the documented one")
    func sensitivityOverride() throws {
        let effect = EffectEstimate(outcome: .ks4CappedPoints, estimate: 0.5, standardError: 0.2)
        let a = try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000),
                                     sensitivityRanges: [SensitivityRange(parameter: .deadweight, low: 0.1, high: 0.5)])
        let dw = try #require(a.sensitivity.rows.first { $0.parameter == .deadweight })
        #expect(dw.high == 0.5 && dw.source == "user-supplied")
        #expect(thrownError {
            _ = try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000),
                                     sensitivityRanges: [SensitivityRange(parameter: .deadweight, low: 0, high: 1)])
        } != nil)
    }

    @Test("Default sources are named in the echoed assumptions")
    func defaultSources() throws {
        let a = try EffectEstimate(outcome: .ks4CappedPoints, estimate: 1, standardError: 0.5)
            .breakEven(costs: .simple(totalCost: 50_000, pupils: 400))
        let byKey = Dictionary(uniqueKeysWithValues: a.assumptions.map { ($0.key, $0) })
        #expect(byKey["value_per_grade"]?.source.contains("DfE (2021)") == true)
        #expect(byKey["discount"]?.source.contains("Green Book") == true)
        #expect(byKey["outcome_sd"]?.source.contains("assumption") == true)
        #expect(byKey["deadweight"]?.source.contains("Rudd") == true)
    }

    @Test("Configuration file: full case and rejected keys")
    func configuration() throws {
        let json = """
        { "outcome": "ks4-capped", "effect": 6, "standard_error": 2, "label": "Receiving NLE support",
          "costs": [ { "kind": "leader-days", "label": "NLE days", "quantity": 40, "unit_cost": 333, "schools": 10, "price_year": 2009 },
                     { "kind": "bursary", "unit_cost": 10000, "year": 1 } ],
          "cohorts": [ { "pupils": 1500, "year": 0 }, { "pupils": 1500, "year": 1 } ],
          "price_base_year": 2010, "deflator": { "2009": 97.5, "2010": 100 }, "supported_schools": 10,
          "discount": 0.035, "deadweight": 0.25, "cohort_decay": 0.1,
          "sensitivity": [ { "parameter": "displacement", "low": 0, "high": 0.2 } ] }
        """
        let config = try BreakEvenConfiguration.load(json: Data(json.utf8))
        let a = try config.analysis()
        let cost = 40 * 333 * 10 * 100 / 97.5 + 10_000 / 1.035
        #expect(close(a.presentValueCosts, cost))
        let value = 1_500 * 8_500 / 6 * 0.75 * (1 + 0.9 / 1.035)
        #expect(close(a.valuePerUnitEffect, value))
        #expect(a.sensitivity.rows.contains { $0.parameter == .cohortDecay })
        #expect(a.sensitivity.rows.first { $0.parameter == .displacement }?.high == 0.2)
        #expect(a.effect.label == "Receiving NLE support")

        let typo = thrownError { _ = try BreakEvenConfiguration.load(json: Data(#"{"deadweigth": 0.2}"#.utf8)) }
        #expect(typo.map { "\($0)".contains("deadweigth") } == true)
        let badKind = thrownError {
            _ = try BreakEvenConfiguration.load(json: Data(#"{"outcome":"a8","effect":1,"pupils":10,"costs":[{"kind":"lunch","unit_cost":1}]}"#.utf8)).analysis()
        }
        #expect(badKind.map { "\($0)".contains("costs[0].kind") } == true)
        let wrongType = thrownError { _ = try BreakEvenConfiguration.load(json: Data(#"{"effect": "big"}"#.utf8)) }
        #expect(wrongType.map { "\($0)".contains("effect") } == true)
    }
}
