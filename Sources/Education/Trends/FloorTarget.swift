/// A floor target: the percentage of a cohort meeting a threshold measure below which a
/// school was regarded as under-performing.
///
/// Defaults, as quoted in the reports on City Challenge and school-to-school support (NFER,
/// Rudd et al. 2011, and the National College's reports on National Leaders of Education):
/// - KS2: 65% of pupils at level 4 or above in English and in mathematics (the primary floor
///   target; about 1,500 primaries were below it in English in 2007);
/// - KS4: 30% of pupils achieving five or more A*–C grades including English and mathematics
///   (the National Challenge target, DCSF 2008; 638 secondaries were below it in 2007).
///
/// - KS2 from 2016: 65% of pupils at the expected standard in reading, writing and mathematics
///   (DfE, *Primary school accountability in 2016*).
///
/// The other measures had no floor of their own here: their default is the key stage's floor
/// (30% at KS4, 65% at KS2) so that the floor section is filled; give `--floor` to set one.
///
/// A school is below the floor when its percentage is strictly less than the target.
public struct FloorTarget: Sendable, Hashable, Codable {
    /// The target, in percent (0...100).
    public let percentage: Double

    /// A floor target; `DomainValueError.outOfRange` outside 0...100.
    public init(percentage: Double) throws(DomainValueError) {
        guard percentage.isFinite, percentage >= 0, percentage <= 100 else {
            throw .outOfRange(field: "floor", value: DomainValueError.text(percentage), allowed: "0...100")
        }
        self.percentage = percentage
    }

    private init(unchecked percentage: Double) {
        self.percentage = percentage
    }

    /// The default floor for `measure`: 30% for KS4 measures, 65% for KS2 measures (see the
    /// type's documentation for sources).
    public static func standard(for measure: ThresholdMeasure) -> FloorTarget {
        switch measure.keyStage {
        case .ks4: FloorTarget(unchecked: 30)
        case .ks2: FloorTarget(unchecked: 65)
        }
    }

    /// Whether `percentage` lies below the target.
    public func isBelow(_ percentage: Double) -> Bool { percentage < self.percentage }
}
