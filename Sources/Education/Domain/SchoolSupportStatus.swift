/// A school's support in one academic year, derived from its support records under a
/// `SupportClassification`: the categories it belongs to, its primary category, whether it
/// provided or received support, whether any support crossed an LA boundary, and the days of
/// support (the dose, for dose-response models).
///
/// Only records that are active in the year (some day of the spell falls between 1 September
/// and 31 August) and classified (they match a rule) count; the others are kept in
/// `unclassifiedRecords` or ignored.
public struct SchoolSupportStatus: Sendable, Equatable {
    public let year: AcademicYear
    /// Active, classified records, in input order.
    public let activeRecords: [SupportRecord]
    /// Active records that match no rule of the classification.
    public let unclassifiedRecords: [SupportRecord]
    /// The categories of the active records, in the classification's order.
    public let categories: [String]
    /// The first of `categories`, or the classification's none label.
    public let primaryCategory: String
    /// Whether any active record has the providing role.
    public let isProviding: Bool
    /// Whether any active record has the receiving role.
    public let isReceiving: Bool
    /// True when any active record crossed an LA boundary; false when none did (including a
    /// school without support); nil when some did not and the rest are unknown.
    public let crossLA: Bool?
    /// Days of support in the year over the active records (see
    /// `SupportRecord.daysOfSupport(in:)`): 0 without support, nil when any record's days
    /// are unknown.
    public let supportDays: Double?
    /// Days of support provided in the year; nil when unknown.
    public let daysProviding: Double?
    /// Days of support received in the year; nil when unknown.
    public let daysReceiving: Double?

    /// Derives the status of `school` in `year` from `records` (records of other schools are
    /// ignored).
    public init(
        school: School, records: some Sequence<SupportRecord>, year: AcademicYear,
        classification: SupportClassification = .nferDefault
    ) {
        self.year = year
        var active: [SupportRecord] = []
        var unclassified: [SupportRecord] = []
        var found = Set<String>()
        for record in records where record.school == school.urn && record.isActive(in: year) {
            if let category = classification.category(of: record) {
                active.append(record)
                found.insert(category)
            } else {
                unclassified.append(record)
            }
        }
        activeRecords = active
        unclassifiedRecords = unclassified
        categories = classification.categories.filter { found.contains($0) }
        primaryCategory = categories.first ?? classification.noneLabel
        isProviding = active.contains { $0.role == .providing }
        isReceiving = active.contains { $0.role == .receiving }

        let crossFlags = active.map { $0.isCrossLA(schoolLA: school.la) }
        if crossFlags.contains(true) {
            crossLA = true
        } else if crossFlags.contains(nil) {
            crossLA = nil
        } else {
            crossLA = false
        }

        func total(_ subset: [SupportRecord]) -> Double? {
            var sum = 0.0
            for record in subset {
                guard let days = record.daysOfSupport(in: year) else { return nil }
                sum += days
            }
            return sum
        }
        supportDays = total(active)
        daysProviding = total(active.filter { $0.role == .providing })
        daysReceiving = total(active.filter { $0.role == .receiving })
    }

    /// Whether the school belongs to `category` in the year.
    public func isIn(_ category: String) -> Bool { categories.contains(category) }
}
