// Pupil-level outcomes of the threshold measures that the pupil file does not carry, for
// callers holding grades or subject levels (DfE, *GCSE and equivalent results*; *National
// curriculum assessments at key stage 2*).

extension KS2Points {
    /// Whether fine `points` are at `level` or above: points ≥ 6 × level + 3 (27 for level 4,
    /// 33 for level 5). Levels outside 0...6 are never reached.
    public static func reaches(level: Int, points: Double) -> Bool {
        guard let threshold = try? Self.points(level: level) else { return false }
        return points >= threshold
    }
}

extension KS4Result {
    /// Whether a set of GCSE grades meets the 5A*–C measure in any subjects (without the
    /// English and mathematics condition): at least five A*–C grades.
    public static func meetsFiveAStarToC(grades: [GCSEGrade]) -> Bool {
        grades.filter(\.isAStarToC).count >= 5
    }
}
