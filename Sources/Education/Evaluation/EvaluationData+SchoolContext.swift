import DataTable

extension EvaluationData {
    /// The same data with the school-context columns (`SchoolContext`) added to the analysis
    /// table, and what they hold.
    public func addingSchoolContext() throws(EvaluationError) -> (data: EvaluationData, summary: SchoolContext.Summary) {
        let (columns, summary) = try SchoolContext.columns(of: table)
        var table = self.table
        for column in columns {
            do { try table.setColumn(column) } catch { throw .table(error.description) }
        }
        return (EvaluationData(table: table, classification: classification, readSummary: readSummary, years: years), summary)
    }

    /// Wraps a table that already has every derived column.
    init(table: DataTable, classification: SupportClassification, readSummary: NPDReadSummary?, years: [Int]) {
        self.table = table
        self.classification = classification
        self.readSummary = readSummary
        self.years = years
    }
}
