/// Why a `NationalCohortSpecification` cannot be generated. Every invalid specification is
/// reported with one of these cases rather than a crash.
public enum CohortSpecificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A count (pupils, schools, local authorities) is zero or negative.
    case nonPositiveCount(name: String, value: Int)
    /// A count exceeds the generator's limit (kept so that memory stays bounded).
    case countTooLarge(name: String, value: Int, limit: Int)
    /// More schools than pupils: some school would have no pupils.
    case moreSchoolsThanPupils(schools: Int, pupils: Int)
    /// More local authorities than schools: some LA would have no school.
    case moreLocalAuthoritiesThanSchools(localAuthorities: Int, schools: Int)
    /// Fewer feeder primary schools than secondaries: some secondary would have no feeder.
    case fewerPrimariesThanSecondaries(primaries: Int, secondaries: Int)
    /// A parameter is NaN or infinite.
    case nonFiniteParameter(name: String)
    /// A standard deviation is negative.
    case negativeStandardDeviation(name: String, value: Double)
    /// A probability or rate lies outside its allowed range.
    case probabilityOutOfRange(name: String, value: Double)
    /// A correlation lies outside [−1, 1].
    case correlationOutOfRange(name: String, value: Double)
    /// The modal number of possible sessions lies outside its allowed range.
    case sessionsOutOfRange(value: Int, allowed: ClosedRange<Int>)
    /// The academic year lies outside the years whose KS4 measures the generator produces.
    case yearOutOfRange(value: Int, allowed: ClosedRange<Int>)

    public var description: String {
        switch self {
        case let .nonPositiveCount(name, value):
            "\(name) must be positive (got \(value))."
        case let .countTooLarge(name, value, limit):
            "\(name) must be at most \(limit) (got \(value))."
        case let .moreSchoolsThanPupils(schools, pupils):
            "There are more schools (\(schools)) than pupils (\(pupils)); every school needs at least one pupil."
        case let .moreLocalAuthoritiesThanSchools(las, schools):
            "There are more local authorities (\(las)) than schools (\(schools)); every LA needs at least one school."
        case let .fewerPrimariesThanSecondaries(primaries, secondaries):
            "There are fewer feeder primary schools (\(primaries)) than secondary schools (\(secondaries)); every secondary needs at least one feeder."
        case let .nonFiniteParameter(name):
            "Parameter \(name) must be a finite number."
        case let .negativeStandardDeviation(name, value):
            "Standard deviation \(name) must not be negative (got \(value))."
        case let .probabilityOutOfRange(name, value):
            "Rate \(name) must lie in [0, 1) (got \(value))."
        case let .correlationOutOfRange(name, value):
            "Correlation \(name) must lie in [-1, 1] (got \(value))."
        case let .sessionsOutOfRange(value, allowed):
            "Modal possible sessions must lie in \(allowed.lowerBound)...\(allowed.upperBound) (got \(value))."
        case let .yearOutOfRange(value, allowed):
            "The academic year must end in \(allowed.lowerBound)...\(allowed.upperBound), the years of the capped point score and 5A*-C measures (got \(value))."
        }
    }
}
