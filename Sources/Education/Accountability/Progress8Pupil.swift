/// One KS4 pupil as the Progress 8 measure sees them: school, year, Attainment 8 and KS2
/// prior-attainment group, either of which may be missing (the pupil is then excluded from
/// the measure and counted).
public struct Progress8Pupil: Sendable, Hashable, Codable {
    public var pupil: String
    public var school: URN
    public var year: AcademicYear
    public var attainment8: Attainment8?
    public var group: PriorAttainmentGroup?
    /// The pupil's 1-based data row in its file, for exclusion messages; nil when not read
    /// from a file.
    public var row: Int?

    public init(
        pupil: String, school: URN, year: AcademicYear, attainment8: Attainment8?, group: PriorAttainmentGroup?,
        row: Int? = nil
    ) {
        self.pupil = pupil
        self.school = school
        self.year = year
        self.attainment8 = attainment8
        self.group = group
        self.row = row
    }
}

extension Progress8Pupil {
    /// The Progress 8 view of a KS4 pupil record: Attainment 8 from `ks4`, the group supplied
    /// on the record (`ks2PriorGroup`) or banded from its KS2 result. Nil for a KS2 record.
    public init?(
        _ record: PupilRecord, row: Int? = nil,
        finePoints: PriorAttainmentBanding = .finePoints, scaledScores: PriorAttainmentBanding = .scaledScores
    ) {
        guard record.keyStage == .ks4 else { return nil }
        // KS4Result has checked the score against 0...90, so the conversion cannot fail.
        let a8 = record.ks4?.attainment8.flatMap { try? Attainment8(total: $0) }
        self.init(
            pupil: record.pupil, school: record.school, year: record.year, attainment8: a8,
            group: PriorAttainmentGroup.of(ks2: record.ks2, supplied: record.ks2PriorGroup,
                                           finePoints: finePoints, scaledScores: scaledScores),
            row: row)
    }
}
