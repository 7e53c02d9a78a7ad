import Foundation
import Testing
@testable import DataTable

/// The R `write.csv` files shipped in `Data/`.
@Suite struct RealDataTests {
    @Test func exam() throws {
        let table = try DataTable.readCSV(path: dataPath("Exam.csv"))
        #expect(table.rowCount == 4059)
        #expect(table.columnNames == [
            "school", "normexam", "schgend", "schavg", "vr", "intake", "standLRT", "sex", "type", "student",
        ])
        let school = try table.column("school")
        #expect(school.isNumeric)
        #expect(school.isInteger)
        let (codes, levels) = school.factor()
        #expect(levels.count == 65)
        #expect(levels.prefix(3) == ["1", "2", "3"])
        #expect(levels.last == "65")
        #expect(codes.count == 4059)
        #expect(codes[0] == 0)

        let sex = try table.column("sex")
        #expect(!sex.isNumeric)
        #expect(sex.levels == ["F", "M"])
        #expect(sex.text(at: 0) == "F")
        #expect(try table.column("schgend").levels == ["boys", "girls", "mixed"])
        #expect(try table.column("vr").levels == ["bottom 25%", "mid 50%", "top 25%"])

        let normexam = try table.column("normexam")
        #expect(normexam.numericValues?.first == 0.2613242)
        #expect(!normexam.isInteger)
        #expect(normexam.missingCount == 0)
        #expect(try table.column("student").numericValues?.first == 143)
    }

    @Test func contraception() throws {
        let table = try DataTable.readCSV(path: dataPath("Contraception.csv"))
        #expect(table.rowCount == 1934)
        #expect(table.columns.count == 7)
        let livch = try table.column("livch")
        #expect(livch.levels == ["0", "1", "2", "3+"])
        #expect(livch.text(at: 0) == "3+")
        #expect(try table.column("use").levels == ["N", "Y"])
        #expect(try table.column("age").numericValues?.prefix(2) == [18.44, -5.5599])
        #expect(try table.column("district").factor().levels.count == 60)
    }

    @Test func hsb82() throws {
        let table = try DataTable.readCSV(path: dataPath("Hsb82.csv"))
        #expect(table.rowCount == 7185)
        #expect(table.columns.count == 8)
        let school = try table.column("school").factor()
        #expect(school.levels.count == 160)
        #expect(school.levels.first == "1224")
        #expect(try table.column("meanses").numericValues?.first == -0.434382978723404)
        #expect(try table.column("sector").levels == ["Catholic", "Public"])
    }

    @Test func sleepstudy() throws {
        let table = try DataTable.readCSV(path: dataPath("sleepstudy.csv"))
        #expect(table.rowCount == 180)
        #expect(try table.column("Reaction").numericValues?.prefix(2) == [249.56, 258.7047])
        #expect(try table.column("Days").factor().levels == (0...9).map(String.init))
        let subject = try table.column("Subject").factor()
        #expect(subject.levels.count == 18)
        #expect(subject.levels.first == "308")
    }

    /// Every shipped file reads without missing values, and writing it back gives R's own
    /// text for every field: the same numbers to the digit, once quotes are set aside (R
    /// quoted the columns it held as factors, which read back here as numbers).
    @Test(arguments: [
        "Exam.csv", "Hsb82.csv", "Contraception.csv", "sleepstudy.csv",
        "Pastes.csv", "Penicillin.csv", "cbpp.csv", "grouseticks.csv",
    ])
    func writeReproducesR(_ name: String) throws {
        let original = try #require(FileManager.default.contents(atPath: dataPath(name)))
        let table = try DataTable.readCSV(path: dataPath(name))
        for column in table.columns {
            #expect(column.missingCount == 0, "\(name) \(column.name)")
        }
        let unquoted = { (text: String) in text.replacingOccurrences(of: "\"", with: "") }
        let written = unquoted(table.csvText()).split(separator: "\n")
        let expected = unquoted(String(decoding: original, as: UTF8.self)).split(separator: "\n")
        #expect(written.count == expected.count)
        for (a, b) in zip(written, expected) where a != b {
            Issue.record("\(name): wrote \(a), R wrote \(b)")
            break
        }
    }
}
