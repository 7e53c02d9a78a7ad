/// A five-point Likert category, 1 (strongly disagree) to 5 (strongly agree). The raw values
/// are the codes written in the survey file and the results.
public enum LikertCategory: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case stronglyDisagree = "strongly_disagree"
    case disagree
    case neither = "neither_agree_nor_disagree"
    case agree
    case stronglyAgree = "strongly_agree"

    /// 1 for strongly disagree ... 5 for strongly agree.
    public var score: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

    /// Agree or strongly agree.
    public var isAgreeing: Bool { self == .agree || self == .stronglyAgree }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.score < rhs.score }
}

/// One answer to one questionnaire item: a Likert category, "don't know", or no answer (an
/// empty or `NA` cell). "Don't know" and no answer are not substantive: they are counted but
/// are not in the percentage agreeing.
public enum SurveyResponse: Sendable, Hashable {
    case likert(LikertCategory)
    case dontKnow
    case notAnswered

    /// The codes accepted, for messages.
    public static let acceptedCodes = "strongly_disagree, disagree, neither_agree_nor_disagree (or neither), agree, "
        + "strongly_agree, 1-5, dont_know, or empty/NA for no answer"

    /// Parses a cell as written: the category names (case, spaces, hyphens and apostrophes
    /// ignored: `Strongly agree`, `don't know`), `neither`, the scores `1`...`5`, `dont_know`
    /// (or `dk`), and `NA` or an empty cell for no answer. Nil for anything else.
    public init?(parsing text: String) {
        var key = ""
        for character in text.lowercased() {
            switch character {
            case " ", "-", "\t": key.append("_")
            case "'", "\u{2019}": continue
            default: key.append(character)
            }
        }
        while key.hasPrefix("_") { key.removeFirst() }
        while key.hasSuffix("_") { key.removeLast() }
        switch key {
        case "", "na": self = .notAnswered
        case "dont_know", "dk": self = .dontKnow
        case "neither": self = .likert(.neither)
        case "1", "2", "3", "4", "5":
            guard let score = Int(key) else { return nil }
            self = .likert(LikertCategory.allCases[score - 1])
        default:
            guard let category = LikertCategory(rawValue: key) else { return nil }
            self = .likert(category)
        }
    }
}
