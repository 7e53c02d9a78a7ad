/// An Ofsted category a school can be placed in after an inspection judges it inadequate:
/// special measures, or a notice to improve (Ofsted, *School inspection handbook*; the notice
/// to improve was used from 2005 to 2012). The reports on National Leaders of Education noted
/// how long client schools took to leave a category. Raw values are the file codes.
public enum OfstedCategory: String, Sendable, CaseIterable, Codable, Hashable {
    case specialMeasures = "special_measures"
    case noticeToImprove = "notice_to_improve"

    public var label: String {
        switch self {
        case .specialMeasures: "special measures"
        case .noticeToImprove: "notice to improve"
        }
    }
}

/// A school's spell in an Ofsted category, from the inspection that placed it there to the
/// inspection that removed it (`left`), or still open (`left == nil`).
///
/// Durations are whole calendar months: from 15 November 2005 to 15 December 2007 is 25
/// months; from July 2006 to January 2008, 18 months. An open episode is censored at the
/// analysis date: its duration is at least the months so far.
public struct OfstedEpisode: Sendable, Hashable, Codable {
    public var school: URN
    public var category: OfstedCategory
    public private(set) var entered: CalendarDate
    public private(set) var left: CalendarDate?

    /// An episode; `DomainValueError.invalid` when it ends before it starts.
    public init(school: URN, category: OfstedCategory, entered: CalendarDate, left: CalendarDate? = nil) throws(DomainValueError) {
        if let left, left < entered {
            throw .invalid(field: "left", value: left.description, reason: "the school leaves the category before entering it (\(entered))")
        }
        self.school = school
        self.category = category
        self.entered = entered
        self.left = left
    }

    /// Whole calendar months from `start` to `end`: the difference in months, less one when
    /// `end`'s day of the month comes before `start`'s. Zero or more when `end` is not before
    /// `start`.
    public static func wholeMonths(from start: CalendarDate, to end: CalendarDate) -> Int {
        var months = (end.year - start.year) * 12 + (end.month - start.month)
        if end.day < start.day { months -= 1 }
        return months
    }

    /// The episode's duration in whole months: to `left`, or for an open episode to `asOf`
    /// (never below zero).
    public func months(asOf: CalendarDate) -> Int {
        max(0, Self.wholeMonths(from: entered, to: left ?? asOf))
    }

    /// Whether the school has not (yet) left the category.
    public var isOpen: Bool { left == nil }
}
