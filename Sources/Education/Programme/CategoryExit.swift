/// How long the schools of one group that were in an Ofsted category (special measures or a
/// notice to improve) when support started took to leave it, in whole calendar months from
/// the reference date (``ProgrammeSchools``: the first support start) to the first later
/// inspection that left the school in no category. Schools that have not left by the analysis
/// date are censored there, not dropped, and the Kaplan–Meier estimate (``KaplanMeier``)
/// keeps them at risk up to their censoring time.
///
/// A school is in a category at its reference date when its last inspection on or before that
/// date placed it in one. A later inspection that grades it inadequate without stating the
/// category is not taken as leaving.
public struct CategoryExit: Sendable, Hashable, Codable {
    /// One school's time to leave.
    public struct School: Sendable, Hashable, Codable {
        public var school: URN
        /// The category at the reference date.
        public var category: OfstedCategory
        public var referenceDate: CalendarDate
        /// The inspection that left the school in no category; nil when censored.
        public var left: CalendarDate?
        /// Whole months to `left`, or to the analysis date when censored (never below zero).
        public var months: Int
        public var censored: Bool { left == nil }
    }

    public var group: ProgrammeGroup
    /// The censoring date.
    public var asOf: CalendarDate
    /// The schools in a category at their reference date, in school-file order.
    public var schools: [School]
    public var kaplanMeier: KaplanMeier

    public init(group: ProgrammeGroup, pairs: [InspectionPair], inspections: [URN: [OfstedInspection]], asOf: CalendarDate) {
        self.group = group
        self.asOf = asOf
        var schools: [School] = []
        for pair in pairs where pair.group == group {
            guard let before = pair.before, let category = before.category else { continue }
            let later = (inspections[pair.school] ?? []).filter { $0.date > pair.referenceDate && $0.date <= asOf }
                .sorted { $0.date < $1.date }
            let left = later.first { $0.isInCategory == false }?.date
            let months = max(0, OfstedEpisode.wholeMonths(from: pair.referenceDate, to: left ?? asOf))
            schools.append(School(school: pair.school, category: category, referenceDate: pair.referenceDate,
                                  left: left, months: months))
        }
        self.schools = schools
        kaplanMeier = KaplanMeier(durations: schools.map { Double($0.months) }, events: schools.map { !$0.censored })
    }

    /// Schools that left their category.
    public var leftCount: Int { schools.filter { !$0.censored }.count }
    /// Schools censored at the analysis date.
    public var censoredCount: Int { schools.filter(\.censored).count }
    /// The Kaplan–Meier median months; nil when not reached.
    public var medianMonths: Double? { kaplanMeier.median }
}
