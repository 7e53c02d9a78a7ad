/// A day in the Gregorian calendar, without time or time zone, as support records give the
/// start and end of support. Written and read as ISO 8601 `YYYY-MM-DD`.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Years accepted: wide enough for any school record, narrow enough to catch typing errors.
    public static let allowedYears = 1980...2099

    public let year: Int
    public let month: Int
    public let day: Int

    /// A date; `DomainValueError.invalid` unless it exists in the calendar and its year lies
    /// in `allowedYears`.
    public init(year: Int, month: Int, day: Int) throws(DomainValueError) {
        let text = Self.format(year, month, day)
        guard Self.allowedYears.contains(year) else {
            throw .outOfRange(field: "date", value: text, allowed: "years 1980...2099")
        }
        guard (1...12).contains(month), day >= 1, day <= Self.daysInMonth(month, of: year) else {
            throw .invalid(field: "date", value: text, reason: "no such day in the calendar")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// For dates known to exist (1 September, 31 August of a validated year).
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO 8601 `YYYY-MM-DD` (exactly that form: four-digit year, two-digit month and day).
    public init(iso text: String) throws(DomainValueError) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            throw .invalid(field: "date", value: text, reason: "not a date in the form YYYY-MM-DD")
        }
        try self.init(year: year, month: month, day: day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try CalendarDate(iso: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Days since 1 January 1970 (negative before), for counting the days between dates.
    public var dayNumber: Int {
        // Howard Hinnant's days-from-civil algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1 January 1970, or nil outside `allowedYears`.
    public init?(dayNumber: Int) {
        // Howard Hinnant's civil-from-days algorithm.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard Self.allowedYears.contains(year) else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    /// The academic year (1 September to 31 August) that contains this date.
    public var academicYear: AcademicYear {
        AcademicYear(uncheckedEndYear: month >= 9 ? year + 1 : year)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String { Self.format(year, month, day) }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
