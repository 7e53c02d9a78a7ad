/// How long a group of schools took to leave an Ofsted category: the median and range of the
/// completed episodes in whole months, and the Kaplan–Meier median, which keeps the schools
/// still in the category as censored at the analysis date rather than dropping them (dropping
/// them would make the typical time look shorter than it is).
public struct OfstedEpisodeSummary: Sendable, Hashable, Codable {
    /// The category summarised; nil for all categories together.
    public var category: OfstedCategory?
    /// The date open episodes are censored at.
    public var asOf: CalendarDate
    public var episodes: Int
    /// Episodes that ended (the school left the category).
    public var left: Int
    /// Open episodes (censored).
    public var censored: Int
    /// Median months of the completed episodes only.
    public var completedMedian: Double?
    /// Shortest and longest completed episode, months.
    public var completedMinimum: Int?
    public var completedMaximum: Int?
    /// Longest open episode so far, months.
    public var longestOpen: Int?
    /// Kaplan–Meier median months, with open episodes censored; nil when not reached.
    public var kaplanMeierMedian: Double?
    /// The Kaplan–Meier steps.
    public var kaplanMeier: KaplanMeier

    /// Summarises the `episodes` of `category` (nil: all), censoring open ones at `asOf`.
    public init(episodes all: [OfstedEpisode], category: OfstedCategory?, asOf: CalendarDate) {
        let chosen = all.filter { category == nil || $0.category == category }
        self.category = category
        self.asOf = asOf
        episodes = chosen.count
        let completed = chosen.filter { !$0.isOpen }.map { $0.months(asOf: asOf) }.sorted()
        let open = chosen.filter(\.isOpen).map { $0.months(asOf: asOf) }
        left = completed.count
        censored = open.count
        completedMinimum = completed.first
        completedMaximum = completed.last
        longestOpen = open.max()
        if completed.isEmpty {
            completedMedian = nil
        } else if completed.count % 2 == 1 {
            completedMedian = Double(completed[completed.count / 2])
        } else {
            completedMedian = Double(completed[completed.count / 2 - 1] + completed[completed.count / 2]) / 2
        }
        kaplanMeier = KaplanMeier(
            durations: chosen.map { Double($0.months(asOf: asOf)) }, events: chosen.map { !$0.isOpen })
        kaplanMeierMedian = kaplanMeier.median
    }

    /// The label of the category, or "any category".
    public var label: String { category?.label ?? "any category" }
}
