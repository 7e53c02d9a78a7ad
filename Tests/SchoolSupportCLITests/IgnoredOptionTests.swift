import Foundation
import Testing

/// Options that would have no effect are reported, and options whose value is a mistake are
/// errors that name the option and quote the value as written.
@Suite("schoolsupport reports ignored and mistaken options")
struct IgnoredOptionTests {
    private static let exam = ["fit", "--data", "Data/Exam.csv", "--formula", "normexam ~ standLRT + sex + (1 | school)"]
    private static let breakEven = ["breakeven", "--cost", "100000", "--pupils", "1000", "--effect", "0.5", "--se", "0.2"]

    @Test("fit --reference with a variable not in the data is an error naming it")
    func referenceUnknownVariable() throws {
        let result = try CLI.run(Self.exam + ["--reference", "nosuch=A"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("nosuch") && result.stdout.isEmpty, "\(result.stderr)")
    }

    @Test("fit --reference on a numeric variable is reported as ignored")
    func referenceNumericVariable() throws {
        let result = try CLI.run(Self.exam + ["--reference", "standLRT=0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning") && result.stderr.contains("standLRT"), "\(result.stderr)")
    }

    @Test("fit --nagq on a gaussian model is reported; a negative --nagq is a clear error")
    func quadraturePoints() throws {
        let gaussian = try CLI.run(Self.exam + ["--nagq", "5", "--json"])
        #expect(gaussian.status == 0, "\(gaussian.stderr)")
        #expect(gaussian.stderr.contains("--nagq") && gaussian.stderr.contains("ignored"), "\(gaussian.stderr)")
        let negative = try CLI.run(Self.exam + ["--nagq", "-1"])
        #expect(negative.status == 64)
        #expect(negative.stderr.contains("--nagq") && negative.stderr.contains("-1"), "\(negative.stderr)")
        #expect(!negative.stderr.contains("Missing value"))
    }

    @Test("breakeven --value-per-unit with a KS4 outcome is reported as ignored")
    func valuePerUnitUnused() throws {
        let result = try CLI.run(Self.breakEven + ["--outcome", "ks4-capped", "--value-per-unit", "40", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("--value-per-unit") && result.stderr.contains("ignored"), "\(result.stderr)")
        let used = try CLI.run(Self.breakEven + ["--outcome", "absence-sessions", "--value-per-unit", "40", "--json"])
        #expect(used.status == 0, "\(used.stderr)")
        #expect(!used.stderr.contains("ignored"), "\(used.stderr)")
    }

    @Test("breakeven rejects a non-finite number quoting it as written")
    func numbersAsWritten() throws {
        for (option, text) in [("--cost", "1e400"), ("--effect", "inf"), ("--se", "nan")] {
            var arguments = ["breakeven", "--cost", "100000", "--pupils", "1000", "--outcome", "ks4-capped", "--effect", "0.5", "--se", "0.2"]
            arguments[arguments.firstIndex(of: option)! + 1] = text
            let result = try CLI.run(arguments)
            #expect(result.status == 64, "\(option) \(text): \(result.status)")
            #expect(result.stderr.contains(option) && result.stderr.contains("'\(text)'"), "\(result.stderr)")
        }
    }

    @Test("compare refuses models of different responses")
    func compareDifferentResponses() throws {
        let result = try CLI.run("compare", "--data", "Data/Exam.csv",
                                 "--formula", "normexam ~ sex + (1 | school)", "--formula", "standLRT ~ sex + schgend + (1 | school)")
        #expect(result.status != 0)
        #expect(result.stderr.contains("different responses"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("compare of non-nested models warns on standard error and in the output")
    func compareNotNested() throws {
        let arguments = ["compare", "--data", "Data/Exam.csv",
                         "--formula", "normexam ~ standLRT + (1 | school)", "--formula", "normexam ~ sex + schgend + (1 | school)"]
        let text = try CLI.run(arguments)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stderr.contains("not be nested") && text.stderr.contains("standLRT"), "\(text.stderr)")
        #expect(text.stdout.contains("Warning:") && text.stdout.contains("standLRT"))
        let json = try CLI.run(arguments + ["--json"])
        let warnings = try #require(try json.object()["warnings"] as? [String])
        #expect(warnings.count == 1)
        let nested = try CLI.run("compare", "--data", "Data/Exam.csv", "--formula", "normexam ~ standLRT + (1 | school)",
                                 "--formula", "normexam ~ standLRT + sex + (standLRT | school)", "--json")
        #expect(nested.status == 0, "\(nested.stderr)")
        #expect(try nested.object()["warnings"] == nil)
        #expect(!nested.stderr.contains("warning"))
    }

    @Test("Exit status: 64 for a usage error, 65 for data the model cannot use")
    func exitStatus() throws {
        let usage = try CLI.run("fit", "--data", "Data/Exam.csv")
        #expect(usage.status == 64)
        let data = try CLI.run("fit", "--data", "Data/Exam.csv", "--formula", "normexam ~ nosuch + (1 | school)")
        #expect(data.status == 65, "\(data.stderr)")
        #expect(data.stderr.contains("nosuch"))
        let value = try CLI.run(Self.breakEven + ["--outcome", "ks4-capped", "--deadweight", "2"])
        #expect(value.status == 64, "\(value.stderr)")
        #expect(value.stderr.contains("deadweight"))
    }
}
