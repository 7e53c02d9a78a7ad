import Education
import Testing
@testable import Reports

@Suite("Coverage study Markdown table")
struct CoverageStudyMarkdownTests {
    @Test("One row per category, with the band verdict")
    func table() {
        let rows = [
            CoverageStudy.Row(category: "receiving", truth: 2, replications: 1000, meanEstimate: 2.0123, monteCarloSE: 0.0456,
                              meanStandardError: 1.5, empiricalSD: 1.45, coverage: 0.951, coverageMonteCarloSE: 0.0068),
            CoverageStudy.Row(category: "providing", truth: -1, replications: 1000, meanEstimate: -0.9, monteCarloSE: 0.05,
                              meanStandardError: 1.2, empiricalSD: 1.6, coverage: 0.9, coverageMonteCarloSE: 0.0095),
        ]
        let lines = CoverageStudyMarkdown.table(rows).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("| term | true effect |"))
        #expect(lines[2] == "| `supportreceiving` | 2.000 | 1000 | 2.012 (0.046) | 1.500 | 1.450 | 95.1% (0.7) | yes | 0.27 |")
        #expect(lines[3].hasSuffix("| 90.0% (0.9) | no | 2.00 |"))
    }
}
