/// A school in a support group with the date its support began.
///
/// Academic-year convention: results of the academic year in which support begins (the
/// summer after the start date) are the first results "after" support; the year before is the
/// last year "before" it. Support starting in October 2008 thus has 2007/08 as its last year
/// before and 2008/09 as its first year after.
public struct SupportedSchool: Sendable, Hashable, Codable {
    public var school: URN
    /// The first day of support, when known to the day.
    public var start: CalendarDate?
    /// The first academic year with support.
    public var startYear: AcademicYear

    public init(school: URN, start: CalendarDate) {
        self.school = school
        self.start = start
        self.startYear = start.academicYear
    }

    public init(school: URN, startYear: AcademicYear) {
        self.school = school
        self.start = nil
        self.startYear = startYear
    }

    /// The last academic year before support, nil at the start of the allowed range.
    public var lastYearBefore: AcademicYear? { startYear.previous }

    /// The schools with a support record of `category` under `classification` (by default
    /// NFER's `receiving`: a client school of a National or Local Leader of Education), each
    /// with its earliest start date, in URN order.
    public static func from(
        records: [SupportRecord], category: String = SupportCategory.receiving.rawValue,
        classification: SupportClassification = .nferDefault
    ) -> [SupportedSchool] {
        var earliest: [URN: CalendarDate] = [:]
        for record in records where classification.category(of: record) == category {
            if let current = earliest[record.school], current <= record.start { continue }
            earliest[record.school] = record.start
        }
        return earliest.keys.sorted().compactMap { urn in earliest[urn].map { SupportedSchool(school: urn, start: $0) } }
    }
}

/// A named set of supported schools analysed together, e.g. the client schools of NLEs
/// ("receiving support") or the NLEs' own National Support Schools ("providing support"),
/// whose continued improvement the reports also examined.
public struct SupportGroup: Sendable, Hashable, Codable {
    public var name: String
    public var schools: [SupportedSchool]

    public init(name: String, schools: [SupportedSchool]) {
        self.name = name
        self.schools = schools
    }

    /// The schools' URNs.
    public var urns: Set<URN> { Set(schools.map(\.school)) }

    /// The earliest first year of support in the group.
    public var earliestStartYear: AcademicYear? { schools.map(\.startYear).min() }
}
