import Foundation

/// The design as JSON (the `design` object of a design file, Docs/design-file.md). Decoding is
/// strict: a key the design does not have, a value of the wrong type, a name that is not one of
/// the choices or an impossible value throws a `DecodingError` whose coding path ends at the
/// key. Keys left out keep the default (`EvaluationDesign()`); `null` means "none" for
/// `attendanceWindow` and `schoolEffectsOutcome` and "every outcome" for `areaOutcomes`.
/// Encoding writes every key, sets in a fixed order, so that the written design records it all.
extension EvaluationDesign {
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case classification, outcomes, controls, levels, areas, areaOutcomes, minimumSchools
        case crossLA, dose, prePost, fsmInteraction, hypothesisOutcomes, absenceKeyStage, attendanceWindow
        case quadraturePoints, generalisedREML, absenceOverdispersion, confidenceLevel, schoolEffectsOutcome, eventStudy
        case schoolContext
        case primaryEffects, movers
        case matching
    }

    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        if c.contains(.classification) { classification = try c.decode(ClassificationFile.self, forKey: .classification).classification }
        if c.contains(.outcomes) { outcomes = try StrictDecoding.choices(EvaluationOutcome.self, from: c, forKey: .outcomes) }
        if let value = try c.decodeIfPresent([String].self, forKey: .controls) { controls = value }
        if c.contains(.levels) { levels = try StrictDecoding.choice(EvaluationLevels.self, from: c, forKey: .levels) }
        if c.contains(.areas) { areas = try StrictDecoding.choices(Area.self, from: c, forKey: .areas) }
        if c.contains(.areaOutcomes) {
            areaOutcomes = try c.decodeNil(forKey: .areaOutcomes) ? nil
                : Set(try StrictDecoding.choices(EvaluationOutcome.self, from: c, forKey: .areaOutcomes))
        }
        if let value = try StrictDecoding.wholeNumber(from: c, forKey: .minimumSchools) { minimumSchools = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .crossLA) { crossLA = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .dose) { dose = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .prePost) { prePost = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .fsmInteraction) { fsmInteraction = value }
        if c.contains(.hypothesisOutcomes) {
            hypothesisOutcomes = Set(try StrictDecoding.choices(EvaluationOutcome.self, from: c, forKey: .hypothesisOutcomes))
        }
        if let stage = try StrictDecoding.wholeNumber(from: c, forKey: .absenceKeyStage) {
            guard let value = KeyStage(rawValue: stage) else {
                throw DecodingError.dataCorruptedError(forKey: .absenceKeyStage, in: c,
                                                       debugDescription: "\(stage) is not a key stage; choose 2 or 4")
            }
            absenceKeyStage = value
        }
        if c.contains(.attendanceWindow) {
            attendanceWindow = try c.decodeNil(forKey: .attendanceWindow) ? nil : try c.decode(Double.self, forKey: .attendanceWindow)
        }
        if let value = try StrictDecoding.wholeNumber(from: c, forKey: .quadraturePoints) { quadraturePoints = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .generalisedREML) { generalisedREML = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .absenceOverdispersion) { absenceOverdispersion = value }
        if let value = try c.decodeIfPresent(Double.self, forKey: .confidenceLevel) { confidenceLevel = value }
        if c.contains(.schoolEffectsOutcome) {
            schoolEffectsOutcome = try c.decodeNil(forKey: .schoolEffectsOutcome) ? nil
                : try StrictDecoding.choice(EvaluationOutcome.self, from: c, forKey: .schoolEffectsOutcome)
        }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .eventStudy) { eventStudy = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .schoolContext) { schoolContext = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .primaryEffects) { primaryEffects = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .movers) { movers = value }
        if c.contains(.matching) {
            matching = try c.decodeNil(forKey: .matching) ? nil : try c.decode(MatchingOptionsFile.self, forKey: .matching).options
        }
        if let problem = firstProblem(), let key = CodingKeys(rawValue: problem.key) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: problem.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ClassificationFile(classification), forKey: .classification)
        try c.encode(outcomes, forKey: .outcomes)
        try c.encode(controls, forKey: .controls)
        try c.encode(levels, forKey: .levels)
        try c.encode(areas, forKey: .areas)
        if let areaOutcomes {
            try c.encode(EvaluationOutcome.allCases.filter(areaOutcomes.contains), forKey: .areaOutcomes)
        } else {
            try c.encodeNil(forKey: .areaOutcomes)
        }
        try c.encode(minimumSchools, forKey: .minimumSchools)
        try c.encode(crossLA, forKey: .crossLA)
        try c.encode(dose, forKey: .dose)
        try c.encode(prePost, forKey: .prePost)
        try c.encode(fsmInteraction, forKey: .fsmInteraction)
        try c.encode(EvaluationOutcome.allCases.filter(hypothesisOutcomes.contains), forKey: .hypothesisOutcomes)
        try c.encode(absenceKeyStage.rawValue, forKey: .absenceKeyStage)
        if let attendanceWindow { try c.encode(attendanceWindow, forKey: .attendanceWindow) } else { try c.encodeNil(forKey: .attendanceWindow) }
        try c.encode(quadraturePoints, forKey: .quadraturePoints)
        try c.encode(generalisedREML, forKey: .generalisedREML)
        try c.encode(absenceOverdispersion, forKey: .absenceOverdispersion)
        try c.encode(confidenceLevel, forKey: .confidenceLevel)
        if let schoolEffectsOutcome { try c.encode(schoolEffectsOutcome, forKey: .schoolEffectsOutcome) } else { try c.encodeNil(forKey: .schoolEffectsOutcome) }
        try c.encode(eventStudy, forKey: .eventStudy)
        try c.encode(schoolContext, forKey: .schoolContext)
        try c.encode(primaryEffects, forKey: .primaryEffects)
        try c.encode(movers, forKey: .movers)
        if let matching { try c.encode(MatchingOptionsFile(matching), forKey: .matching) } else { try c.encodeNil(forKey: .matching) }
    }
}

/// The support classification as written in a design file:
/// `{"noneLabel": "none", "rules": [{"category": "receiving", "kinds": ["nle", "lle"], "roles": ["receiving"]}]}`.
struct ClassificationFile: Codable {
    var classification: SupportClassification

    init(_ classification: SupportClassification) { self.classification = classification }

    enum CodingKeys: String, CodingKey, CaseIterable { case noneLabel, rules }

    struct RuleFile: Codable {
        var rule: SupportClassification.Rule
        enum CodingKeys: String, CodingKey, CaseIterable { case category, kinds, roles }

        init(_ rule: SupportClassification.Rule) { self.rule = rule }

        init(from decoder: any Decoder) throws {
            try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            rule = SupportClassification.Rule(
                category: try c.decode(String.self, forKey: .category),
                kinds: Set(try StrictDecoding.choices(SupportKind.self, from: c, forKey: .kinds)),
                roles: Set(try StrictDecoding.choices(SupportRole.self, from: c, forKey: .roles)))
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule.category, forKey: .category)
            try c.encode(SupportKind.allCases.filter(rule.kinds.contains), forKey: .kinds)
            try c.encode(SupportRole.allCases.filter(rule.roles.contains), forKey: .roles)
        }
    }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let noneLabel = try c.decodeIfPresent(String.self, forKey: .noneLabel) ?? SupportCategory.none.rawValue
        let rules = try c.decode([RuleFile].self, forKey: .rules).map(\.rule)
        do {
            classification = try SupportClassification(rules: rules, noneLabel: noneLabel)
        } catch {
            let key: CodingKeys = if case .invalid(field: "noneLabel", _, _) = error { .noneLabel } else { .rules }
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: error.description)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(classification.noneLabel, forKey: .noneLabel)
        try c.encode(classification.rules.map(RuleFile.init), forKey: .rules)
    }
}

/// Helpers for JSON files that must say exactly what they mean: unknown keys and names that
/// are not among the choices are errors whose coding path ends at the key.
public enum StrictDecoding {
    /// A coding key for any string or index.
    public struct AnyKey: CodingKey {
        public var stringValue: String
        public var intValue: Int?
        public init(stringValue: String) { self.stringValue = stringValue }
        public init(intValue: Int) {
            self.stringValue = "\(intValue)"
            self.intValue = intValue
        }
    }

    /// Throws when the object being decoded has a key that `allowed` does not list.
    public static func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(in decoder: any Decoder, allowed: Keys.Type) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = Keys.allCases.map(\.stringValue)
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [AnyKey(stringValue: first)],
                debugDescription: "unknown key; the keys are \(known.joined(separator: ", "))"))
        }
    }

    /// A whole number, if the key is there. Read as a number first, so that 1.5 is refused
    /// with the key's name (Foundation's decoder reports it without a coding path).
    public static func wholeNumber<K: CodingKey>(from container: KeyedDecodingContainer<K>, forKey key: K) throws -> Int? {
        let number: Double?
        do { number = try container.decodeIfPresent(Double.self, forKey: key) } catch let DecodingError.typeMismatch(_, context) {
            throw DecodingError.typeMismatch(Int.self, context)
        }
        guard let value = number else { return nil }
        guard value.rounded() == value, abs(value) < 1e15 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "wrong type: expected a whole number, not \(value)")
        }
        return Int(value)
    }

    /// A string that must be the raw value of one of `T`'s cases.
    public static func choice<T: RawRepresentable & CaseIterable, K: CodingKey>(
        _ type: T.Type, from container: KeyedDecodingContainer<K>, forKey key: K
    ) throws -> T where T.RawValue == String {
        let name = try container.decode(String.self, forKey: key)
        guard let value = T(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: notAChoice(name, T.self))
        }
        return value
    }

    /// A list of distinct choices.
    public static func choices<T: RawRepresentable & CaseIterable & Equatable, K: CodingKey>(
        _ type: T.Type, from container: KeyedDecodingContainer<K>, forKey key: K
    ) throws -> [T] where T.RawValue == String {
        let names = try container.decode([String].self, forKey: key)
        var values: [T] = []
        for (i, name) in names.enumerated() {
            let path = container.codingPath + [key, AnyKey(intValue: i)]
            guard let value = T(rawValue: name) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: notAChoice(name, T.self)))
            }
            guard !values.contains(value) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "'\(name)' is listed twice"))
            }
            values.append(value)
        }
        return values
    }

    static func notAChoice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> String where T.RawValue == String {
        "'\(name)' is not one of " + T.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
