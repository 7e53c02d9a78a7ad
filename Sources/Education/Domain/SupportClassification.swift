/// A configurable rule for sorting support records into categories, the step by which NFER's
/// City Challenge evaluation (Rudd et al. 2011) turned records of participation into "three
/// types of Leadership Strategy support" for its multilevel models. The report does not name
/// the types, so the classification is a parameter; `nferDefault` is the natural reading.
///
/// Rules are tried in order and a record takes the category of the first rule it matches; a
/// record that matches no rule is unclassified and does not count as support. A school's
/// primary category in a year is the first category (in `categories` order) among its active
/// records, or `noneLabel` (see `SchoolSupportStatus`).
///
/// Category labels become factor levels of the analysis table's `support` column and the names
/// of its indicator columns (`support_<label>`), so they must be lower-case identifiers.
public struct SupportClassification: Sendable, Equatable, Codable {
    /// One rule: records of any of `kinds` in any of `roles` belong to `category`.
    public struct Rule: Sendable, Equatable, Codable {
        public var category: String
        public var kinds: Set<SupportKind>
        public var roles: Set<SupportRole>

        public init(category: String, kinds: Set<SupportKind>, roles: Set<SupportRole>) {
            self.category = category
            self.kinds = kinds
            self.roles = roles
        }

        public func matches(_ record: SupportRecord) -> Bool {
            kinds.contains(record.kind) && roles.contains(record.role)
        }
    }

    public private(set) var rules: [Rule]
    /// The label of schools with no classified support (default `none`).
    public private(set) var noneLabel: String

    /// A classification; `DomainValueError.invalid` when a label is not a lower-case identifier
    /// (letters a–z, digits and `_`, starting with a letter), a category is the none label, or
    /// a rule has no kinds or no roles.
    public init(rules: [Rule], noneLabel: String = SupportCategory.none.rawValue) throws(DomainValueError) {
        guard Self.isIdentifier(noneLabel) else {
            throw .invalid(field: "noneLabel", value: noneLabel, reason: "labels must be lower-case identifiers")
        }
        for rule in rules {
            guard Self.isIdentifier(rule.category) else {
                throw .invalid(field: "category", value: rule.category, reason: "labels must be lower-case identifiers")
            }
            guard rule.category != noneLabel else {
                throw .invalid(field: "category", value: rule.category, reason: "a category cannot use the none label")
            }
            guard !rule.kinds.isEmpty, !rule.roles.isEmpty else {
                throw .invalid(field: "category", value: rule.category, reason: "a rule needs at least one kind and one role")
            }
        }
        self.rules = rules
        self.noneLabel = noneLabel
    }

    /// The categories, in the order of their first rule.
    public var categories: [String] {
        var seen = Set<String>()
        return rules.map(\.category).filter { seen.insert($0).inserted }
    }

    /// The category of `record`, or nil when no rule matches it.
    public func category(of record: SupportRecord) -> String? {
        rules.first { $0.matches(record) }?.category
    }

    /// The default classification, after NFER's three types of Leadership Strategy support
    /// (Rudd et al. 2011), in priority order:
    ///
    /// 1. `receiving`: receiving support from a National or Local Leader of Education;
    /// 2. `providing`: providing support as an NLE's or LLE's school (a National Support School)
    ///    or as a Teaching School;
    /// 3. `ts_programme`: staff took Teaching School programmes.
    ///
    /// Local projects are unclassified; add a rule to count them.
    public static let nferDefault = SupportClassification(unchecked: [
        Rule(category: SupportCategory.receiving.rawValue, kinds: [.nle, .lle], roles: [.receiving]),
        Rule(category: SupportCategory.providing.rawValue, kinds: [.nle, .lle, .teachingSchool], roles: [.providing]),
        Rule(category: SupportCategory.tsProgramme.rawValue, kinds: [.teachingSchool], roles: [.receiving]),
    ])

    private init(unchecked rules: [Rule]) {
        self.rules = rules
        self.noneLabel = SupportCategory.none.rawValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            rules: try container.decode([Rule].self, forKey: .rules),
            noneLabel: try container.decode(String.self, forKey: .noneLabel))
    }

    private static func isIdentifier(_ label: String) -> Bool {
        guard let first = label.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
            return false
        }
        return label.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}
