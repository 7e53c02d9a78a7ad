import DataTable

/// The analysis table the evaluation models, with what was read and rejected: the table of
/// `NPDDataSet.analysisTable(classification:)` plus one 0/1 column `ever_<category>` per
/// category (the pupil's school has that primary category in some year of the data), which
/// the pre/post model needs, and each school's support spell, `support_start_year` and
/// `support_end_year`. The event-time columns of the event-study model (`EventStudy`:
/// `ever_supported`, `event_time`, `years_since_end` and the `event_<lead|lag|ended>`
/// indicators) are added by `addingEventStudyColumns()`, which the evaluation calls only for
/// the event-study design: at national size they are ten columns of the length of the data.
public struct EvaluationData: Sendable {
    /// One row per accepted pupil.
    public let table: DataTable
    /// The classification that made the support columns.
    public let classification: SupportClassification
    /// What was read and rejected from the input files (nil for a table built in memory).
    public let readSummary: NPDReadSummary?
    /// Summers (academic-year end years) present in the table.
    public let years: [Int]

    /// Builds the analysis table of a data set read by `NPDDataSet.read`.
    public init(dataSet: NPDDataSet, classification: SupportClassification = .nferDefault) throws(EvaluationError) {
        var table: DataTable
        do { table = try dataSet.analysisTable(classification: classification) } catch {
            throw .table(error.description)
        }
        // Each school's support spell from its records' start and end dates (EventStudy).
        var spells: [Double: EventStudy.Spell] = [:]
        for school in dataSet.schools {
            if let spell = EventStudy.spell(records: dataSet.supportRecords(of: school.urn), classification: classification) {
                spells[Double(school.urn.value)] = spell
            }
        }
        do {
            let schools = try table.column("school").numericValues ?? []
            let start = schools.map { urn in spells[urn].map { Double($0.start) } ?? .nan }
            let end = schools.map { urn in spells[urn]?.end.map(Double.init) ?? .nan }
            try table.setColumn(DataColumn(name: EventStudy.startColumn, numeric: start, isInteger: true).compactingIntegers())
            try table.setColumn(DataColumn(name: EventStudy.endColumn, numeric: end, isInteger: true).compactingIntegers())
        } catch { throw .table(error.description) }
        try self.init(table: table, classification: classification, readSummary: dataSet.summary)
    }

    /// Wraps an analysis table built elsewhere (it must have the columns of
    /// `NPDDataSet.analysisTable`); the `ever_<category>` columns are added. When the table
    /// has `support_start_year` (and, for spells that ended, `support_end_year`), a row whose
    /// spell ends before it starts is an error naming the row.
    public init(table: DataTable, classification: SupportClassification = .nferDefault,
                readSummary: NPDReadSummary? = nil) throws(EvaluationError) {
        var table = table
        for name in ["year", "key_stage", "school", "la", "area", "support"] where !table.hasColumn(name) {
            throw .table("column '\(name)' is missing (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        let years: [Double]
        let schools: [Double]
        let support: (codes: [Int32], levels: [String])
        do {
            years = try table.column("year").numericValues ?? []
            schools = try table.column("school").numericValues ?? []
            support = try table.column("support").factor()
        } catch { throw .table(error.description) }
        guard years.count == table.rowCount, schools.count == table.rowCount else {
            throw .table("columns 'year' and 'school' must be numeric")
        }
        for category in classification.categories {
            var ever = Set<Double>()
            if let level = support.levels.firstIndex(of: category) {
                for (row, code) in support.codes.enumerated() where Int(code) == level { ever.insert(schools[row]) }
            }
            let column = DataColumn(name: "ever_" + category, numeric: schools.map { ever.contains($0) ? 1 : 0 }, isInteger: true)
                .compactingIntegers()
            do { try table.setColumn(column) } catch { throw .table(error.description) }
        }
        if table.hasColumn(EventStudy.startColumn) {
            let start: [Double]?, end: [Double]?
            do {
                start = try table.column(EventStudy.startColumn).numericValues
                end = table.hasColumn(EventStudy.endColumn) ? try table.column(EventStudy.endColumn).numericValues : nil
            } catch { throw .table(error.description) }
            guard let start, start.count == table.rowCount, end.map({ $0.count == table.rowCount }) ?? true else {
                throw .table("columns '\(EventStudy.startColumn)' and '\(EventStudy.endColumn)' must be numeric")
            }
            if let end { try EventStudy.validateSpells(start: start, end: end) }
        }
        self.table = table
        self.classification = classification
        self.readSummary = readSummary
        self.years = Set(years.filter(\.isFinite).map { Int($0) }).sorted()
    }

    /// This data with the event-time columns of the event-study model (`EventStudy`), built
    /// from `year`, `support_start_year` and `support_end_year`; without
    /// `support_start_year` the data are returned unchanged (the event-study model then says
    /// that it has no support spells).
    public func addingEventStudyColumns() throws(EvaluationError) -> EvaluationData {
        guard table.hasColumn(EventStudy.startColumn), !table.hasColumn(EventStudy.eventTimeColumn) else { return self }
        var table = table
        let years: [Double]?, start: [Double]?, end: [Double]?
        do {
            years = try table.column("year").numericValues
            start = try table.column(EventStudy.startColumn).numericValues
            end = table.hasColumn(EventStudy.endColumn) ? try table.column(EventStudy.endColumn).numericValues : nil
        } catch { throw .table(error.description) }
        guard let years, let start, start.count == table.rowCount, end.map({ $0.count == table.rowCount }) ?? true else {
            throw .table("columns 'year', '\(EventStudy.startColumn)' and '\(EventStudy.endColumn)' must be numeric")
        }
        let columns = try EventStudy.columns(
            year: years, start: start, end: end ?? [Double](repeating: .nan, count: table.rowCount))
        for column in columns {
            do { try table.setColumn(column) } catch { throw .table(error.description) }
        }
        return EvaluationData(table: table, classification: classification, readSummary: readSummary, years: self.years)
    }

    /// Reads, validates and prepares the three files in one call.
    public static func read(
        pupilsPath: String, schoolsPath: String, supportPath: String?,
        classification: SupportClassification = .nferDefault
    ) throws(EvaluationError) -> EvaluationData {
        let dataSet: NPDDataSet
        do {
            dataSet = try NPDDataSet.read(pupilsPath: pupilsPath, schoolsPath: schoolsPath, supportPath: supportPath)
        } catch { throw .read(error) }
        return try EvaluationData(dataSet: dataSet, classification: classification)
    }
}
