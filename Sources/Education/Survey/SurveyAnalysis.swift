/// The answers to one item from one group of respondents: the count in each Likert category,
/// the non-substantive answers, and the percentage agreeing (agree + strongly agree, of those
/// giving a substantive answer) with its Wilson score interval (`PercentageInterval`).
public struct SurveyItemSummary: Sendable, Hashable, Codable {
    public let item: String
    /// The respondents' role, or nil for all roles together.
    public let role: String?
    /// Counts in Likert order, strongly disagree first; always five entries.
    public let counts: [Int]
    public let dontKnow: Int
    /// Empty or `NA` responses.
    public let notAnswered: Int
    /// Respondents choosing a Likert category (the percentage's denominator).
    public let substantive: Int
    /// Agree + strongly agree.
    public let agreeing: Int
    /// 100 × agreeing / substantive; nil when nobody gave a substantive answer.
    public let percentAgreeing: Double?
    /// The Wilson interval for `percentAgreeing`, in percent; nil when it is nil.
    public let interval: PercentageInterval?

    /// The count of `category` (0 if `counts` was decoded short).
    public func count(_ category: LikertCategory) -> Int {
        counts.indices.contains(category.score - 1) ? counts[category.score - 1] : 0
    }
}

/// Summaries of a survey, item by item and role by role. Documented in Docs/survey.md.
public struct SurveyResults: Sendable, Hashable, Codable {
    /// For each item (in order of first appearance): one summary per role (in order of first
    /// appearance), then one for all roles together.
    public let items: [SurveyItemSummary]
    /// Respondents (with at least one accepted row) by role, in order of first appearance.
    public let respondentsByRole: [RoleCount]
    /// The interval's confidence level.
    public let level: Double

    public struct RoleCount: Sendable, Hashable, Codable {
        public let role: String
        public let respondents: Int
    }
}

public enum SurveyAnalysis {
    /// Summarises `records` at confidence `level` (0.95 by default; a level outside (0, 1)
    /// gives no intervals).
    public static func summarise(_ records: [SurveyRecord], level: Double = 0.95) -> SurveyResults {
        var items: [String] = [], roles: [String] = []
        var seenItems = Set<String>(), seenRoles = Set<String>()
        var respondents: [String: Set<String>] = [:]
        for record in records {
            if seenItems.insert(record.item).inserted { items.append(record.item) }
            if seenRoles.insert(record.role).inserted { roles.append(record.role) }
            respondents[record.role, default: []].insert(record.respondent)
        }
        let byItem = Dictionary(grouping: records, by: \.item)
        var summaries: [SurveyItemSummary] = []
        for item in items {
            let answers = byItem[item] ?? []
            let byRole = Dictionary(grouping: answers, by: \.role)
            for role in roles {
                guard let group = byRole[role] else { continue }
                summaries.append(summary(item: item, role: role, group, level: level))
            }
            summaries.append(summary(item: item, role: nil, answers, level: level))
        }
        return SurveyResults(
            items: summaries,
            respondentsByRole: roles.map { SurveyResults.RoleCount(role: $0, respondents: respondents[$0]?.count ?? 0) },
            level: level)
    }

    static func summary(item: String, role: String?, _ records: [SurveyRecord], level: Double) -> SurveyItemSummary {
        var counts = [Int](repeating: 0, count: LikertCategory.allCases.count)
        var dontKnow = 0, notAnswered = 0
        for record in records {
            switch record.response {
            case let .likert(category): counts[category.score - 1] += 1
            case .dontKnow: dontKnow += 1
            case .notAnswered: notAnswered += 1
            }
        }
        let substantive = counts.reduce(0, +)
        let agreeing = counts[LikertCategory.agree.score - 1] + counts[LikertCategory.stronglyAgree.score - 1]
        return SurveyItemSummary(
            item: item, role: role, counts: counts, dontKnow: dontKnow, notAnswered: notAnswered,
            substantive: substantive, agreeing: agreeing,
            percentAgreeing: substantive > 0 ? 100 * Double(agreeing) / Double(substantive) : nil,
            interval: PercentageInterval.wilson(successes: Double(agreeing), trials: Double(substantive), level: level))
    }
}
