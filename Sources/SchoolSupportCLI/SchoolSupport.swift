import ArgumentParser
import DataTable
import Education
import Foundation
import MixedModels
import Reports
import ValueForMoney

@main
struct SchoolSupport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schoolsupport",
        abstract: "Multilevel evaluation of school-to-school leadership support.",
        subcommands: [EvaluateCommand.self, FitCommand.self, CompareCommand.self, GenerateCommand.self, BreakEvenCommand.self,
                      TrendsCommand.self, ProgrammeCommand.self, Progress8Command.self, SurveyCommand.self]
    )

    /// The one exit path of every subcommand: the error's message on standard error and an exit
    /// status from sysexits.h, 64 (EX_USAGE) for a mistaken option, formula or value, 65
    /// (EX_DATAERR) for input data that cannot be used, 1 for anything else.
    static func main() {
        // The n-vectors of national fits reused from the heap rather than mapped afresh.
        LargeAllocations.keepInTheHeap()
        do {
            var command = try parseAsRoot()
            try command.run()
            // What `print` buffered must reach its destination: a full disk or a closed
            // standard output is an error, not a silent success with nothing written.
            guard fflush(nil) == 0 else {
                throw OutputError("cannot write to standard output: \(String(cString: strerror(errno)))")
            }
        } catch {
            // ArgumentParser's own errors (parsing, ValidationError, help) keep its handling.
            guard let status = inputErrorStatus(for: error) else { exit(withError: error) }
            writeStandardError(fullMessage(for: error) + "\n")
            Foundation.exit(status)
        }
    }

    static let usageError: Int32 = 64
    static let dataError: Int32 = 65

    /// 64 or 65 for the libraries' typed input errors (64 for a design file that cannot be
    /// used); nil for the rest, which ArgumentParser reports (64 for its parsing errors and
    /// ValidationError, 0 for help, 1 otherwise).
    static func inputErrorStatus(for error: Error) -> Int32? {
        switch error {
        case is FormulaError, is ValueForMoneyError, is EvaluationDesignFileError: usageError
        case is DataTableError, is MixedModelError, is NonFiniteFitError, is NPDReadError, is TrendsError, is DomainValueError, is EvaluationError: dataError
        default: nil
        }
    }
}

/// Writes `message` to standard error as a warning: an input that was accepted but has no
/// effect, which the user should know about.
func warn(_ message: String) {
    writeStandardError("warning: \(message)\n")
}

/// Writes `text` to standard error. `FileHandle.write(_: Data)` traps when the write fails
/// (standard error on a full disk or closed); this loses the message instead.
func writeStandardError(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
}

/// What a reader made of one file, on standard error when there is anything to say: rejected
/// rows (the first 20, then how many more and, when given, where the whole list is), ignored
/// columns and notes. Silent for a file read cleanly.
func reportRead(_ summary: FileReadSummary, fullList: String? = nil) {
    guard summary.rejected > 0 || !summary.ignoredColumns.isEmpty || !summary.notes.isEmpty else { return }
    var text = summary.description + "\n"
    for rejection in summary.rejections.prefix(20) { text += "  \(rejection.description)\n" }
    if summary.rejected > 20 {
        text += "  ... and \(summary.rejected - 20) more" + (fullList.map { " (\($0))" } ?? "") + "\n"
    }
    writeStandardError(text)
}

/// Output that could not be written (standard output on a full disk or closed).
struct OutputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A model whose fit ended with a non-finite criterion: its data overflow double precision.
struct NonFiniteFitError: Error, CustomStringConvertible {
    var description: String

    static func check(_ value: Double, criterion: String, formula: String) throws(NonFiniteFitError) {
        guard !value.isFinite else { return }
        throw NonFiniteFitError(description: "the fit of '\(formula)' has a non-finite \(criterion) (\(value)): "
            + "the response, covariates or weights are too large for double precision; rescale them")
    }
}

