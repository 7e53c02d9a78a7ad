/// How a group's school-level changes are spread: how many schools gained at least 0, 5 and
/// 10 percentage points (the reports quoted the share gaining 10 points or more), how many
/// declined, and the median and range of the changes.
public struct ChangeDistribution: Sendable, Hashable, Codable {
    /// Schools gaining at least `threshold` points.
    public struct Band: Sendable, Hashable, Codable {
        public var threshold: Double
        public var schools: Int
        /// `schools` as a percentage of the schools with a change.
        public var percentage: Double?
    }

    /// Schools with a change.
    public var schools: Int
    /// One band per gain threshold, in the order given.
    public var gains: [Band]
    /// Schools whose percentage fell (change below 0).
    public var declined: Int
    public var median: Double?
    public var minimum: Double?
    public var maximum: Double?

    /// The distribution of `changes` (points) over `thresholds`.
    public init(changes: [Double], thresholds: [Double]) {
        let sorted = changes.filter(\.isFinite).sorted()
        schools = sorted.count
        gains = thresholds.map { threshold in
            let count = sorted.filter { $0 >= threshold }.count
            return Band(threshold: threshold, schools: count,
                        percentage: sorted.isEmpty ? nil : 100 * Double(count) / Double(sorted.count))
        }
        declined = sorted.filter { $0 < 0 }.count
        minimum = sorted.first
        maximum = sorted.last
        if sorted.isEmpty {
            median = nil
        } else if sorted.count % 2 == 1 {
            median = sorted[sorted.count / 2]
        } else {
            median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }
}
