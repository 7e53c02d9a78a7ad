import Foundation
import Testing
@testable import Reports

@Suite("Shared JSON encoding")
struct JSONOutputTests {
    struct Sample: Encodable {
        var values: [Double]
        var optional: Double?
        var name: String
    }

    @Test("NaN and infinities become null; finite numbers and strings are untouched")
    func nonFiniteIsNull() throws {
        let text = try JSONOutput.encode(Sample(values: [1.5, .nan, .infinity, -.infinity], optional: nil, name: "NaN"))
        #expect(text == """
        {
          "name" : "NaN",
          "values" : [
            1.5,
            null,
            null,
            null
          ]
        }
        """)
    }

    @Test("A string equal to a placeholder is an error, never silently null")
    func placeholderInData() throws {
        for placeholder in JSONOutput.placeholders {
            #expect(throws: JSONOutputError.self) {
                _ = try JSONOutput.encode(Sample(values: [.nan], optional: 1, name: placeholder))
            }
        }
    }
}
