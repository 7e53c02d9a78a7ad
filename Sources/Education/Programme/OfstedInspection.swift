/// One Ofsted inspection of a school: its date, the overall-effectiveness grade, the
/// leadership-and-management grade if given, and the category it placed the school in.
///
/// `category` is nil when the file says `none` or leaves the cell empty; `categoryStated`
/// tells the two apart. An inspection judged better than inadequate places no school in a
/// category, so an empty cell then means none; with an inadequate grade and an empty cell it
/// is unknown whether the school was placed in a category.
public struct OfstedInspection: Sendable, Hashable, Codable {
    public var school: URN
    public var date: CalendarDate
    public var overall: OfstedGrade
    public var leadership: OfstedGrade?
    /// Special measures or a notice to improve; nil for none (or not stated).
    public private(set) var category: OfstedCategory?
    /// Whether the file gave the category (`none` included).
    public private(set) var categoryStated: Bool

    /// An inspection; `DomainValueError.invalid` when a category is given with a grade better
    /// than inadequate (only an inadequate school is placed in a category).
    public init(school: URN, date: CalendarDate, overall: OfstedGrade, leadership: OfstedGrade? = nil,
                category: OfstedCategory? = nil, categoryStated: Bool = true) throws(DomainValueError) {
        if let category, overall != .inadequate {
            throw .invalid(field: "category", value: category.rawValue,
                           reason: "a school is placed in \(category.label) only with an inadequate (4) overall grade, not \(overall.rawValue)")
        }
        self.school = school
        self.date = date
        self.overall = overall
        self.leadership = leadership
        self.category = category
        self.categoryStated = categoryStated || category != nil
    }

    /// Whether the inspection leaves the school in a category: true with a category, false
    /// when none is stated or the grade is better than inadequate, nil when unknown (an
    /// inadequate grade with the category not stated).
    public var isInCategory: Bool? {
        if category != nil { return true }
        if categoryStated || overall != .inadequate { return false }
        return nil
    }
}
