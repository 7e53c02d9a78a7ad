import Education

/// The evaluation report in Markdown, rendered from `EvaluationReportDocument` (the same
/// content as report.html): the caveat, the data read and rejected, the tidy table of category
/// effects by outcome, area and phase, the hypothesis models (H5 cross-LA, dose, pre/post), the
/// two figures, the value-for-money section, for every model its lme4 formula, R code and
/// exclusions, and the provenance of the run.
public enum EvaluationMarkdown {
    /// The report; `forestFile` and `caterpillarFile` are the figure files it links (relative
    /// paths), `valueForMoney` the section to include (nil: the default illustrative one),
    /// `designFile` the design file written beside the report, if any.
    public static func render(_ results: EvaluationResults, forestFile: String? = "forest.svg",
                              caterpillarFile: String? = "caterpillar.svg", valueForMoney: [ReportDocument.Block]? = nil,
                              designFile: String? = nil) -> String {
        EvaluationReportDocument.document(
            results, forest: forestFile.map { .init(file: $0) }, caterpillar: caterpillarFile.map { .init(file: $0) },
            valueForMoney: valueForMoney, designFile: designFile).markdown
    }
}
