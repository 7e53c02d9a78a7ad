import Testing
@testable import Reports

@Suite("Axis scale (nice numbers)")
struct FigureAxisScaleTests {
    @Test("Heckbert's nice numbers, rounded and ceiling")
    func niceNumbers() {
        #expect(AxisScale.niceNumber(0.87, round: true) == 1)
        #expect(AxisScale.niceNumber(1.4, round: true) == 1)
        #expect(AxisScale.niceNumber(2.9, round: true) == 2)
        #expect(AxisScale.niceNumber(4, round: true) == 5)
        #expect(AxisScale.niceNumber(8, round: true) == 10)
        #expect(AxisScale.niceNumber(1.2, round: false) == 2)
        #expect(AxisScale.niceNumber(3, round: false) == 5)
        #expect(AxisScale.niceNumber(5, round: false) == 5)
        #expect(AxisScale.niceNumber(7, round: false) == 10)
        #expect(abs(AxisScale.niceNumber(0.034, round: true) - 0.05) < 1e-15)
        #expect(AxisScale.niceNumber(0, round: true) == 0)
        #expect(AxisScale.niceNumber(.nan, round: true) == 0)
    }

    @Test("Ticks cover the data with a 1-2-5 step")
    func ticksCoverData() {
        let scale = AxisScale(minimum: -0.23, maximum: 0.41, targetTickCount: 5)
        #expect(scale.step == 0.2)
        #expect(scale.lower <= -0.23 && scale.upper >= 0.41)
        // Loose labelling widens outwards to the next ticks: -0.4 and 0.6.
        #expect(scale.ticks.map(scale.label) == ["\u{2212}0.4", "\u{2212}0.2", "0.0", "0.2", "0.4", "0.6"])
        #expect(scale.ticks.contains(0))
    }

    @Test("Classic example: 0 to 100")
    func hundred() {
        let scale = AxisScale(minimum: 0, maximum: 100, targetTickCount: 6)
        #expect(scale.ticks == [0, 20, 40, 60, 80, 100])
        #expect(scale.label(40) == "40")
    }

    @Test("Large and small magnitudes", arguments: [
        (1234.0, 98765.0), (0.000123, 0.000987), (-5e6, -1e6), (3.0, 3.0000001),
    ])
    func magnitudes(range: (Double, Double)) {
        let scale = AxisScale(minimum: range.0, maximum: range.1)
        #expect(scale.ticks.count >= 2 && scale.ticks.count <= 12)
        #expect(scale.lower <= range.0 && scale.upper >= range.1)
        // Evenly spaced, up to rounding at the ticks' own magnitude.
        let tolerance = max(scale.step * 1e-9, max(abs(scale.lower), abs(scale.upper)) * 1e-14)
        for (a, b) in zip(scale.ticks, scale.ticks.dropFirst()) {
            #expect(abs((b - a) - scale.step) <= tolerance)
        }
        // Tick labels are distinct: enough decimals were chosen.
        #expect(Set(scale.ticks.map(scale.label)).count == scale.ticks.count)
    }

    @Test("Degenerate ranges still give an axis")
    func degenerate() {
        for (lo, hi) in [(0.0, 0.0), (5.0, 5.0), (Double.nan, .nan), (.infinity, -.infinity), (2.0, 1.0)] {
            let scale = AxisScale(minimum: lo, maximum: hi)
            #expect(scale.ticks.count >= 2)
            #expect(scale.upper > scale.lower)
            #expect(scale.ticks.allSatisfy { $0.isFinite })
        }
    }

    @Test("Positions map linearly, also reversed")
    func positions() {
        let scale = AxisScale(minimum: 0, maximum: 10, targetTickCount: 6)
        #expect(scale.position(of: 0, from: 100, to: 200) == 100)
        #expect(scale.position(of: 10, from: 100, to: 200) == 200)
        #expect(scale.position(of: 5, from: 300, to: 100) == 200)
    }

    @Test("Labels never print minus zero")
    func noMinusZero() {
        #expect(AxisScale.format(-0.0, fractionDigits: 2) == "0.00")
        #expect(AxisScale.format(-0.001, fractionDigits: 2) == "0.00")
        #expect(AxisScale.format(-0.25, fractionDigits: 2) == "\u{2212}0.25")
    }
}
