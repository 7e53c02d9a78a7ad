/// The costs recorded in the support file's `cost` column, in real terms: summed by kind and
/// role, by supported school, per pupil and per day, with the spread of cost and days across
/// the supported schools.
///
/// A cost is in the prices of its *price year*, the calendar year the support starts in, and
/// is moved to the price base by `factor(priceYear)` (for a `PriceDeflator`, index[base] /
/// index[year]; the identity for cash prices). A record's cost is attributed to its client
/// school (``DeploymentSummary``): a `receiving` record's school, a `providing` record's
/// partner; a record with no known client counts in the totals and the categories but not per
/// school.
///
/// Records without a cost are counted (`recordsWithoutCost`), not excluded. A record is
/// excluded, and listed with its support-file row, for a positive cost with no days of support
/// (missing or zero: neither its cost per day nor its size can be checked) and for a price
/// year the deflator does not cover. A negative cost never gets here: the support file reader
/// rejects it (`SupportRecord`).
public struct RecordedCosts: Sendable, Hashable, Codable {
    /// Costs of one kind and role.
    public struct Category: Sendable, Hashable, Codable {
        public var kind: SupportKind
        public var role: SupportRole
        public var records: Int
        public var realCost: Double
        public var days: Double
        /// `realCost / days`; nil with no days.
        public var perDay: Double?
    }

    /// Costs attributed to one supported school.
    public struct SchoolCost: Sendable, Hashable, Codable {
        public var school: URN
        public var records: Int
        public var realCost: Double
        public var days: Double
        /// The school's pupil records in the pupil file; nil without one.
        public var pupils: Int?
        public var perPupil: Double?
        public var perDay: Double?
    }

    /// Describes the prices: "2010 prices (deflator: ...)" or "cash prices (not deflated)".
    public var priceBasis: String
    /// The price base year; nil for cash prices.
    public var priceBaseYear: Int?
    /// Support records read.
    public var records: Int
    /// Records whose cost is in the analysis.
    public var costed: Int
    public var recordsWithoutCost: Int
    /// Excluded records, each naming its support-file row.
    public var exclusions: [RowRejection]
    /// Costed records with no known client school.
    public var unattributed: Int
    public var totalRealCost: Double
    public var totalDays: Double
    /// `totalRealCost / totalDays`; nil with no days.
    public var perDay: Double?
    /// The real cost attributed to supported schools over their pupils; nil without a pupil
    /// file or with no pupils.
    public var perPupil: Double?
    /// In `SupportKind` then `SupportRole` order, omitting empty categories.
    public var byCategory: [Category]
    /// In URN order.
    public var bySchool: [SchoolCost]
    /// Spread of the real cost per supported school.
    public var costPerSchool: Spread
    /// Spread of the days per supported school.
    public var daysPerSchool: Spread
    /// Spread of the real cost per day across the costed records.
    public var costPerDay: Spread

    /// The mean real cost per supported school; nil when no cost is attributed to a school.
    public var meanPerSupportedSchool: Double? { costPerSchool.mean }

    /// The analysis of `records` (accepted support records, with `rows` their 1-based rows in
    /// `file`), in the prices `priceBasis` describes: `factor(year)` moves a cost from `year`
    /// prices to the price base, nil when the year is not covered.
    public init(records: [SupportRecord], rows: [Int], file: String, priceBasis: String, priceBaseYear: Int?,
                pupilsPerSchool: [URN: Int]? = nil, factor: (Int) -> Double?) {
        self.priceBasis = priceBasis
        self.priceBaseYear = priceBaseYear
        self.records = records.count
        var exclusions: [RowRejection] = []
        var withoutCost = 0, unattributed = 0
        var categories: [String: Category] = [:]
        var schools: [URN: SchoolCost] = [:]
        var total = 0.0, totalDays = 0.0
        var perDayValues: [Double] = []
        var costed = 0
        for (index, record) in records.enumerated() {
            let row = index < rows.count ? rows[index] : index + 1
            guard let cash = record.cost else { withoutCost += 1; continue }
            let days = record.days ?? 0
            if cash > 0, days <= 0 {
                exclusions.append(RowRejection(file: file, row: row, problems: [FieldProblem(
                    column: "days", value: record.days.map { DomainValueError.text($0) } ?? "", kind: .invalidValue,
                    reason: "a cost of £\(DomainValueError.text(cash)) with no days of support: excluded from the recorded costs")]))
                continue
            }
            guard let multiplier = factor(record.start.year), multiplier.isFinite, multiplier > 0 else {
                exclusions.append(RowRejection(file: file, row: row, problems: [FieldProblem(
                    column: "start_date", value: record.start.description, kind: .outOfRange,
                    reason: "the deflator has no index for the price year \(record.start.year): excluded from the recorded costs")]))
                continue
            }
            let real = cash * multiplier
            costed += 1
            total += real
            totalDays += days
            if days > 0 { perDayValues.append(real / days) }
            let key = record.kind.rawValue + "/" + record.role.rawValue
            var category = categories[key] ?? Category(kind: record.kind, role: record.role, records: 0, realCost: 0, days: 0)
            category.records += 1
            category.realCost += real
            category.days += days
            categories[key] = category
            let client = record.role == .receiving ? record.school : record.partner
            guard let client else { unattributed += 1; continue }
            var school = schools[client] ?? SchoolCost(school: client, records: 0, realCost: 0, days: 0)
            school.records += 1
            school.realCost += real
            school.days += days
            schools[client] = school
        }
        self.costed = costed
        recordsWithoutCost = withoutCost
        self.exclusions = exclusions
        self.unattributed = unattributed
        totalRealCost = total
        self.totalDays = totalDays
        perDay = totalDays > 0 ? total / totalDays : nil
        var order: [String] = []
        for kind in SupportKind.allCases { for role in SupportRole.allCases { order.append(kind.rawValue + "/" + role.rawValue) } }
        byCategory = order.compactMap { key in
            categories[key].map { category in
                var c = category
                c.perDay = c.days > 0 ? c.realCost / c.days : nil
                return c
            }
        }
        bySchool = schools.keys.sorted().compactMap { urn in
            schools[urn].map { school in
                var s = school
                s.perDay = s.days > 0 ? s.realCost / s.days : nil
                if let counts = pupilsPerSchool {
                    let pupils = counts[urn] ?? 0
                    s.pupils = pupils
                    s.perPupil = pupils > 0 ? s.realCost / Double(pupils) : nil
                }
                return s
            }
        }
        let pupils = pupilsPerSchool.map { counts in schools.keys.reduce(0) { $0 + (counts[$1] ?? 0) } }
        let attributed = bySchool.reduce(0) { $0 + $1.realCost }
        perPupil = pupils.flatMap { $0 > 0 ? attributed / Double($0) : nil }
        costPerSchool = Spread(bySchool.map(\.realCost))
        daysPerSchool = Spread(bySchool.map(\.days))
        costPerDay = Spread(perDayValues)
    }
}
