import Education

/// The evaluation report as one self-contained HTML page (report.html): the content of
/// report.md (`EvaluationReportDocument`) with the forest and caterpillar plots inlined as
/// SVG, an inline style sheet for screens of any width and for print, and no scripts, fonts or
/// anything else fetched from elsewhere.
public enum EvaluationHTML {
    /// The page; `valueForMoney` is the section to include (nil: the default illustrative one),
    /// `designFile` the design file written beside the report, if any.
    public static func render(_ results: EvaluationResults, valueForMoney: [ReportDocument.Block]? = nil,
                              designFile: String? = nil) -> String {
        let forest = EvaluationReportDocument.Figure(file: "forest.svg", svg: EvaluationFigures.forestPlot(results).svg())
        let caterpillar = EvaluationReportDocument.Figure(file: "caterpillar.svg", svg: EvaluationFigures.caterpillarPlot(results).svg())
        let eventStudy = EvaluationFigures.eventStudyPlot(results).map {
            EvaluationReportDocument.Figure(file: EvaluationReportFiles.eventStudyFileName, svg: $0.svg())
        }
        return ReportHTML.render(EvaluationReportDocument.document(
            results, forest: forest, caterpillar: caterpillar, valueForMoney: valueForMoney, designFile: designFile,
            eventStudy: eventStudy))
    }
}
