import Foundation
import Testing
@testable import Reports
import ValueForMoney

@Suite("Value-for-money writers: JSON, Markdown, SVG tornado chart")
struct ValueForMoneyWriterTests {
    @Test("JSON holds the headline fields and echoes assumptions with sources")
    func json() throws {
        let text = try handCheckAnalysis().json()
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["npv", "bcr", "cost_per_pupil", "break_even_effect", "break_even_effect_sd",
                    "probability_effect_exceeds_break_even", "assumptions", "sensitivity", "caveat"] {
            #expect(object[key] != nil, "\(key)")
        }
        #expect(close(object["bcr"] as? Double ?? 0, 708_333.333333333 / 100_000))
        #expect(object["bootstrap_probability_effect_exceeds_break_even"] is NSNull)
        let assumptions = try #require(object["assumptions"] as? [[String: Any]])
        let vpg = try #require(assumptions.first { $0["name"] as? String == "value_per_grade" })
        #expect(vpg["value"] as? Double == 8_500)
        #expect(vpg["source"] as? String == "user-supplied")
        let discount = try #require(assumptions.first { $0["name"] as? String == "discount" })
        #expect(discount["value"] as? String == "none")
        #expect(assumptions.allSatisfy { ($0["source"] as? String)?.isEmpty == false })
    }

    @Test("Markdown section for the evaluation report")
    func markdown() throws {
        let md = try handCheckAnalysis().markdownSection()
        #expect(md.hasPrefix("## Value for money"))
        #expect(md.contains("| Benefit-cost ratio | 7.08 |"))
        #expect(md.contains("| Break-even effect (capped points) | 0.07059 |"))
        #expect(md.contains("normal approximation | 0.984 |"))
        #expect(md.contains("£708,333"))
        #expect(md.contains("### Sensitivity") && md.contains("### Assumptions"))
        #expect(md.contains("not causal"))
        #expect(!md.contains("nan") && !md.contains("inf |"))
    }

    @Test("SVG tornado chart: one pair of bars per row, valid markup")
    func svg() throws {
        let a = try handCheckAnalysis()
        let svg = a.tornadoSVG()
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("fill-opacity=\"0.85\"><title>"))
        #expect(svg.hasSuffix("</svg>\n"))
        // Two bars per row, two legend swatches and the background.
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 2 * a.sensitivity.rows.count + 3)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        let chart = TornadoChart(table: a.sensitivity, title: "A & B <test>").svg()
        #expect(chart.contains("A &amp; B &lt;test&gt;"))
    }

    @Test("The Markdown section names the configured label")
    func markdownLabel() throws {
        let effect = EffectEstimate(outcome: .ks4CappedPoints, estimate: 6, standardError: 2, label: "Receiving NLE support")
        let a = try effect.breakEven(costs: .simple(totalCost: 100_000, pupils: 1_000))
        #expect(try a.markdownSection().contains("Receiving NLE support"))
    }

    @Test("Extreme but finite inputs never give NaN or infinity in the output")
    func extremes() throws {
        let big = thrownError { _ = try EffectEstimate(outcome: .ks4CappedPoints, estimate: 1e308, standardError: 1)
            .breakEven(costs: .simple(totalCost: 1e308, pupils: 1e308)).json() }
        #expect(big != nil)
        let tiny = try EffectEstimate(outcome: .ks4CappedPoints, estimate: 0, standardError: 1e-300)
            .breakEven(costs: .simple(totalCost: 1e-300, pupils: 1))
        let json = try tiny.json()
        #expect(!json.contains("nan") && !json.contains("inf"))
    }
}
