import Testing
@testable import Education

/// Builders for the trends tests.
enum TrendsFixtures {
    static func urn(_ value: Int) throws -> URN { try URN(value) }
    static func year(_ value: Int) throws -> AcademicYear { try AcademicYear(endingIn: value) }
    static func date(_ text: String) throws -> CalendarDate { try CalendarDate(iso: text) }

    /// A result from a percentage and cohort.
    static func result(_ school: Int, _ year: Int, percentage: Double, cohort: Int = 100) throws -> SchoolYearResult {
        try SchoolYearResult(school: URN(school), year: AcademicYear(endingIn: year), cohort: cohort, percentage: percentage)
    }

    /// A small deterministic generator (a 64-bit linear congruential generator, Knuth's MMIX
    /// constants) so that generated data do not depend on the platform.
    struct Generator {
        var state: UInt64
        mutating func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }
}
