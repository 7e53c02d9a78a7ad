import Foundation
import Testing
@testable import ValueForMoney

@Suite("One money format for any magnitude; configuration files checked")
struct FormatAndConfigurationTests {
    @Test("Money: thousands separators below 1e15, scientific from there, n/a when not finite")
    func money() {
        #expect(Format.money(1_234_567.4) == "£1,234,567")
        #expect(Format.money(-1_234_567.6) == "-£1,234,568")
        #expect(Format.money(-0.3) == "£0")
        #expect(Format.money(999_999_999_999_999) == "£999,999,999,999,999")
        #expect(Format.money(1e19) == "£1.000e+19")
        #expect(Format.money(-1e19) == "-£1.000e+19")
        #expect(Format.money(.greatestFiniteMagnitude) == "£1.798e+308")
        #expect(Format.money(.infinity) == "n/a")
        #expect(Format.money(.nan) == "n/a")
        #expect(Format.number(1e19) == "1e+19")
        #expect(Format.number(-3) == "-3")
        #expect(Format.fixed(2.8e19, 2) == "2.8e+19")
        #expect(Format.fixed(0.1234, 2) == "0.12")
    }

    @Test("A discount of 3.5 in the file is an error naming the field; \"3.5%\" and 0.035 are accepted")
    func discountAsPercentage() throws {
        let error = #expect(throws: ValueForMoneyError.self) {
            _ = try BreakEvenConfiguration.load(json: Data(#"{"discount": 3.5}"#.utf8))
        }
        #expect(error?.description.contains("discount") == true && error?.description.contains("0.035") == true, "\(String(describing: error))")
        #expect(try BreakEvenConfiguration.load(json: Data(#"{"discount": "3.5%"}"#.utf8)).discount == "3.5%")
        #expect(try BreakEvenConfiguration.load(json: Data(#"{"discount": 0.035}"#.utf8)).discount == "0.035")
    }

    @Test("A key given twice is an error naming its path, at the top level and inside arrays")
    func duplicateKeys() {
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}"#.utf8)) == nil)
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"deadweight": 0.1, "deadweight": 0.9}"#.utf8)) == "deadweight")
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"costs": [{"kind": "a"}, {"kind": "b", "kind": "c"}]}"#.utf8)) == "costs[1].kind")
        #expect(JSONDuplicateKeys.firstDuplicate(in: Data(#"{"label": "a \"label\": 1", "label2": "x"}"#.utf8)) == nil)
        let error = #expect(throws: ValueForMoneyError.self) {
            _ = try BreakEvenConfiguration.load(json: Data(#"{"cost": 1, "cost": 2}"#.utf8))
        }
        #expect(error == .invalid(parameter: "cost", reason: "the key is given more than once"))
    }
}
