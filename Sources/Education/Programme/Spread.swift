/// The spread of a list of values: count, mean, sample standard deviation (n − 1 divisor),
/// minimum, median (the mean of the middle two for an even count) and maximum. Every
/// statistic but the count is nil for an empty list; the standard deviation needs two values.
public struct Spread: Sendable, Hashable, Codable {
    public var count: Int
    public var mean: Double?
    public var standardDeviation: Double?
    public var minimum: Double?
    public var median: Double?
    public var maximum: Double?

    /// The spread of the finite values of `values`.
    public init(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        count = sorted.count
        guard let first = sorted.first, let last = sorted.last else { return }
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        self.mean = mean
        minimum = first
        maximum = last
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        if sorted.count > 1 {
            let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardDeviation = (squares / Double(sorted.count - 1)).squareRoot()
        }
    }
}
