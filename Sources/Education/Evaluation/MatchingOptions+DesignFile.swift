/// The matching options as written in a design file (`"matching": {"neighbours": 1,
/// "withReplacement": true, "caliper": 0.5}`, Docs/design-file.md): strict about unknown keys;
/// a key left out keeps its default, and `"caliper": null` means no caliper.
struct MatchingOptionsFile: Codable {
    var options: MatchingOptions

    init(_ options: MatchingOptions) { self.options = options }

    enum CodingKeys: String, CodingKey, CaseIterable { case neighbours, withReplacement, caliper }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var options = MatchingOptions()
        if let value = try StrictDecoding.wholeNumber(from: c, forKey: .neighbours) { options.neighbours = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .withReplacement) { options.withReplacement = value }
        if c.contains(.caliper) {
            options.caliper = try c.decodeNil(forKey: .caliper) ? nil : try c.decode(Double.self, forKey: .caliper)
        }
        do { try options.validate() } catch {
            let key: CodingKeys = if case .invalidConfiguration(setting: "matching neighbours", _) = error { .neighbours } else { .caliper }
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: error.description)
        }
        self.options = options
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(options.neighbours, forKey: .neighbours)
        try c.encode(options.withReplacement, forKey: .withReplacement)
        if let caliper = options.caliper { try c.encode(caliper, forKey: .caliper) } else { try c.encodeNil(forKey: .caliper) }
    }
}
