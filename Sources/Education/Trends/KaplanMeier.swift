/// The Kaplan–Meier product-limit estimate of a survival function from durations, some of
/// them censored (Kaplan, E. L. & Meier, P. 1958, "Nonparametric estimation from incomplete
/// observations", *Journal of the American Statistical Association* 53, 457–481).
///
/// At each distinct time t with d events among n still at risk, S(t) = S(t⁻) · (1 − d/n).
/// A censored duration counts as at risk up to and including its own time (events at a time
/// are taken to precede censorings at the same time). The median is the smallest time at
/// which S falls to 0.5 or below; it is not reached when too many durations are censored.
public struct KaplanMeier: Sendable, Hashable, Codable {
    /// The estimate just after one event time.
    public struct Step: Sendable, Hashable, Codable {
        public var time: Double
        public var atRisk: Int
        public var events: Int
        public var survival: Double
    }

    /// One step per distinct event time, in order.
    public let steps: [Step]

    /// The estimate from `durations` and whether each ended in the event (`false`: censored).
    /// Non-finite durations are ignored.
    public init(durations: [Double], events: [Bool]) {
        let pairs = zip(durations, events).filter { $0.0.isFinite }.sorted { $0.0 < $1.0 }
        var atRisk = pairs.count
        var survival = 1.0
        var steps: [Step] = []
        var index = 0
        while index < pairs.count {
            let time = pairs[index].0
            var deaths = 0, removed = 0
            while index < pairs.count, pairs[index].0 == time {
                if pairs[index].1 { deaths += 1 }
                removed += 1
                index += 1
            }
            if deaths > 0 {
                survival *= 1 - Double(deaths) / Double(atRisk)
                steps.append(Step(time: time, atRisk: atRisk, events: deaths, survival: survival))
            }
            atRisk -= removed
        }
        self.steps = steps
    }

    /// The median duration; nil when the estimate never falls to 0.5.
    public var median: Double? {
        steps.first { $0.survival <= 0.5 + 1e-12 }?.time
    }
}
