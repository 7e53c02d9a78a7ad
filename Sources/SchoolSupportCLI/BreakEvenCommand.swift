import ArgumentParser
import Foundation
import Reports
import ValueForMoney

/// `schoolsupport breakeven`: how large must the effect be for the support to pay for itself,
/// and how likely is it that the true effect is that large. Flags cover the simple case; a JSON
/// file (`--config`) the full cost model and assumptions. Flags override the file.
struct BreakEvenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breakeven",
        abstract: "Net present value, benefit-cost ratio and break-even effect of school support.",
        discussion: """
        Example: schoolsupport breakeven --cost 100000 --pupils 1000 --outcome ks4-capped --effect 0.5 --se 0.2
        Defaults (each overridable) and their sources are listed in Docs/value-for-money.md and
        echoed under "assumptions" in the JSON output.
        """)

    @Option(name: .long, parsing: .unconditional, help: "JSON file with cost lines, cohorts and assumptions (see Docs/value-for-money.md).")
    var config: String?

    @Option(name: .long, parsing: .unconditional, help: "Total cost in £ (one lump sum in year 0).")
    var cost: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Pupils reached (one cohort in year 0).")
    var pupils: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Outcome measure of the effect.")
    var outcome: OutcomeMeasure?

    @Option(name: .long, parsing: .unconditional, help: "Estimated effect in outcome units.")
    var effect: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Standard error of the effect.")
    var se: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Pupil-level SD of the outcome, for SD units (default: documented assumption per outcome).")
    var outcomeSD: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Value of one GCSE grade in £ (default: DfE 2021 LEO, 8500).")
    var valuePerGrade: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "GCSE subject for the DfE value.")
    var subject: GCSESubject?

    @Option(name: .long, parsing: .unconditional, help: "Value per unit for threshold and absence outcomes (£).")
    var valuePerUnit: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Share of a KS2 effect (SD units) that persists to KS4 (default 0.5, an assumption).")
    var persistence: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Discounting: green-book (default), none, or a constant rate such as 0.035 or 3.5%.")
    var discount: String?

    @Option(name: .long, parsing: .unconditional, help: "Deadweight share (default 0).")
    var deadweight: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Displacement share (default 0).")
    var displacement: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Optimism-bias uplift of costs (default 0).")
    var optimismBias: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Share of the effect lost per later cohort (default 0).")
    var decay: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Share of pupils who are boys, for the DfE gender adjustment.")
    var maleShare: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "Share of pupils eligible for FSM, for the DfE FSM adjustment.")
    var fsmShare: NumberArgument?

    @Option(name: .long, parsing: .unconditional, help: "File of parametric-bootstrap draws of the effect (numbers separated by white space, commas or a JSON array).")
    var draws: String?

    @Option(name: .long, parsing: .unconditional, help: "Write the SVG tornado chart to this file.")
    var svg: String?

    @Flag(name: .long, help: "Print the Markdown value-for-money section instead of the text summary.")
    var markdown = false

    @Flag(name: .long, help: "Print one JSON object instead of the text summary.")
    var json = false

    func validate() throws {
        let numbers: [(String, NumberArgument?)] = [
            ("--cost", cost),
            ("--pupils", pupils),
            ("--effect", effect),
            ("--se", se),
            ("--outcome-sd", outcomeSD),
            ("--value-per-grade", valuePerGrade),
            ("--value-per-unit", valuePerUnit),
            ("--persistence", persistence),
            ("--deadweight", deadweight),
            ("--displacement", displacement),
            ("--optimism-bias", optimismBias),
            ("--decay", decay),
            ("--male-share", maleShare),
            ("--fsm-share", fsmShare),
        ]
        for case let (option, number?) in numbers { try number.requireFinite(option) }
        if let discount { try Self.checkDiscount(discount) }
    }

    func run() throws {
        var c = BreakEvenConfiguration()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw ValidationError("cannot read --config file '\(config)'")
            }
            do {
                c = try BreakEvenConfiguration.load(json: data)
            } catch let error as ValueForMoneyError {
                throw ValidationError("--config file '\(config)': \(error)")
            }
        }
        if let cost { c.cost = cost.value; c.costs = nil }
        if let pupils { c.pupils = pupils.value; c.cohorts = nil }
        if let outcome { c.outcome = outcome.rawValue }
        if let effect { c.effect = effect.value }
        if let se { c.standardError = se.value }
        if let outcomeSD { c.outcomeSD = outcomeSD.value }
        if let valuePerGrade { c.valuePerGrade = valuePerGrade.value }
        if let subject { c.subject = subject.rawValue }
        if let valuePerUnit { c.valuePerUnit = valuePerUnit.value }
        if let persistence { c.ks2Persistence = persistence.value }
        if let discount { c.discount = discount }
        if let deadweight { c.deadweight = deadweight.value }
        if let displacement { c.displacement = displacement.value }
        if let optimismBias { c.optimismBias = optimismBias.value }
        if let decay { c.cohortDecay = decay.value }
        if let maleShare { c.maleShare = maleShare.value }
        if let fsmShare { c.fsmShare = fsmShare.value }
        if let draws { c.bootstrapDraws = try Self.readDraws(path: draws) }

        Self.warnAboutUnusedValues(c, valuePerUnitFlag: valuePerUnit != nil, valuePerGradeFlag: valuePerGrade != nil)
        let analysis: BreakEvenAnalysis
        do {
            analysis = try c.analysis()
        } catch let error as ValueForMoneyError {
            throw error.renamingParameter { name in self.userFacingName(of: name) }
        }
        if let svg {
            do {
                try analysis.tornadoSVG().write(toFile: svg, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write --svg file '\(svg)': \(error.localizedDescription)")
            }
        }
        if json {
            print(try analysis.json())
        } else if markdown {
            print(try analysis.markdownSection(), terminator: "")
        } else {
            print(Self.summary(analysis), terminator: "")
        }
    }

    /// The command-line option of each configuration property that has one, by the Swift name
    /// the analysis reports, and whether it was given.
    var options: [String: (option: String, given: Bool)] {
        [
            "cost": ("--cost", cost != nil), "pupils": ("--pupils", pupils != nil), "effect": ("--effect", effect != nil),
            "standardError": ("--se", se != nil), "outcomeSD": ("--outcome-sd", outcomeSD != nil),
            "valuePerGrade": ("--value-per-grade", valuePerGrade != nil),
            "valuePerUnit": ("--value-per-unit", valuePerUnit != nil), "ks2Persistence": ("--persistence", persistence != nil),
            "discountRate": ("--discount", discount != nil), "deadweight": ("--deadweight", deadweight != nil),
            "displacement": ("--displacement", displacement != nil), "optimismBias": ("--optimism-bias", optimismBias != nil),
            "cohortDecay": ("--decay", decay != nil), "maleShare": ("--male-share", maleShare != nil),
            "fsmShare": ("--fsm-share", fsmShare != nil),
        ]
    }

    /// A parameter as the user gave it: the option when it was given on the command line,
    /// otherwise the key of the --config file (or the option, without a file).
    func userFacingName(of name: String) -> String {
        if let entry = options[name], config == nil || entry.given { return entry.option }
        guard config != nil else { return name }
        let key = name == "discountRate" ? "discount" : Self.snakeCase(name)
        return "\(key) in the --config file"
    }

    /// `cohortDecay` → `cohort_decay`, `ks4CappedSD` → `ks4_capped_sd`, as the --config keys are written.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previousLower = false
        for ch in name {
            if ch.isUppercase {
                if previousLower { out += "_" }
                out += ch.lowercased()
                previousLower = false
            } else {
                out.append(ch)
                previousLower = ch.isLowercase || ch.isNumber
            }
        }
        return out
    }

    /// A money value the chosen outcome does not use would be ignored without a word: say so on
    /// standard error. An unknown outcome is left for the analysis to report.
    static func warnAboutUnusedValues(_ c: BreakEvenConfiguration, valuePerUnitFlag: Bool, valuePerGradeFlag: Bool) {
        // An outcome that does not parse is reported, with the valid names, by the analysis.
        guard let name = c.outcome, let outcome = try? OutcomeMeasure(parsing: name) else { return }
        if c.valuePerUnit != nil, !outcome.needsValuePerUnit {
            let source = valuePerUnitFlag ? "--value-per-unit" : "value_per_unit in the --config file"
            warn("\(source) is ignored: outcome \(outcome.rawValue) is valued from the GCSE grade value (--value-per-grade)")
        }
        if outcome.needsValuePerUnit, c.valuePerGrade != nil {
            let source = valuePerGradeFlag ? "--value-per-grade" : "value_per_grade in the --config file"
            warn("\(source) is ignored: outcome \(outcome.rawValue) is valued with --value-per-unit")
        }
    }

    /// A plain number above 1 is almost certainly a percentage typed without its sign
    /// (`3.5` meaning 3.5%), which would otherwise be read as a rate of 350%.
    static func checkDiscount(_ text: String) throws {
        let key = text.trimmingCharacters(in: .whitespaces)
        if let rate = Double(key), rate > 1 {
            throw ValidationError("--discount \(key) would be a rate of \(String(format: "%g", rate * 100))%; "
                + "give the rate as a fraction (\(Self.fraction(rate))) or as a percentage (\(key)%)")
        }
    }

    private static func fraction(_ percent: Double) -> String {
        var text = String(format: "%.6f", percent / 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func readDraws(path: String) throws -> [Double] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read --draws file '\(path)'")
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("[") || text.contains("]") {
            // Brackets mean a JSON array: it must be one, complete and of numbers only. It is
            // decoded strictly: JSONSerialization's NSNumber casts to Bool on Linux for 0 and 1,
            // which refused draws of exactly 0 or 1 as Booleans.
            let array: [JSONDraw]
            do {
                array = try JSONDecoder().decode([JSONDraw].self, from: data)
            } catch {
                throw ValidationError("--draws file '\(path)': not a valid JSON array (check the brackets and commas): \(Self.decodingReason(error))")
            }
            return try array.enumerated().map { i, element in
                guard case let .number(number) = element, number.isFinite else {
                    throw ValidationError("--draws file '\(path)': value \(i + 1) (\(element)) is not a finite number")
                }
                return number
            }
        }
        // Commas separate values; an empty value between two commas is an error rather than
        // skipped, so that a missing draw is not silently dropped.
        var values: [Double] = []
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let pieces = trimmed.isEmpty ? [] : trimmed.split(separator: ",", omittingEmptySubsequences: false)
        for piece in pieces {
            let fields = piece.split(whereSeparator: \.isWhitespace)
            guard !fields.isEmpty else {
                throw ValidationError("--draws file '\(path)': value \(values.count + 1) is empty (two commas with nothing between, or a comma at the end)")
            }
            for field in fields {
                guard let v = Double(field), v.isFinite else {
                    throw ValidationError("--draws file '\(path)': value \(values.count + 1) ('\(field)') is not a finite number")
                }
                values.append(v)
            }
        }
        return values
    }

    /// What a JSON decoder said was wrong, for a message (the position is in the underlying error).
    static func decodingReason(_ error: any Error) -> String {
        let context: DecodingError.Context?
        switch error as? DecodingError {
        case .dataCorrupted(let c)?, .typeMismatch(_, let c)?, .valueNotFound(_, let c)?, .keyNotFound(_, let c)?: context = c
        default: context = nil
        }
        guard let context else { return "\(error)" }
        if let underlying = context.underlyingError { return "\(context.debugDescription) (\(underlying))" }
        return context.debugDescription
    }

    /// One element of a JSON array of draws: a number, or what it is instead (for the message).
    enum JSONDraw: Decodable, CustomStringConvertible {
        case number(Double)
        case other(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            // Each `try?` asks "is the element of this type?"; the last branch reports what it is.
            if let bool = try? container.decode(Bool.self) {
                self = .other("the Boolean \(bool)")
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let string = try? container.decode(String.self) {
                self = .other("the string \"\(string)\"")
            } else if container.decodeNil() {
                self = .other("null")
            } else {
                self = .other("an array, an object or a number beyond ±1.8e308")
            }
        }

        var description: String {
            switch self {
            case let .number(value): "\(value)"
            case let .other(text): text
            }
        }
    }

    static func summary(_ a: BreakEvenAnalysis) -> String {
        let money = Format.money
        let o = a.effect.outcome
        var lines = [
            "Break-even analysis: \(a.effect.label ?? o.title)",
            "  Present value of costs     \(money(a.presentValueCosts))",
            "  Pupils reached             \(String(format: "%.0f", a.pupils))",
            "  Cost per pupil             \(money(a.costPerPupil))",
            "  Effect                     \(Format.number(a.effect.estimate)) \(o.unit) (\(Format.fixed(a.effectSD, 3)) SD, \(a.effectMonths) months)",
            "  Present value of benefits  \(money(a.presentValueBenefits))",
            "  Net present value          \(money(a.npv))",
            "  Benefit-cost ratio         \(Format.fixed(a.bcr, 2))",
            "  Break-even effect          \(Format.number(a.breakEvenEffect)) \(o.unit) (\(Format.fixed(a.breakEvenEffectSD, 4)) SD, \(a.breakEvenMonths) months)",
        ]
        if let p = a.probabilityEffectExceedsBreakEven {
            lines.append("  P(effect beyond break-even) \(String(format: "%.3f", p)) (normal approximation)")
        }
        if let p = a.bootstrapProbability, let n = a.bootstrapDrawCount {
            lines.append("  P(effect beyond break-even) \(String(format: "%.3f", p)) (parametric bootstrap, \(n) draws)")
        }
        lines.append("Assumptions (sources in the --json output):")
        for assumption in a.assumptions where assumption.value != .text("effect size to months table") {
            let unit = assumption.unit.map { " (\($0))" } ?? ""
            lines.append("  \(assumption.key.padding(toLength: 26, withPad: " ", startingAt: 0)) \(assumption.value.display)\(unit)")
        }
        lines.append("Sensitivity (NPV at low / high value):")
        for r in a.sensitivity.rows {
            lines.append("  \(r.parameter.title.padding(toLength: 26, withPad: " ", startingAt: 0)) \(money(r.npvAtLow)) / \(money(r.npvAtHigh))")
        }
        lines.append("Associations from the evaluation's models, not causal effects. Use --json for the assumptions and their sources.")
        return lines.joined(separator: "\n") + "\n"
    }
}
