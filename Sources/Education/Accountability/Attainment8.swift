/// A pupil's Attainment 8 score (DfE, *Secondary accountability measures*, from 2016): the
/// points of up to eight qualifications in three groups of slots, English and mathematics
/// counted twice:
///
/// - English (double weighted): the higher of English language and English literature;
///   DfE double-weights it only when the pupil took both (`englishDoubleWeighted`);
/// - mathematics (double weighted);
/// - three EBacc slots: the best three of the sciences, computer science, history, geography
///   and languages;
/// - three open slots: the best three remaining qualifications, which may include the other
///   English qualification and further EBacc subjects.
///
/// Points are on the 9–1 scale (grade 9 scores 9, grade 1 scores 1, U 0; legacy letter grades
/// were mapped to fractional points in 2017, A* 8.5, so any value in 0...9 is allowed). An
/// empty slot scores 0, so the total is 2E + 2M + ΣEBacc + Σopen, at most 10 × 9 = 90.
///
/// Which qualification fills which slot is DfE's rule; this type takes the points already
/// assigned to the slots, or a total computed elsewhere (the NPD's `ATT8` field).
public struct Attainment8: Sendable, Hashable, Codable {
    /// The points of each slot, when known.
    public struct Slots: Sendable, Hashable, Codable {
        /// Highest points of a slot: grade 9.
        public static let maximumPoints = 9.0
        /// Slots in each of the EBacc and open groups.
        public static let groupSize = 3

        public let english: Double
        public let maths: Double
        /// One to three EBacc slot points (fewer are empty slots scoring 0).
        public let ebacc: [Double]
        /// One to three open slot points (fewer are empty slots scoring 0).
        public let open: [Double]
        /// Whether English counts twice (the pupil took both English language and literature).
        public let englishDoubleWeighted: Bool

        /// Slot points; `DomainValueError` when a point score lies outside 0...9 or a group
        /// holds more than three slots.
        public init(
            english: Double, maths: Double, ebacc: [Double], open: [Double], englishDoubleWeighted: Bool = true
        ) throws(DomainValueError) {
            try Self.check(english, field: "english")
            try Self.check(maths, field: "maths")
            for (group, points) in [("ebacc", ebacc), ("open", open)] {
                guard points.count <= Self.groupSize else {
                    throw .invalid(field: group, value: String(points.count),
                                   reason: "at most \(Self.groupSize) \(group) slots count in Attainment 8")
                }
                for value in points { try Self.check(value, field: group) }
            }
            self.english = english
            self.maths = maths
            self.ebacc = ebacc
            self.open = open
            self.englishDoubleWeighted = englishDoubleWeighted
        }

        /// 2E (or E when English is not double weighted) + 2M + ΣEBacc + Σopen.
        public var total: Double {
            (englishDoubleWeighted ? 2 : 1) * english + 2 * maths + ebacc.reduce(0, +) + open.reduce(0, +)
        }

        private static func check(_ value: Double, field: String) throws(DomainValueError) {
            guard value.isFinite, value >= 0, value <= maximumPoints else {
                throw .outOfRange(field: field, value: DomainValueError.text(value), allowed: "0...9")
            }
        }
    }

    /// The score, 0...90.
    public let total: Double
    /// The slot points it was computed from; nil when a total was given.
    public let slots: Slots?

    /// A score from slot points.
    public init(slots: Slots) {
        self.total = slots.total
        self.slots = slots
    }

    /// A score given as its total; `DomainValueError.outOfRange` outside 0...90.
    public init(total: Double) throws(DomainValueError) {
        guard total.isFinite, total >= 0, total <= KS4Result.maximumAttainment8 else {
            throw .outOfRange(field: "ks4_attainment8", value: DomainValueError.text(total), allowed: "0...90")
        }
        self.total = total
        self.slots = nil
    }
}
