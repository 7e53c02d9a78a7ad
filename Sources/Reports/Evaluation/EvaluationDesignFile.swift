import Education
import Foundation
import ValueForMoney

/// Everything one `schoolsupport evaluate` run analyses, as a JSON file (Docs/design-file.md):
/// the input files, the model design (`EvaluationDesign`) and the value-for-money assumptions.
/// `evaluate` writes the design it used to design.json in the report directory, and
/// `evaluate --design-file DIR/design.json` runs it again.
///
/// Reading is strict: a repeated key, an unknown key, a value of the wrong type, a name that is
/// not among the choices and an impossible value are each an `EvaluationDesignFileError` that
/// names the key (`design.quadraturePoints`, `design.outcomes[2]`).
public struct EvaluationDesignFile: Sendable, Equatable {
    /// The version this release reads and writes.
    public static let currentVersion = 1
    /// The name of the file in the report directory.
    public static let fileName = "design.json"

    /// The input files; paths are as given (a relative path is read from the working
    /// directory). A nil pupil or school file means the shipped synthetic data set.
    public struct DataFiles: Sendable, Equatable {
        public var pupils: String?
        public var schools: String?
        public var support: String?
        public init(pupils: String? = nil, schools: String? = nil, support: String? = nil) {
            self.pupils = pupils
            self.schools = schools
            self.support = support
        }
    }

    /// The value-for-money section: the category whose capped-score estimate is valued, the
    /// illustrative costs of one year of support for one school, and whether the support file's
    /// recorded costs are used instead when it has them (`recordedCosts`; false when the file
    /// gives costs by hand and does not say `recordedCosts`).
    public struct ValueForMoneySettings: Sendable, Equatable {
        public var category = "receiving"
        public var costs = EvaluationValueForMoney.IllustrativeCosts()
        public var recordedCosts = true
        public init() {}
    }

    public var data = DataFiles()
    public var design = EvaluationDesign()
    public var valueForMoney = ValueForMoneySettings()

    public init(data: DataFiles = DataFiles(), design: EvaluationDesign = EvaluationDesign(),
                valueForMoney: ValueForMoneySettings = ValueForMoneySettings()) {
        self.data = data
        self.design = design
        self.valueForMoney = valueForMoney
    }

    /// Reads and checks the design file at `path`.
    public static func load(path: String) throws(EvaluationDesignFileError) -> EvaluationDesignFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw EvaluationDesignFileError(file: path, key: nil, reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(data, file: path)
    }

    /// Decodes and checks a design file's bytes; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws(EvaluationDesignFileError) -> EvaluationDesignFile {
        do { _ = try JSONSerialization.jsonObject(with: data) } catch {
            throw EvaluationDesignFileError(file: file, key: nil, reason: "not valid JSON (\(error.localizedDescription))")
        }
        if let key = JSONDuplicateKeys.firstDuplicate(in: data) {
            throw EvaluationDesignFileError(file: file, key: key, reason: "the key is given twice")
        }
        do {
            return try JSONDecoder().decode(Coded.self, from: data).file
        } catch let error as DecodingError {
            throw EvaluationDesignFileError(file: file, decodingError: error)
        } catch {
            throw EvaluationDesignFileError(file: file, key: nil, reason: "\(error)")
        }
    }

    /// The design file's JSON text (keys sorted, every setting written).
    public func json() throws -> String {
        try JSONOutput.encode(Coded(self)) + "\n"
    }

    /// The JSON form: `{"version": 1, "data": {...}, "design": {...}, "valueForMoney": {...}}`.
    struct Coded: Codable {
        var file: EvaluationDesignFile
        init(_ file: EvaluationDesignFile) { self.file = file }

        enum CodingKeys: String, CodingKey, CaseIterable { case version, data, design, valueForMoney }
        enum DataKeys: String, CodingKey, CaseIterable { case pupils, schools, support }
        enum ValueForMoneyKeys: String, CodingKey, CaseIterable { case category, leaderDays, dayRate, bursary, recordedCosts }

        init(from decoder: any Decoder) throws {
            try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let version = try StrictDecoding.wholeNumber(from: c, forKey: .version), version != EvaluationDesignFile.currentVersion {
                throw DecodingError.dataCorruptedError(
                    forKey: .version, in: c,
                    debugDescription: "version \(version) is not read by this release, which reads version \(EvaluationDesignFile.currentVersion)")
            }
            file = EvaluationDesignFile()
            if c.contains(.data) {
                try StrictDecoding.rejectUnknownKeys(in: try c.superDecoder(forKey: .data), allowed: DataKeys.self)
                let d = try c.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
                file.data = DataFiles(pupils: try d.decodeIfPresent(String.self, forKey: .pupils),
                                      schools: try d.decodeIfPresent(String.self, forKey: .schools),
                                      support: try d.decodeIfPresent(String.self, forKey: .support))
                if (file.data.pupils == nil) != (file.data.schools == nil) || (file.data.pupils == nil && file.data.support != nil) {
                    let key: DataKeys = file.data.pupils == nil ? .pupils : .schools
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: d, debugDescription: "give pupils and schools (and optionally support), or none of them for the shipped synthetic data")
                }
            }
            if let design = try c.decodeIfPresent(EvaluationDesign.self, forKey: .design) { file.design = design }
            if c.contains(.valueForMoney) {
                try StrictDecoding.rejectUnknownKeys(in: try c.superDecoder(forKey: .valueForMoney), allowed: ValueForMoneyKeys.self)
                let v = try c.nestedContainer(keyedBy: ValueForMoneyKeys.self, forKey: .valueForMoney)
                if let category = try v.decodeIfPresent(String.self, forKey: .category) {
                    guard !category.isEmpty else {
                        throw DecodingError.dataCorruptedError(forKey: .category, in: v, debugDescription: "the category is empty")
                    }
                    file.valueForMoney.category = category
                }
                for key in [ValueForMoneyKeys.leaderDays, .dayRate, .bursary] {
                    guard let value = try v.decodeIfPresent(Double.self, forKey: key) else { continue }
                    guard value.isFinite, value >= 0 else {
                        throw DecodingError.dataCorruptedError(forKey: key, in: v, debugDescription: "must be a finite number of at least 0, not \(value)")
                    }
                    switch key {
                    case .leaderDays: file.valueForMoney.costs.leaderDays = value
                    case .dayRate: file.valueForMoney.costs.dayRate = value
                    case .bursary: file.valueForMoney.costs.bursary = value
                    case .category, .recordedCosts: break
                    }
                    // Costs entered by hand override the recorded ones unless the file says otherwise.
                    file.valueForMoney.recordedCosts = false
                }
                if let recorded = try v.decodeIfPresent(Bool.self, forKey: .recordedCosts) {
                    file.valueForMoney.recordedCosts = recorded
                }
            }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(EvaluationDesignFile.currentVersion, forKey: .version)
            var d = c.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            for (key, value) in [(DataKeys.pupils, file.data.pupils), (.schools, file.data.schools), (.support, file.data.support)] {
                if let value { try d.encode(value, forKey: key) } else { try d.encodeNil(forKey: key) }
            }
            try c.encode(file.design, forKey: .design)
            var v = c.nestedContainer(keyedBy: ValueForMoneyKeys.self, forKey: .valueForMoney)
            try v.encode(file.valueForMoney.category, forKey: .category)
            try v.encode(file.valueForMoney.costs.leaderDays, forKey: .leaderDays)
            try v.encode(file.valueForMoney.costs.dayRate, forKey: .dayRate)
            try v.encode(file.valueForMoney.costs.bursary, forKey: .bursary)
            try v.encode(file.valueForMoney.recordedCosts, forKey: .recordedCosts)
        }
    }
}

/// Why a design file cannot be used: the file, the key at fault (nil: the file as a whole) and
/// the reason.
public struct EvaluationDesignFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The key's path, e.g. `design.levels` or `design.outcomes[1]`.
    public var key: String?
    public var reason: String

    public init(file: String, key: String?, reason: String) {
        self.file = file
        self.key = key
        self.reason = reason
    }

    init(file: String, decodingError error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String? {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? nil : text
        }
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: "a string"
            case is Bool.Type: "true or false"
            case is Int.Type: "a whole number"
            case is Double.Type: "a number"
            case is [String].Type, is [Any].Type: "a list"
            default: type is any Collection.Type ? "a list or an object" : "\(type)"
            }
        }
        switch error {
        case let .typeMismatch(type, context):
            let key = path(context.codingPath)
            self.init(file: file, key: key, reason: key == nil ? "the file must hold one JSON object" : "wrong type: expected \(kind(type))")
        case let .valueNotFound(type, context):
            self.init(file: file, key: path(context.codingPath), reason: "null where \(kind(type)) is needed")
        case let .keyNotFound(key, context):
            self.init(file: file, key: path(context.codingPath + [key]), reason: "missing")
        case let .dataCorrupted(context):
            self.init(file: file, key: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self.init(file: file, key: nil, reason: "\(error)")
        }
    }

    public var description: String {
        "design file '\(file)': " + (key.map { "key '\($0)': " } ?? "") + reason
    }
}
