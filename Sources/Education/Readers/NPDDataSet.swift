import DataTable

/// The validated contents of an NPD-style pupil file, school file and (optional)
/// support-record file, with the summary of what was read and rejected.
///
/// Read it with `read(pupilsPath:schoolsPath:supportPath:)`; the file formats are documented in
/// Docs/data-format.md. Rows with invalid values, duplicates and pupils whose school is not
/// in the school file are never dropped silently: each is in `summary` with its row, column,
/// value and reason, and each file's accepted and rejected rows add up to its rows. Build the
/// modelling table with `analysisTable(classification:)`.
public struct NPDDataSet: Sendable {
    /// Accepted pupil records, in file order.
    public let pupils: [PupilRecord]
    /// Accepted schools, in file order.
    public let schools: [School]
    /// Accepted support records, in file order.
    public let supportRecords: [SupportRecord]
    /// What was read and rejected, file by file.
    public private(set) var summary: NPDReadSummary

    private let schoolIndex: [URN: Int]
    private let recordsBySchool: [URN: [SupportRecord]]

    init(pupils: [PupilRecord], schools: [School], supportRecords: [SupportRecord], summary: NPDReadSummary) {
        self.pupils = pupils
        self.schools = schools
        self.supportRecords = supportRecords
        self.summary = summary
        var index: [URN: Int] = [:]
        for (position, school) in schools.enumerated() { index[school.urn] = position }
        schoolIndex = index
        recordsBySchool = Dictionary(grouping: supportRecords, by: \.school)
    }

    /// Reads and validates the three files. Throws only when a file cannot be read as CSV or
    /// lacks a required column; row-level problems are reported in `summary`.
    public static func read(
        pupilsPath: String, schoolsPath: String, supportPath: String?
    ) throws(NPDReadError) -> NPDDataSet {
        func table(_ path: String) throws(NPDReadError) -> DataTable {
            do { return try DataTable.readCSV(path: path) } catch { throw .table(error) }
        }
        let pupils = try table(pupilsPath)
        let schools = try table(schoolsPath)
        guard let supportPath else { return try read(pupils: pupils, schools: schools, support: nil) }
        let support: DataTable
        do {
            support = try DataTable.readCSV(path: supportPath)
        } catch .noDataRows(let source) {
            // The support file is optional, so one with only a header means no support records.
            var dataSet = try read(pupils: pupils, schools: schools, support: nil)
            var summary = FileReadSummary(file: source, rows: 0, accepted: 0, rejections: [], ignoredColumns: [])
            summary.notes = ["\(source): the support file has a header line but no data rows: no support records"]
            dataSet.summary.support = summary
            return dataSet
        } catch {
            throw .table(error)
        }
        return try read(pupils: pupils, schools: schools, support: support)
    }

    /// Validates tables already parsed (their `source` names the file in messages).
    public static func read(
        pupils: DataTable, schools: DataTable, support: DataTable?
    ) throws(NPDReadError) -> NPDDataSet {
        let schoolResult = try SchoolFileReader.read(schools)
        var byURN: [URN: School] = [:]
        for school in schoolResult.schools { byURN[school.urn] = school }
        var records: [SupportRecord] = []
        var supportSummary: FileReadSummary?
        if let support {
            let result = try SupportFileReader.read(support, schools: byURN, rejectedSchools: schoolResult.rejectedURNs)
            records = result.records
            supportSummary = result.summary
            supportSummary?.notes += support.inferenceWarnings.map(\.description)
        }
        let pupilResult = try PupilFileReader.read(pupils, schools: byURN, rejectedSchools: schoolResult.rejectedURNs)
        var summary = NPDReadSummary(pupils: pupilResult.summary, schools: schoolResult.summary, support: supportSummary)
        summary.pupils.notes += pupils.inferenceWarnings.map(\.description)
        summary.schools.notes += schools.inferenceWarnings.map(\.description)
        return NPDDataSet(
            pupils: pupilResult.pupils, schools: schoolResult.schools, supportRecords: records, summary: summary)
    }

    /// The school with `urn`, if accepted.
    public func school(_ urn: URN) -> School? {
        schoolIndex[urn].map { schools[$0] }
    }

    /// The support records of the school with `urn`.
    public func supportRecords(of urn: URN) -> [SupportRecord] {
        recordsBySchool[urn] ?? []
    }

    /// The support status of `school` in `year` under `classification`.
    public func supportStatus(
        of school: School, in year: AcademicYear, classification: SupportClassification = .nferDefault
    ) -> SchoolSupportStatus {
        SchoolSupportStatus(school: school, records: supportRecords(of: school.urn), year: year, classification: classification)
    }
}
