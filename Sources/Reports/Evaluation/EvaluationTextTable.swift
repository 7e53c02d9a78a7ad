import Education

/// The results as a plain-text table for a terminal: one line per estimate, the caveat first.
public enum EvaluationTextTable {
    /// The table of `estimates` (default: every estimate of `results`), with a header line.
    public static func render(_ results: EvaluationResults, analyses: Set<EvaluationAnalysis> = Set(EvaluationAnalysis.allCases)) -> String {
        typealias F = EvaluationNumberFormat
        let header = ["outcome", "analysis", "area", "phase", "term", "estimate", "SE",
                      "\(Int((results.confidenceLevel * 100).rounded()))% CI", "p", "pupils", "schools", "readable scale"]
        var rows: [[String]] = []
        for e in results.estimates where analyses.contains(e.analysis) {
            rows.append([e.outcome.rawValue, e.analysis.rawValue, e.subgroup, e.phase, e.term,
                         F.fixed(e.estimate, 3), F.fixed(e.standardError, 3),
                         "[\(F.fixed(e.lower, 3)), \(F.fixed(e.upper, 3))]", F.pValue(e.pValue),
                         F.count(e.pupils), F.count(e.schools), e.readableScale])
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return (5...10).contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [results.caveat, "", line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        let skipped = results.models.filter { $0.status != .fitted }
        if !skipped.isEmpty {
            out.append("")
            for model in skipped { out.append("\(model.status.rawValue): \(model.id): \(model.message ?? "")") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
