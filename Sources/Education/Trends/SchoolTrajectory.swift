/// A supported school's trajectory: its percentages year by year, the least-squares slope (in
/// points a year) over the years before support and over the years from the first year of
/// support, and a classification of the change in slope.
///
/// The reports asked whether schools improved faster once support began, and whether the
/// supporting schools kept improving. A slope needs at least two years with a non-zero cohort
/// on its side of the start.
public struct SchoolTrajectory: Sendable, Hashable, Codable {
    /// How the slope changed. Raw values are the codes in JSON and CSV.
    public enum Classification: String, Sendable, Hashable, Codable, CaseIterable {
        /// Slope after support more than the tolerance above the slope before.
        case faster
        /// Within the tolerance.
        case similar
        /// More than the tolerance below.
        case slower
        /// Fewer than two years on one side.
        case insufficientData = "insufficient_data"
    }

    /// One year's figure.
    public struct Point: Sendable, Hashable, Codable {
        public var year: AcademicYear
        public var percentage: Double
        public var cohort: Int
        public var interval: PercentageInterval?
    }

    public var school: URN
    public var startYear: AcademicYear
    /// Years with a non-zero cohort, in order.
    public var points: [Point]
    /// Slope over the years before `startYear`, points a year.
    public var slopeBefore: Double?
    /// Slope over `startYear` and later, points a year.
    public var slopeAfter: Double?
    public var classification: Classification

    /// The trajectory of `school` from `results` (any order), support starting in `startYear`.
    public init(school: URN, startYear: AcademicYear, results: [SchoolYearResult], tolerance: Double, level: Double) {
        self.school = school
        self.startYear = startYear
        points = results.sorted { $0.year < $1.year }.compactMap { result in
            result.percentage.map { Point(year: result.year, percentage: $0, cohort: result.cohort, interval: result.interval(level: level)) }
        }
        slopeBefore = Self.slope(points.filter { $0.year < startYear })
        slopeAfter = Self.slope(points.filter { $0.year >= startYear })
        if let before = slopeBefore, let after = slopeAfter {
            classification = after - before > tolerance ? .faster : before - after > tolerance ? .slower : .similar
        } else {
            classification = .insufficientData
        }
    }

    /// The least-squares slope of percentage on year; nil with fewer than two distinct years.
    static func slope(_ points: [Point]) -> Double? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + Double($1.year.endYear) } / n
        let meanY = points.reduce(0) { $0 + $1.percentage } / n
        var sxy = 0.0, sxx = 0.0
        for point in points {
            let dx = Double(point.year.endYear) - meanX
            sxy += dx * (point.percentage - meanY)
            sxx += dx * dx
        }
        return sxx > 0 ? sxy / sxx : nil
    }
}
