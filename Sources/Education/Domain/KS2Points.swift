/// Key stage point scales used before 2016, when National Curriculum levels were reported
/// (DfE, *Key stage 2 point scores*; QCA fine grading).
///
/// Levels convert to points as 6 × level + 3: W (working towards level 1) 3, level 1 9,
/// level 2 15, level 3 21, level 4 27, level 5 33, level 6 39; one level is six points and
/// two points are a term's progress. KS1 sublevels: 2c 13, 2b 15, 2a 17. "Fine points" add a
/// fraction of a level from the test mark. The average point score (APS) averages a pupil's
/// subject points.
public enum KS2Points {
    /// Points for level 4, the expected level at the end of KS2.
    public static let level4 = 27.0
    /// Points per National Curriculum level.
    public static let perLevel = 6.0

    /// Allowed KS2 average point scores and subject fine points: W (3) to level 6 (39).
    public static let allowedKS2 = 3.0...39.0
    /// Allowed KS1 average point scores: W (3) to level 4 (27).
    public static let allowedKS1 = 3.0...27.0

    /// The points of a whole level 1...6 (W = level 0 gives 3).
    public static func points(level: Int) throws(DomainValueError) -> Double {
        guard (0...6).contains(level) else {
            throw .outOfRange(field: "level", value: String(level), allowed: "0...6")
        }
        return Double(level) * perLevel + 3
    }

    /// The level (possibly fractional) that a point score represents: (points − 3) / 6.
    public static func level(points: Double) -> Double { (points - 3) / perLevel }

    /// Checks a point score against `range`, naming `field` in the error.
    static func check(_ value: Double, _ range: ClosedRange<Double>, field: String) throws(DomainValueError) {
        guard range.contains(value) else {
            throw .outOfRange(
                field: field, value: DomainValueError.text(value),
                allowed: "\(DomainValueError.text(range.lowerBound))...\(DomainValueError.text(range.upperBound))")
        }
    }
}
