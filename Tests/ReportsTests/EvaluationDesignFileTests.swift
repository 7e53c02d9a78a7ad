import Education
import Foundation
import Testing
import Reports

@Suite("Design files")
struct EvaluationDesignFileTests {
    static func decode(_ text: String) throws(EvaluationDesignFileError) -> EvaluationDesignFile {
        try EvaluationDesignFile.decode(Data(text.utf8), file: "design.json")
    }

    /// The error for `text`, which must be refused.
    static func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> EvaluationDesignFileError? {
        do {
            _ = try decode(text)
            Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test("The defaults and a changed design survive writing and reading; an empty object is the defaults")
    func roundTrip() throws {
        let defaults = EvaluationDesignFile()
        #expect(try Self.decode(try defaults.json()) == defaults)
        #expect(try Self.decode("{}") == defaults)

        var file = EvaluationDesignFile(data: .init(pupils: "p.csv", schools: "s.csv", support: nil))
        file.design = .fast
        file.design.levels = .three
        file.design.outcomes = [.totalAbsence, .ks4Capped]
        file.design.areas = [.london]
        file.design.attendanceWindow = nil
        file.design.schoolEffectsOutcome = nil
        file.design.absenceOverdispersion = false
        file.design.classification = try SupportClassification(rules: [
            .init(category: "client", kinds: [.nle, .lle, .localProject], roles: [.receiving]),
        ], noneLabel: "unsupported")
        file.valueForMoney.category = "client"
        file.valueForMoney.costs.bursary = 5_000
        let text = try file.json()
        #expect(try Self.decode(text) == file)
        // Sets are written in a fixed order, so the same design is always the same text.
        #expect(text.contains(#""kinds" : [\#n            "nle",\#n            "lle",\#n            "local_project"\#n          ]"#))
        #expect(text.contains(#""attendanceWindow" : null"#) && text.contains(#""support" : null"#))
    }

    @Test("An unknown key is refused by name, at every level")
    func unknownKeys() {
        let cases: [(String, String)] = [
            (#"{"desing": {}}"#, "desing"),
            (#"{"design": {"levls": "two"}}"#, "design.levls"),
            (#"{"design": {"classification": {"rules": [{"category": "a", "kinds": ["nle"], "roles": ["receiving"], "role": "x"}]}}}"#,
             "design.classification.rules[0].role"),
            (#"{"data": {"pupil": "p.csv"}}"#, "data.pupil"),
            (#"{"valueForMoney": {"dayrate": 300}}"#, "valueForMoney.dayrate"),
        ]
        for (text, key) in cases {
            let error = Self.refusal(text)
            #expect(error?.key == key, "\(text): \(String(describing: error))")
            #expect(error?.reason.hasPrefix("unknown key") == true)
            #expect(error?.description.contains("key '\(key)'") == true)
        }
    }

    @Test("A value of the wrong type is refused by name")
    func wrongTypes() {
        let cases: [(String, String, String)] = [
            (#"{"design": {"quadraturePoints": "1"}}"#, "design.quadraturePoints", "a whole number"),
            (#"{"design": {"quadraturePoints": 1.5}}"#, "design.quadraturePoints", "a whole number, not 1.5"),
            (#"{"design": {"crossLA": 1}}"#, "design.crossLA", "true or false"),
            (#"{"design": {"outcomes": "ks4_capped"}}"#, "design.outcomes", "a list"),
            (#"{"design": {"confidenceLevel": "high"}}"#, "design.confidenceLevel", "a number"),
            (#"{"data": {"pupils": 3, "schools": "s.csv"}}"#, "data.pupils", "a string"),
            (#"{"valueForMoney": {"bursary": "10000"}}"#, "valueForMoney.bursary", "a number"),
        ]
        for (text, key, expected) in cases {
            let error = Self.refusal(text)
            #expect(error?.key == key, "\(text): \(String(describing: error))")
            if !expected.isEmpty { #expect(error?.reason.contains(expected) == true, "\(String(describing: error))") }
        }
        #expect(Self.refusal("[1, 2]")?.reason == "the file must hold one JSON object")
        #expect(Self.refusal("{\"design\": ")?.reason.hasPrefix("not valid JSON") == true)
    }

    @Test("An impossible value is refused by name, saying what is wrong")
    func impossibleValues() {
        let cases: [(String, String, String)] = [
            (#"{"version": 2}"#, "version", "version 2"),
            (#"{"design": {"quadraturePoints": 40}}"#, "design.quadraturePoints", "0 to 25"),
            (#"{"design": {"confidenceLevel": 1.5}}"#, "design.confidenceLevel", "strictly between 0 and 1"),
            (#"{"design": {"attendanceWindow": 0}}"#, "design.attendanceWindow", "strictly between 0 and 1"),
            (#"{"design": {"minimumSchools": 1}}"#, "design.minimumSchools", "at least 2"),
            (#"{"design": {"outcomes": []}}"#, "design.outcomes", "no outcomes"),
            (#"{"design": {"outcomes": ["ks4_capped", "ks5"]}}"#, "design.outcomes[1]", "'ks5' is not one of ks2, ks4_capped"),
            (#"{"design": {"outcomes": ["ks2", "ks2"]}}"#, "design.outcomes[1]", "listed twice"),
            (#"{"design": {"levels": "four"}}"#, "design.levels", "'four' is not one of two, three"),
            (#"{"design": {"areas": ["wales"]}}"#, "design.areas[0]", "'wales' is not one of"),
            (#"{"design": {"absenceKeyStage": 3}}"#, "design.absenceKeyStage", "choose 2 or 4"),
            (#"{"design": {"controls": ["fsm + eal"]}}"#, "design.controls", "not a plain column name"),
            (#"{"design": {"classification": {"rules": [{"category": "Bad Label", "kinds": ["nle"], "roles": ["receiving"]}]}}}"#,
             "design.classification.rules", "lower-case identifiers"),
            (#"{"design": {"classification": {"noneLabel": "", "rules": []}}}"#, "design.classification.noneLabel", ""),
            (#"{"valueForMoney": {"dayRate": -1}}"#, "valueForMoney.dayRate", "at least 0"),
            (#"{"data": {"pupils": "p.csv"}}"#, "data.schools", "give pupils and schools"),
        ]
        for (text, key, expected) in cases {
            let error = Self.refusal(text)
            #expect(error?.key == key, "\(text): \(String(describing: error))")
            if !expected.isEmpty { #expect(error?.reason.contains(expected) == true, "\(String(describing: error))") }
        }
    }

    @Test("A key given twice is refused by name")
    func duplicateKeys() {
        let error = Self.refusal(#"{"design": {"levels": "two", "levels": "three"}}"#)
        #expect(error?.key == "design.levels")
        #expect(error?.reason == "the key is given twice")
    }

    @Test("An unreadable file names the file")
    func unreadable() {
        #expect(throws: EvaluationDesignFileError.self) { try EvaluationDesignFile.load(path: "/nonexistent/design.json") }
        do { _ = try EvaluationDesignFile.load(path: "/nonexistent/design.json") } catch {
            #expect(error.file == "/nonexistent/design.json" && error.key == nil)
        }
    }

    @Test("The examples in Docs/design-file.md are valid design files")
    func documentedExamples() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/design-file.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let blocks = text.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count == 2)
        let written = try Self.decode(blocks[0])
        #expect(written.design.levels == .three && written.design.outcomes == [.ks4Capped, .totalAbsence])
        #expect(written.design.absenceOverdispersion && written.design.areas.isEmpty)
        #expect(written.design.classification == .nferDefault)
        let small = try Self.decode(blocks[1])
        #expect(small.design.classification.categories == ["receiving", "local"])
        #expect(small.valueForMoney.costs.perSchool == 20 * 300 + 5_000)
    }
}
