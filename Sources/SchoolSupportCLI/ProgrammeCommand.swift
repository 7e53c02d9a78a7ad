import ArgumentParser
import Education
import Foundation
import Reports
import ValueForMoney

/// `schoolsupport programme`: the programme records — Ofsted grades before and after support,
/// grade transitions, time to leave an Ofsted category, deployments and recorded costs. The
/// computations are in `Education` (ProgrammeAnalysis) and the writers in `Reports`; this
/// command reads arguments, prints and writes the report directory.
struct ProgrammeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme",
        abstract: "Programme records: Ofsted transitions, deployments and recorded costs.",
        discussion: """
        Writes programme.md, programme.txt, programme.json, grade_distributions.csv, transitions.csv,
        time_to_leave.csv, deployments.csv, costs.csv, rejections.csv and grades.svg to --out, and prints
        the text report. Costs are in cash prices unless --deflator is given (then in the prices of
        --price-base-year, by default the deflator's latest year). Grades before and after support are
        descriptions, not effects of support. See Docs/programme.md.
        """)

    @Option(help: "School file (Docs/data-format.md; an optional open_date column excludes inspections before it).")
    var schools: String

    @Option(help: "Support-record file.")
    var support: String

    @Option(help: "Pupil file, for the pupils of each supported school (optional).")
    var pupils: String?

    @Option(help: "Ofsted inspections file (urn, inspection_date, overall_effectiveness, leadership, category).")
    var ofsted: String?

    @Option(name: .customLong("as-of"), help: "Analysis date (YYYY-MM-DD; default today): later inspections are excluded and open category spells censored here.")
    var asOf: String?

    @Option(name: .customLong("price-base-year"), help: "Price base year of the real costs (needs --deflator).")
    var priceBaseYear: Int?

    @Option(help: "Deflator file: CSV with columns year and index (e.g. HM Treasury GDP deflators).")
    var deflator: String?

    @Option(help: "Directory for the report files.")
    var out: String = "programme-report"

    func run() throws {
        let date = try Self.analysisDate(asOf)
        let prices = try Self.prices(deflator: deflator, baseYear: priceBaseYear)
        try EvaluateCommand.checkWritableDirectory(out)
        let records = try ProgrammeRecords.read(schoolsPath: schools, supportPath: support, pupilsPath: pupils,
                                                ofstedPath: ofsted, asOf: date)
        for summary in records.summaries { reportRead(summary, fullList: "\(out)/rejections.csv") }
        let analysis = prices.analysis(records, asOf: date)
        try ProgrammeReportFiles.write(analysis, to: out)
        print(ProgrammeReportDocument.document(analysis).plainText, terminator: "")
        print("Report: \(out)/programme.md")
    }

    /// The programme records for `evaluate`: nil without a support file; the pupil and Ofsted
    /// files are read only with `ofsted` (for the "Programme records" section). Rejected rows
    /// are listed on standard error.
    static func evaluationAnalysis(schools: String, support: String?, pupils: String, ofsted: String?,
                                   deflator: String?, priceBaseYear: Int?) throws -> ProgrammeAnalysis? {
        let prices = try prices(deflator: deflator, baseYear: priceBaseYear)
        guard let support else {
            if ofsted != nil { throw ValidationError("--ofsted needs a support file (--support)") }
            if let deflator { warn("--deflator \(deflator) has no effect without a support file (--support)") }
            return nil
        }
        let date = try analysisDate(nil)
        let records = try ProgrammeRecords.read(schoolsPath: schools, supportPath: support,
                                                pupilsPath: ofsted == nil ? nil : pupils, ofstedPath: ofsted, asOf: date)
        if let ofsted, let summary = records.summaries.last, summary.rejected > 0 {
            writeStandardError("\(ofsted): \(summary.rejected) inspection rows rejected; `schoolsupport programme` lists them\n")
        }
        return prices.analysis(records, asOf: date)
    }

    /// `--as-of`, or today (UTC).
    static func analysisDate(_ text: String?) throws -> CalendarDate {
        if let text {
            do { return try CalendarDate(iso: text) } catch { throw ValidationError("--as-of \(text): \(error.description)") }
        }
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date())
        guard let year = parts.year, let month = parts.month, let day = parts.day,
              let today = try? CalendarDate(year: year, month: month, day: day) else {
            throw ValidationError("today's date is outside the years dates may have; give --as-of")
        }
        return today
    }

    /// Cash prices, or real terms from `--deflator` in `--price-base-year` prices.
    static func prices(deflator path: String?, baseYear: Int?) throws -> ProgrammePrices {
        guard let path else {
            if let baseYear { throw ValidationError("--price-base-year \(baseYear) needs --deflator (a CSV of year and index)") }
            return ProgrammePrices()
        }
        let series = try ProgrammePrices.readDeflator(path: path)
        guard let base = baseYear ?? series.index.keys.max() else {
            throw ValidationError("--deflator \(path) has no rows")
        }
        return try ProgrammePrices(deflator: series, baseYear: base)
    }
}
