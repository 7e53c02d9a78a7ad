import Foundation

/// A full break-even specification as read from a JSON file (snake_case keys), or built from
/// command-line flags. Every field is optional; `analysis()` applies the documented defaults and
/// reports a missing required field by name. Unknown keys are rejected, so a misspelt
/// assumption is never silently ignored.
///
/// ```json
/// { "outcome": "ks4-capped", "effect": 0.5, "standard_error": 0.2,
///   "costs": [ { "kind": "leader-days", "label": "NLE days", "quantity": 40, "unit_cost": 333,
///                "schools": 10, "year": 0, "price_year": 2009 } ],
///   "cohorts": [ { "pupils": 1000, "year": 0 } ],
///   "price_base_year": 2010, "deflator": { "2009": 97.6, "2010": 100 },
///   "value_per_grade": 8500, "discount": "green-book", "deadweight": 0.25,
///   "sensitivity": [ { "parameter": "deadweight", "low": 0.2, "high": 0.4 } ] }
/// ```
public struct BreakEvenConfiguration: Sendable, Equatable, Decodable {
    public var outcome: String?
    public var label: String?
    public var effect: Double?
    public var standardError: Double?
    public var outcomeSD: Double?
    public var degreesOfFreedom: Double?
    /// A single lump-sum cost in year 0 (the simple case); ignored when `costs` is given.
    public var cost: Double?
    /// Pupils in one year-0 cohort (the simple case); ignored when `cohorts` is given.
    public var pupils: Double?
    public var costs: [CostLine]?
    public var cohorts: [PupilCohort]?
    public var supportedSchools: Double?
    public var priceBaseYear: Int?
    public var deflator: [String: Double]?
    public var deflatorSource: String?
    public var subject: String?
    public var valuePerGrade: Double?
    public var maleShare: Double?
    public var fsmShare: Double?
    public var valuePerUnit: Double?
    public var valuePerUnitSource: String?
    public var ks2Persistence: Double?
    public var ks4CappedSD: Double?
    public var yearsToValue: Int?
    /// `green-book`, `none`, or a constant rate such as `0.035` or `"3.5%"`.
    public var discount: String?
    public var deadweight: Double?
    public var displacement: Double?
    public var optimismBias: Double?
    public var cohortDecay: Double?
    public var bootstrapDraws: [Double]?
    public var sensitivity: [SensitivityLine]?

    /// One cost line as written in the file.
    public struct CostLine: Sendable, Equatable, Decodable {
        public var kind: String
        public var label: String?
        public var quantity: Double?
        public var unitCost: Double
        public var schools: Double?
        public var year: Int?
        public var priceYear: Int?

        enum CodingKeys: String, CodingKey {
            case kind, label, quantity, unitCost = "unit_cost", schools, year, priceYear = "price_year"
        }
    }

    /// One sensitivity range as written in the file.
    public struct SensitivityLine: Sendable, Equatable, Decodable {
        public var parameter: String
        public var low: Double
        public var high: Double
        public var source: String?
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case outcome, label, effect, standardError = "standard_error", outcomeSD = "outcome_sd"
        case degreesOfFreedom = "degrees_of_freedom", cost, pupils, costs, cohorts
        case supportedSchools = "supported_schools", priceBaseYear = "price_base_year", deflator
        case deflatorSource = "deflator_source", subject, valuePerGrade = "value_per_grade"
        case maleShare = "male_share", fsmShare = "fsm_share", valuePerUnit = "value_per_unit"
        case valuePerUnitSource = "value_per_unit_source", ks2Persistence = "ks2_persistence"
        case ks4CappedSD = "ks4_capped_sd", yearsToValue = "years_to_value", discount, deadweight
        case displacement, optimismBias = "optimism_bias", cohortDecay = "cohort_decay"
        case bootstrapDraws = "bootstrap_draws", sensitivity
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        effect = try c.decodeIfPresent(Double.self, forKey: .effect)
        standardError = try c.decodeIfPresent(Double.self, forKey: .standardError)
        outcomeSD = try c.decodeIfPresent(Double.self, forKey: .outcomeSD)
        degreesOfFreedom = try c.decodeIfPresent(Double.self, forKey: .degreesOfFreedom)
        cost = try c.decodeIfPresent(Double.self, forKey: .cost)
        pupils = try c.decodeIfPresent(Double.self, forKey: .pupils)
        costs = try c.decodeIfPresent([CostLine].self, forKey: .costs)
        cohorts = try c.decodeIfPresent([PupilCohort].self, forKey: .cohorts)
        supportedSchools = try c.decodeIfPresent(Double.self, forKey: .supportedSchools)
        priceBaseYear = try c.decodeIfPresent(Int.self, forKey: .priceBaseYear)
        deflator = try c.decodeIfPresent([String: Double].self, forKey: .deflator)
        deflatorSource = try c.decodeIfPresent(String.self, forKey: .deflatorSource)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        valuePerGrade = try c.decodeIfPresent(Double.self, forKey: .valuePerGrade)
        maleShare = try c.decodeIfPresent(Double.self, forKey: .maleShare)
        fsmShare = try c.decodeIfPresent(Double.self, forKey: .fsmShare)
        valuePerUnit = try c.decodeIfPresent(Double.self, forKey: .valuePerUnit)
        valuePerUnitSource = try c.decodeIfPresent(String.self, forKey: .valuePerUnitSource)
        ks2Persistence = try c.decodeIfPresent(Double.self, forKey: .ks2Persistence)
        ks4CappedSD = try c.decodeIfPresent(Double.self, forKey: .ks4CappedSD)
        yearsToValue = try c.decodeIfPresent(Int.self, forKey: .yearsToValue)
        // The discount is a number (0.035) or a string ("3.5%"): the `try?` asks which; a
        // value that is neither fails the string decode below, which names the key.
        if let rate = try? c.decodeIfPresent(Double.self, forKey: .discount) {
            discount = String(rate)
        } else {
            discount = try c.decodeIfPresent(String.self, forKey: .discount)
        }
        deadweight = try c.decodeIfPresent(Double.self, forKey: .deadweight)
        displacement = try c.decodeIfPresent(Double.self, forKey: .displacement)
        optimismBias = try c.decodeIfPresent(Double.self, forKey: .optimismBias)
        cohortDecay = try c.decodeIfPresent(Double.self, forKey: .cohortDecay)
        bootstrapDraws = try c.decodeIfPresent([Double].self, forKey: .bootstrapDraws)
        sensitivity = try c.decodeIfPresent([SensitivityLine].self, forKey: .sensitivity)
    }

    /// Reads a configuration from JSON, rejecting unknown top-level keys and naming the field
    /// that failed to decode.
    public static func load(json data: Data) throws -> BreakEvenConfiguration {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ValueForMoneyError.invalid(parameter: "configuration file", reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ValueForMoneyError.invalid(parameter: "configuration file", reason: "the top level must be a JSON object")
        }
        if let repeated = JSONDuplicateKeys.firstDuplicate(in: data) {
            throw ValueForMoneyError.invalid(parameter: repeated, reason: "the key is given more than once")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = dictionary.keys.sorted().first(where: { !known.contains($0) }) {
            throw ValueForMoneyError.invalid(parameter: unknown,
                                             reason: "unknown key; expected one of \(known.sorted().joined(separator: ", "))")
        }
        let configuration: BreakEvenConfiguration
        do {
            configuration = try JSONDecoder().decode(BreakEvenConfiguration.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ValueForMoneyError.invalid(parameter: Self.path(context.codingPath), reason: context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ValueForMoneyError.missing(parameter: Self.path(context.codingPath + [key]), reason: "the field is required")
        } catch let DecodingError.dataCorrupted(context) {
            throw ValueForMoneyError.invalid(parameter: Self.path(context.codingPath), reason: context.debugDescription)
        }
        try configuration.checkDiscountIsAFraction()
        return configuration
    }

    /// A plain number above 1 is almost certainly a percentage written without its sign
    /// (`3.5` meaning 3.5%), which would otherwise be read as a rate of 350%; `"3.5%"` is fine.
    func checkDiscountIsAFraction() throws {
        guard let text = discount?.trimmingCharacters(in: .whitespaces), let rate = Double(text), rate > 1 else { return }
        throw ValueForMoneyError.invalid(
            parameter: "discount",
            reason: "\(text) would be a rate of \(Format.number(rate * 100))%; give the rate as a fraction (\(Format.number(rate / 100))) or as a percentage (\"\(text)%\")")
    }

    /// A decoding path as written in the file (`costs[1].unit_cost`); the whole file when empty.
    static func path(_ keys: [CodingKey]) -> String {
        let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return text.isEmpty ? "configuration file" : text
    }

    /// The effect estimate described by the configuration.
    public func effectEstimate() throws -> EffectEstimate {
        guard let name = outcome else {
            throw ValueForMoneyError.missing(parameter: "outcome", reason: "name the outcome, e.g. ks4-capped")
        }
        guard let effect else {
            throw ValueForMoneyError.missing(parameter: "effect", reason: "give the estimated effect in outcome units")
        }
        return EffectEstimate(outcome: try OutcomeMeasure(parsing: name), estimate: effect, standardError: standardError,
                              outcomeSD: outcomeSD, degreesOfFreedom: degreesOfFreedom, label: label)
    }

    /// The cost model described by the configuration.
    public func costModel() throws -> CostModel {
        var items: [CostItem]
        if let costs {
            items = []
            for (i, line) in costs.enumerated() {
                guard let kind = CostKind(rawValue: line.kind.lowercased()) else {
                    throw ValueForMoneyError.invalid(parameter: "costs[\(i)].kind",
                                                     reason: "'\(line.kind)' is not one of \(CostKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                items.append(CostItem(kind: kind, label: line.label, quantity: line.quantity ?? 1, unitCost: line.unitCost,
                                      schools: line.schools ?? 1, year: line.year ?? 0, priceYear: line.priceYear))
            }
        } else if let cost {
            _ = try Check.nonNegative(cost, "cost")
            items = [CostItem(kind: .other, label: "Total cost", unitCost: cost)]
        } else {
            throw ValueForMoneyError.missing(parameter: "cost", reason: "give a total cost or a list of cost lines")
        }
        let reach: [PupilCohort]
        if let cohorts {
            reach = cohorts
        } else if let pupils {
            _ = try Check.positive(pupils, "pupils")
            reach = [PupilCohort(pupils: pupils)]
        } else {
            throw ValueForMoneyError.missing(parameter: "pupils", reason: "give the number of pupils reached or a list of cohorts")
        }
        var deflatorSeries: PriceDeflator?
        if let deflator {
            var index: [Int: Double] = [:]
            for (key, value) in deflator {
                guard let year = Int(key.trimmingCharacters(in: .whitespaces)) else {
                    throw ValueForMoneyError.invalid(parameter: "deflator", reason: "key '\(key)' is not a year")
                }
                index[year] = value
            }
            deflatorSeries = PriceDeflator(index: index, source: deflatorSource ?? "user-supplied")
        }
        let model = CostModel(items: items, cohorts: reach, priceBaseYear: priceBaseYear, deflator: deflatorSeries,
                              supportedSchools: supportedSchools)
        try model.validate()
        return model
    }

    /// The benefit assumptions described by the configuration (documented defaults elsewhere).
    public func benefitAssumptions(outcome: OutcomeMeasure) throws -> BenefitAssumptions {
        var gcse = GCSESubject.average
        if let subject {
            guard let s = GCSESubject(rawValue: subject.lowercased()) else {
                throw ValueForMoneyError.invalid(parameter: "subject",
                                                 reason: "'\(subject)' is not one of \(GCSESubject.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            gcse = s
        }
        if let valuePerGrade { _ = try Check.positive(valuePerGrade, "valuePerGrade") }
        let earnings = EarningsValue(subject: gcse, valuePerGrade: valuePerGrade, maleShare: maleShare, fsmShare: fsmShare)
        let schedule = try discount.map { try DiscountSchedule(parsing: $0) } ?? .greenBook
        let adjustments = Adjustments(deadweight: deadweight ?? 0, displacement: displacement ?? 0,
                                      optimismBias: optimismBias ?? 0, cohortDecay: cohortDecay ?? 0)
        let b = BenefitAssumptions(outcome: outcome, earnings: earnings, valuePerUnit: valuePerUnit,
                                   valuePerUnitSource: valuePerUnitSource ?? "user-supplied",
                                   ks2Persistence: ks2Persistence ?? BenefitAssumptions.defaultKS2Persistence,
                                   ks4CappedSD: ks4CappedSD ?? OutcomeMeasure.ks4CappedPoints.defaultSD,
                                   outcomeSD: outcomeSD, yearsToValue: yearsToValue,
                                   discount: schedule, adjustments: adjustments)
        try b.validate()
        return b
    }

    /// The sensitivity ranges that replace the documented defaults.
    public func sensitivityRanges() throws -> [SensitivityRange] {
        try (sensitivity ?? []).enumerated().map { i, line in
            guard let p = SensitivityParameter(rawValue: line.parameter.lowercased()) else {
                throw ValueForMoneyError.invalid(parameter: "sensitivity[\(i)].parameter",
                                                 reason: "'\(line.parameter)' is not one of \(SensitivityParameter.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return SensitivityRange(parameter: p, low: line.low, high: line.high, source: line.source ?? "user-supplied")
        }
    }

    /// The break-even analysis the configuration describes.
    public func analysis() throws -> BreakEvenAnalysis {
        let effect = try effectEstimate()
        return try BreakEvenAnalysis(effect: effect, costs: try costModel(),
                                     benefits: try benefitAssumptions(outcome: effect.outcome),
                                     bootstrapDraws: bootstrapDraws, sensitivityRanges: try sensitivityRanges())
    }
}
