/// A fixed-effect coefficient with the name lme4 gives it (for example `"(Intercept)"`,
/// `"sensap"`, `"supportreceiving"`), so a fitted model's estimates can be set beside the true
/// values used to generate the data.
public struct NamedCoefficient: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}
