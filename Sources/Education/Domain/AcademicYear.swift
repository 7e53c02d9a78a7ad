/// An English school academic year, 1 September to 31 August, identified by the calendar year
/// of its summer term: `AcademicYear(endingIn: 2010)` is 2009/10, the year whose summer
/// KS2 tests and GCSE examinations NFER's City Challenge evaluation analysed (Rudd et al. 2011).
/// Data files write it as that four-digit year (`2010`).
public struct AcademicYear: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The summers accepted.
    public static let allowedEndYears = 1981...2099

    /// The calendar year in which the academic year ends (its summer).
    public let endYear: Int

    /// The academic year ending in the summer of `endYear`; `DomainValueError.outOfRange`
    /// outside `allowedEndYears`.
    public init(endingIn endYear: Int) throws(DomainValueError) {
        guard Self.allowedEndYears.contains(endYear) else {
            throw .outOfRange(field: "year", value: String(endYear), allowed: "1981...2099")
        }
        self.endYear = endYear
    }

    /// For dates already validated (their years lie within the allowed range).
    init(uncheckedEndYear endYear: Int) {
        self.endYear = endYear
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        self = try AcademicYear(endingIn: value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(endYear)
    }

    /// The calendar year in which it starts (its autumn).
    public var startYear: Int { endYear - 1 }

    /// 1 September of `startYear`.
    public var firstDay: CalendarDate { CalendarDate(uncheckedYear: startYear, month: 9, day: 1) }

    /// 31 August of `endYear`.
    public var lastDay: CalendarDate { CalendarDate(uncheckedYear: endYear, month: 8, day: 31) }

    /// Number of days in the year (365 or 366).
    public var dayCount: Int { lastDay.dayNumber - firstDay.dayNumber + 1 }

    /// The previous academic year, or nil at the start of the allowed range.
    public var previous: AcademicYear? {
        Self.allowedEndYears.contains(endYear - 1) ? AcademicYear(uncheckedEndYear: endYear - 1) : nil
    }
    /// The next academic year, or nil at the end of the allowed range.
    public var next: AcademicYear? {
        Self.allowedEndYears.contains(endYear + 1) ? AcademicYear(uncheckedEndYear: endYear + 1) : nil
    }

    /// Whether KS2 is reported as scaled scores (80–120, expected standard 100): from summer
    /// 2016, when the new national curriculum tests replaced levels (DfE, Standards and Testing
    /// Agency).
    public var usesKS2ScaledScores: Bool { endYear >= 2016 }

    /// Whether KS4 headline measures are Attainment 8 and Progress 8 (from summer 2016) rather
    /// than the capped point score and 5A*–C including English and mathematics (DfE,
    /// *Secondary accountability measures*).
    public var usesAttainment8: Bool { endYear >= 2016 }

    /// The share of possible sessions missed at which DfE counts a pupil as persistently
    /// absent: 10% from 2015/16, 15% in earlier years (DfE, *Pupil absence in schools in
    /// England*).
    public var persistentAbsenceThreshold: Double { Double(persistentAbsencePercent) / 100 }

    /// `persistentAbsenceThreshold` in whole percent (10 or 15), for exact comparisons.
    public var persistentAbsencePercent: Int { endYear >= 2016 ? 10 : 15 }

    public static func < (lhs: AcademicYear, rhs: AcademicYear) -> Bool { lhs.endYear < rhs.endYear }

    /// "2009/10".
    public var description: String {
        let short = endYear % 100
        return "\(startYear)/\(short < 10 ? "0" : "")\(short)"
    }
}
