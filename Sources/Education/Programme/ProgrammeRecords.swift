import DataTable

/// The programme records read for `schoolsupport programme`: the school file, the support
/// file, optionally the pupil file (for the pupils each school has) and an Ofsted inspections
/// file, each with its read summary. Rows with problems are rejected and listed, never
/// dropped silently; a file that cannot be used at all is an `NPDReadError`.
public struct ProgrammeRecords: Sendable {
    public var schools: [School]
    public var supportRecords: [SupportRecord]
    /// The 1-based support-file row of each accepted support record.
    public var supportRows: [Int]
    /// The support file, as named in messages.
    public var supportFile: String
    /// Pupil records per school (all years and key stages); nil without a pupil file.
    public var pupilsPerSchool: [URN: Int]?
    /// Accepted inspections; empty without an Ofsted file.
    public var inspections: [OfstedInspection]
    /// URNs of inspections whose school is not in the school file.
    public var unknownOfstedSchools: [URN]
    /// Whether an Ofsted file was read.
    public var hasOfsted: Bool
    /// School, support, then (if read) pupil and Ofsted file summaries.
    public var summaries: [FileReadSummary]

    public init(schools: [School], supportRecords: [SupportRecord], supportRows: [Int]? = nil, supportFile: String = "support.csv",
                pupilsPerSchool: [URN: Int]? = nil, inspections: [OfstedInspection]? = nil,
                unknownOfstedSchools: [URN] = [], summaries: [FileReadSummary] = []) {
        self.schools = schools
        self.supportRecords = supportRecords
        self.supportRows = supportRows ?? supportRecords.indices.map { $0 + 1 }
        self.supportFile = supportFile
        self.pupilsPerSchool = pupilsPerSchool
        self.inspections = inspections ?? []
        self.hasOfsted = inspections != nil
        self.unknownOfstedSchools = unknownOfstedSchools
        self.summaries = summaries
    }

    /// Reads the files; `asOf` is the analysis date inspections may not be after.
    public static func read(
        schoolsPath: String, supportPath: String, pupilsPath: String? = nil, ofstedPath: String? = nil,
        asOf: CalendarDate
    ) throws(NPDReadError) -> ProgrammeRecords {
        func table(_ path: String) throws(NPDReadError) -> DataTable {
            do { return try DataTable.readCSV(path: path) } catch { throw .table(error) }
        }
        let schoolTable = try table(schoolsPath)
        let schoolResult = try SchoolFileReader.read(schoolTable)
        var byURN: [URN: School] = [:]
        for school in schoolResult.schools { byURN[school.urn] = school }
        var summaries = [schoolResult.summary]
        summaries[0].notes += schoolTable.inferenceWarnings.map(\.description)

        // A support file with only a header means no support records, as for the evaluation.
        var supportTable: DataTable?
        var emptySource: String?
        do { supportTable = try DataTable.readCSV(path: supportPath) } catch {
            guard case let .noDataRows(source) = error else { throw .table(error) }
            emptySource = source
        }
        var support: (records: [SupportRecord], rows: [Int], summary: FileReadSummary)
        if let supportTable {
            support = try SupportFileReader.read(supportTable, schools: byURN, rejectedSchools: schoolResult.rejectedURNs)
            support.summary.notes += supportTable.inferenceWarnings.map(\.description)
        } else {
            let source = emptySource ?? supportPath
            support = ([], [], FileReadSummary(file: source, rows: 0, accepted: 0, rejections: [], ignoredColumns: []))
            support.summary.notes = ["\(source): the support file has a header line but no data rows: no support records"]
        }
        summaries.append(support.summary)

        var pupilsPerSchool: [URN: Int]?
        if let pupilsPath {
            let pupilTable = try table(pupilsPath)
            let pupils = try PupilFileReader.read(pupilTable, schools: byURN, rejectedSchools: schoolResult.rejectedURNs)
            var counts: [URN: Int] = [:]
            for pupil in pupils.pupils { counts[pupil.school, default: 0] += 1 }
            pupilsPerSchool = counts
            var summary = pupils.summary
            summary.notes += pupilTable.inferenceWarnings.map(\.description)
            summaries.append(summary)
        }
        var inspections: [OfstedInspection]?
        var unknown: [URN] = []
        if let ofstedPath {
            let contents = try OfstedFileReader.read(
                path: ofstedPath, schools: byURN, rejectedSchools: schoolResult.rejectedURNs, asOf: asOf)
            inspections = contents.inspections
            unknown = contents.unknownSchools
            summaries.append(contents.summary)
        }
        return ProgrammeRecords(
            schools: schoolResult.schools, supportRecords: support.records, supportRows: support.rows,
            supportFile: support.summary.file, pupilsPerSchool: pupilsPerSchool, inspections: inspections,
            unknownOfstedSchools: unknown, summaries: summaries)
    }
}
