import Education
import Foundation

/// Writes the evaluation report directory: `report.md`, `report.html` (the same content as one
/// self-contained page), `results.csv`, `results.json`, `forest.svg` and `caterpillar.svg`,
/// `event-study.svg` when an event-study model was fitted, and, when the run's design is
/// given, `design.json`.
public enum EvaluationReportFiles {
    /// Why a report file could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    public static let fileNames = ["report.md", "report.html", "results.csv", "results.json", "forest.svg", "caterpillar.svg"]
    /// The event-study figure, written when an event-study model was fitted.
    public static let eventStudyFileName = "event-study.svg"

    /// Writes every file into `directory` (created if needed) and returns their paths. With
    /// `design`, the value-for-money section uses its assumptions and the design is written to
    /// `design.json`, from which the run can be repeated. With `recordedCosts` (and a design
    /// that does not enter costs by hand) the value-for-money section uses the recorded mean
    /// cost per supported school; with `programme` the report gains a "Programme records"
    /// section after it.
    @discardableResult
    public static func write(_ results: EvaluationResults, to directory: String,
                             design: EvaluationDesignFile? = nil, recordedCosts: RecordedCosts? = nil,
                             programme: ProgrammeAnalysis? = nil) throws(WriteError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: directory, reason: error.localizedDescription)
        }
        let json: String
        do { json = try EvaluationJSON.render(results) } catch {
            throw WriteError(path: "results.json", reason: "\(error)")
        }
        let recorded = design?.valueForMoney.recordedCosts == false ? nil : recordedCosts
        var valueForMoney = design.map {
            EvaluationValueForMoney.sectionBlocks(results, preferredCategory: $0.valueForMoney.category, costs: $0.valueForMoney.costs,
                                                  recorded: recorded)
        } ?? (recorded == nil ? nil : EvaluationValueForMoney.sectionBlocks(results, recorded: recorded))
        if let programme {
            valueForMoney = (valueForMoney ?? EvaluationValueForMoney.sectionBlocks(results) ?? [])
                + ProgrammeReportDocument.evaluationSection(programme)
        }
        let designName = design.map { _ in EvaluationDesignFile.fileName }
        var contents: [(String, String)] = [
            ("report.md", EvaluationMarkdown.render(results, valueForMoney: valueForMoney, designFile: designName)),
            ("report.html", EvaluationHTML.render(results, valueForMoney: valueForMoney, designFile: designName)),
            ("results.csv", EvaluationCSV.render(results)),
            ("results.json", json),
            ("forest.svg", EvaluationFigures.forestPlot(results).svg()),
            ("caterpillar.svg", EvaluationFigures.caterpillarPlot(results).svg()),
        ]
        if let plot = EvaluationFigures.eventStudyPlot(results) { contents.append((eventStudyFileName, plot.svg())) }
        if let design {
            do { contents.append((EvaluationDesignFile.fileName, try design.json())) } catch {
                throw WriteError(path: EvaluationDesignFile.fileName, reason: "\(error)")
            }
        }
        var paths: [String] = []
        for (name, text) in contents {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw WriteError(path: path, reason: error.localizedDescription)
            }
            paths.append(path)
        }
        return paths
    }
}
