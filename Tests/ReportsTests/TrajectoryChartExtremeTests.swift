import Foundation
import Testing
@testable import Education
@testable import Reports

/// The trajectory chart with years far outside 1981-2099: results built in code (rather than
/// read from a file) can hold any Int year, and the chart must still draw, not trap.
@Suite("Trajectory chart at extreme years")
struct TrajectoryChartExtremeTests {
    /// The trends fixture with every school point's year replaced by `year(k)` for point k.
    private static func results(years: (Int) -> Int) throws -> TrendsResults {
        var results = try TrendsReportTests.results()
        results.national = []
        for g in results.groups.indices {
            for t in results.groups[g].trajectories.indices {
                for p in results.groups[g].trajectories[t].points.indices {
                    results.groups[g].trajectories[t].points[p].year = AcademicYear(uncheckedEndYear: years(p))
                }
            }
        }
        return results
    }

    @Test("Years near Int.max and Int.min give a well-formed chart with finite coordinates",
          arguments: [
            [Int.max], [Int.min], [Int.min, Int.max], [Int.max - 3, Int.max], [-5, 9_000_000_000_000_000_000],
          ])
    func extremeYears(_ years: [Int]) throws {
        let svg = TrajectoryChart(results: try Self.results { years[$0 % years.count] }).svg()
        let xml = FigureXML(svg)
        #expect(xml.isWellFormed)
        let nonFinite = ["\"nan", "\"inf", "\"-inf", " nan", " inf", " -inf", "nan ", "inf "]
        #expect(!nonFinite.contains { svg.contains($0) }, "\(svg.prefix(600))")
        #expect(xml.texts.contains { $0.contains("School trajectories") })
    }

    @Test("Year labels print whole years, and scientific notation beyond exact whole numbers")
    func labels() {
        #expect(TrajectoryChart.yearLabel(2010) == "2010")
        #expect(TrajectoryChart.yearLabel(-44) == "-44")
        #expect(TrajectoryChart.yearLabel(9.2e18).contains("e+18"))
    }

    @Test("An axis whose range overflows a Double has finite, increasing ticks and finite positions",
          arguments: [(-1e308, 1e308), (-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude), (1e307, 1.7e308)])
    func overflowingAxis(_ minimum: Double, _ maximum: Double) {
        let scale = AxisScale(minimum: minimum, maximum: maximum, targetTickCount: 6)
        #expect(scale.ticks.count >= 2 && scale.ticks.count <= 20, "\(scale.ticks.count) ticks")
        #expect(scale.ticks.allSatisfy { $0.isFinite })
        #expect(zip(scale.ticks, scale.ticks.dropFirst()).allSatisfy { $0 < $1 })
        #expect(scale.lower <= minimum && scale.upper >= maximum)
        for value in [minimum, 0, maximum] {
            let position = scale.position(of: value, from: 0, to: 100)
            #expect(position.isFinite && position >= -1e-9 && position <= 100 + 1e-9, "\(value) at \(position)")
        }
    }
}
