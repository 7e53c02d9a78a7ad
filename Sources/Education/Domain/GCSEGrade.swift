/// A GCSE grade on the letter scale (A* to G, U unclassified) with its QCA point score as used
/// in DfE performance tables before 2014: A* 58, A 52, B 46, C 40, D 34, E 28, F 22, G 16,
/// U 0 — one grade is six points (DfE, *GCSE and equivalent results*).
///
/// The raw values are the grades as written (`A*`, `A`, ..., `U`).
public enum GCSEGrade: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case aStar = "A*"
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case e = "E"
    case f = "F"
    case g = "G"
    case u = "U"

    /// QCA points: 58 for A*, six fewer for each grade down to 16 for G, and 0 for U.
    public var qcaPoints: Double {
        switch self {
        case .aStar: 58
        case .a: 52
        case .b: 46
        case .c: 40
        case .d: 34
        case .e: 28
        case .f: 22
        case .g: 16
        case .u: 0
        }
    }

    /// A*, A, B or C: a "good pass" in the 5A*–C measure.
    public var isAStarToC: Bool { qcaPoints >= 40 }

    /// Grades order by points (U < G < ... < A*).
    public static func < (lhs: GCSEGrade, rhs: GCSEGrade) -> Bool { lhs.qcaPoints < rhs.qcaPoints }
}
