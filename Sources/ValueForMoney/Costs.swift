import Foundation

/// The kinds of cost a school-to-school support programme incurs.
public enum CostKind: String, CaseIterable, Sendable, Codable {
    /// NLE, LLE or SLE days × day rate.
    case leaderDays = "leader-days"
    /// Bursaries (e.g. the National College NLE bursary).
    case bursary
    /// Backfill of the supporting school's leadership time (days × day rate).
    case backfill
    /// Teaching School course places × fee.
    case coursePlaces = "course-places"
    /// Grants to local projects (Families of Schools, Primary Challenge Groups, mergers).
    case grant
    /// Central brokerage and programme management.
    case brokerage
    /// Anything else.
    case other

    public var title: String {
        switch self {
        case .leaderDays: return "System-leader days"
        case .bursary: return "Bursaries"
        case .backfill: return "Backfill"
        case .coursePlaces: return "Course places"
        case .grant: return "Grants"
        case .brokerage: return "Brokerage and management"
        case .other: return "Other"
        }
    }
}

/// The system-leader designations whose days are costed.
public enum LeaderRole: String, CaseIterable, Sendable, Codable {
    case nle, lle, sle
}

/// Reference cost figures from the City Challenge evaluation's seed reports (NFER, Rudd et al.
/// 2011, and the programme documents it quotes). They are examples for building a cost model,
/// not defaults applied silently: every cost line is supplied by the user.
public enum ReferenceCosts {
    /// Specialist Leader of Education: £280 a day plus £20 administration.
    public static let sleDayRate = 300.0
    /// One local authority paid £2,000 for 6 NLE days (≈ £333 a day).
    public static let nleDayRate = 2_000.0 / 6.0
    /// National College NLE bursary: £5,000–£15,000 a year by school size and deployment.
    public static let nleBursaryRange = 5_000.0...15_000.0
    /// Support packages: £4,000 (consultancy visits) to £400,000 (long-term executive headship).
    public static let supportPackageRange = 4_000.0...400_000.0
    /// Grant per school: £3,000 (Families of Schools action plan; Primary Leadership Programme).
    public static let localProjectGrant = 3_000.0
    public static let source = "City Challenge evaluation reports (NFER, Rudd et al. 2011)"
}

/// One line of a cost model: `quantity × unitCost × schools`, spent `year` years after the
/// start of the appraisal, in the prices of `priceYear` (nil: already in price-base prices).
public struct CostItem: Sendable, Equatable, Codable {
    public var kind: CostKind
    public var label: String
    /// Days, places, or 1 for a lump sum.
    public var quantity: Double
    /// Day rate, fee per place, or the lump sum (£).
    public var unitCost: Double
    /// Number of schools the line applies to (1 for a central cost).
    public var schools: Double
    /// Years after the start of the appraisal (0 = first year), for discounting.
    public var year: Int
    /// Calendar year whose prices `unitCost` is in; nil when it is already in the price base.
    public var priceYear: Int?

    public init(kind: CostKind, label: String? = nil, quantity: Double = 1, unitCost: Double,
                schools: Double = 1, year: Int = 0, priceYear: Int? = nil) {
        self.kind = kind
        self.label = label ?? kind.title
        self.quantity = quantity
        self.unitCost = unitCost
        self.schools = schools
        self.year = year
        self.priceYear = priceYear
    }

    /// `days` of an NLE/LLE/SLE at `dayRate` in each of `schools` schools.
    public static func leaderDays(_ role: LeaderRole, days: Double, dayRate: Double, schools: Double = 1,
                                  year: Int = 0, priceYear: Int? = nil) -> CostItem {
        CostItem(kind: .leaderDays, label: "\(role.rawValue.uppercased()) days", quantity: days,
                 unitCost: dayRate, schools: schools, year: year, priceYear: priceYear)
    }

    /// A bursary of `amount` for each of `schools` schools.
    public static func bursary(_ amount: Double, schools: Double = 1, year: Int = 0, priceYear: Int? = nil) -> CostItem {
        CostItem(kind: .bursary, unitCost: amount, schools: schools, year: year, priceYear: priceYear)
    }

    /// Backfill of `days` of the supporting school's leadership time at `dayRate`.
    public static func backfill(days: Double, dayRate: Double, schools: Double = 1, year: Int = 0,
                                priceYear: Int? = nil) -> CostItem {
        CostItem(kind: .backfill, quantity: days, unitCost: dayRate, schools: schools, year: year, priceYear: priceYear)
    }

    /// `places` Teaching School course places at `fee` each.
    public static func coursePlaces(_ places: Double, fee: Double, year: Int = 0, priceYear: Int? = nil) -> CostItem {
        CostItem(kind: .coursePlaces, quantity: places, unitCost: fee, year: year, priceYear: priceYear)
    }

    /// A grant of `amount` to each of `schools` local projects or schools.
    public static func grant(_ amount: Double, schools: Double = 1, year: Int = 0, priceYear: Int? = nil) -> CostItem {
        CostItem(kind: .grant, unitCost: amount, schools: schools, year: year, priceYear: priceYear)
    }

    /// Central brokerage and management costing `amount`.
    public static func brokerage(_ amount: Double, year: Int = 0, priceYear: Int? = nil) -> CostItem {
        CostItem(kind: .brokerage, unitCost: amount, year: year, priceYear: priceYear)
    }

    /// Cash cost of the line, in the prices of `priceYear`.
    public var cashTotal: Double { quantity * unitCost * schools }

    func validate(index: Int) throws {
        let name = "costs[\(index)] (\(label))"
        _ = try Check.nonNegative(quantity, "\(name).quantity")
        _ = try Check.nonNegative(unitCost, "\(name).unitCost")
        _ = try Check.nonNegative(schools, "\(name).schools")
        guard year >= 0 else { throw ValueForMoneyError.negative(parameter: "\(name).year", value: Double(year)) }
        _ = try Check.finite(cashTotal, "\(name) total")
    }
}

/// A group of pupils whose outcome is affected: `pupils` pupils measured `year` years after the
/// start of the appraisal (0 = the first year's cohort).
public struct PupilCohort: Sendable, Equatable, Codable {
    public var pupils: Double
    public var year: Int

    public init(pupils: Double, year: Int = 0) {
        self.pupils = pupils
        self.year = year
    }
}

/// The costs of a programme and the pupils it reaches.
///
/// Present value of costs: `C = (1 + optimism bias) · Σᵢ realᵢ · D(yearᵢ)`, where `realᵢ` is the
/// line's cash cost converted to price-base prices with the deflator and D the discount factor.
/// Cost per pupil = C / Σ pupils (pupils counted once per cohort, not discounted).
public struct CostModel: Sendable, Equatable, Codable {
    public var items: [CostItem]
    public var cohorts: [PupilCohort]
    /// Calendar year whose prices the appraisal is in (real terms); nil when no item needs deflating.
    public var priceBaseYear: Int?
    /// Price index (e.g. HM Treasury GDP deflators) used to move cash prices to the price base.
    public var deflator: PriceDeflator?
    /// Number of schools supported, for cost per school; nil when not reported.
    public var supportedSchools: Double?

    public init(items: [CostItem], cohorts: [PupilCohort], priceBaseYear: Int? = nil,
                deflator: PriceDeflator? = nil, supportedSchools: Double? = nil) {
        self.items = items
        self.cohorts = cohorts
        self.priceBaseYear = priceBaseYear
        self.deflator = deflator
        self.supportedSchools = supportedSchools
    }

    /// One lump sum `totalCost` in year 0 and `pupils` pupils in the year-0 cohort.
    public static func simple(totalCost: Double, pupils: Double) -> CostModel {
        CostModel(items: [CostItem(kind: .other, label: "Total cost", unitCost: totalCost)],
                  cohorts: [PupilCohort(pupils: pupils)])
    }

    /// Total pupils reached (sum over cohorts).
    public var totalPupils: Double { cohorts.reduce(0) { $0 + $1.pupils } }

    public func validate() throws {
        guard !items.isEmpty else {
            throw ValueForMoneyError.missing(parameter: "costs", reason: "at least one cost line is needed")
        }
        for (i, item) in items.enumerated() { try item.validate(index: i) }
        guard !cohorts.isEmpty else {
            throw ValueForMoneyError.missing(parameter: "cohorts", reason: "at least one cohort of pupils is needed")
        }
        for (i, c) in cohorts.enumerated() {
            _ = try Check.positive(c.pupils, "cohorts[\(i)].pupils")
            guard c.year >= 0 else { throw ValueForMoneyError.negative(parameter: "cohorts[\(i)].year", value: Double(c.year)) }
        }
        if let supportedSchools { _ = try Check.positive(supportedSchools, "supportedSchools") }
        try deflator?.validate()
    }

    /// The line's cost in price-base prices.
    public func realCost(of item: CostItem) throws -> Double {
        guard let year = item.priceYear, year != priceBaseYear else { return item.cashTotal }
        guard let base = priceBaseYear else {
            throw ValueForMoneyError.missing(parameter: "priceBaseYear",
                                             reason: "cost line '\(item.label)' is priced in \(year)")
        }
        guard let deflator else {
            throw ValueForMoneyError.missing(parameter: "deflator",
                                             reason: "cost line '\(item.label)' is priced in \(year), the price base is \(base)")
        }
        return try item.cashTotal * deflator.factor(from: year, to: base)
    }

    /// Present value of all costs under `discount`, uplifted by `optimismBias`.
    public func presentValue(discount: DiscountSchedule, optimismBias: Double = 0) throws -> Double {
        try validate()
        var total = 0.0
        for item in items { total += try realCost(of: item) * discount.factor(year: item.year) }
        return total * (1 + optimismBias)
    }

    /// Real (undiscounted, price-base) cost by kind, in `CostKind` order, omitting empty kinds.
    public func realCostByKind() throws -> [(kind: CostKind, cost: Double)] {
        var sums: [CostKind: Double] = [:]
        for item in items { sums[item.kind, default: 0] += try realCost(of: item) }
        return CostKind.allCases.compactMap { k in sums[k].map { (k, $0) } }
    }

    /// Real (undiscounted, price-base) cost by year of spending, in year order.
    public func realCostByYear() throws -> [(year: Int, cost: Double)] {
        var sums: [Int: Double] = [:]
        for item in items { sums[item.year, default: 0] += try realCost(of: item) }
        return sums.keys.sorted().map { ($0, sums[$0] ?? 0) }
    }
}
