import Foundation
import Testing

private let examFormula = "normexam ~ standLRT + sex + schgend + (1 | school)"
private let breakEvenArguments = ["breakeven", "--cost", "100000", "--pupils", "1000", "--outcome", "ks4-capped",
                                  "--effect", "0.5", "--se", "0.2"]

@Suite("schoolsupport subcommands on the shipped data")
struct CommandTests {
    @Test("fit on Exam: observations, groups and fixed-effect names")
    func fitExam() throws {
        let result = try CLI.run("fit", "--data", "Data/Exam.csv", "--formula", examFormula, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        #expect(json["nobs"] as? Int == 4059)
        #expect((json["ngroups"] as? [String: Any])?["school"] as? Int == 65)
        #expect(json["family"] as? String == "gaussian")
        let fixef = try #require(json["fixef"] as? [[String: Any]])
        #expect(fixef.compactMap { $0["name"] as? String }
                == ["(Intercept)", "standLRT", "sexM", "schgendgirls", "schgendmixed"])
        let slope = try #require(fixef.first { $0["name"] as? String == "standLRT" })
        #expect(abs((slope["estimate"] as? Double ?? .nan) - 0.5597544635524274) < 1e-6)
    }

    @Test("fit on cbpp: binomial family with its canonical link")
    func fitBinomial() throws {
        let result = try CLI.run("fit", "--data", "Data/cbpp.csv", "--family", "binomial",
                                 "--formula", "cbind(incidence, healthy) ~ factor(period) + (1 | herd)", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        #expect(json["family"] as? String == "binomial")
        #expect(json["link"] as? String == "logit")
        #expect((json["ngroups"] as? [String: Any])?["herd"] as? Int == 15)
        // z tests: the statistic is named z and the degrees of freedom are null, not a number.
        let fixef = try #require(json["fixef"] as? [[String: Any]])
        #expect(fixef.count == 4)
        for row in fixef {
            #expect(row["z"] is Double && row["t"] == nil)
            #expect(row["df"] is NSNull)
        }
        #expect(json["deviance"] is Double && json["REMLcrit"] == nil)
        #expect(json["nAGQ"] as? Int == 1)
    }

    @Test("fit --json --ranef: conditional modes and variances of every level, variance rows with null var2")
    func fitRandomEffects() throws {
        let result = try CLI.run("fit", "--data", "Data/Exam.csv", "--formula", "normexam ~ standLRT + (standLRT | school)",
                                 "--json", "--ranef")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let ranef = try #require(json["ranef"] as? [[String: Any]])
        #expect(ranef.count == 1)
        let school = try #require(ranef.first)
        #expect(school["group"] as? String == "school")
        #expect(school["terms"] as? [String] == ["(Intercept)", "standLRT"])
        let levels = try #require(school["levels"] as? [[String: Any]])
        #expect(levels.count == 65)
        for level in levels {
            #expect((level["modes"] as? [Double])?.count == 2)
            #expect((level["condVar"] as? [Double])?.count == 4)
        }
        let varcorr = try #require(json["varcorr"] as? [[String: Any]])
        #expect(varcorr.count == 4)
        #expect(varcorr.filter { $0["var2"] is NSNull }.count == 3)
        #expect(varcorr.last?["var1"] is NSNull && varcorr.last?["group"] as? String == "Residual")
        #expect(json["REMLcrit"] is Double && json["nAGQ"] == nil)
    }

    @Test("fit with a column that is not in the file fails and names the column")
    func fitBadFormula() throws {
        let result = try CLI.run("fit", "--data", "Data/Exam.csv", "--formula", "normexam ~ nosuch + (1 | school)")
        #expect(result.status != 0)
        #expect(result.stderr.contains("nosuch"))
        #expect(result.stdout.isEmpty)
    }

    @Test("fit --family and --link reject unknown values and list the valid ones")
    func fitBadFamily() throws {
        let family = try CLI.run("fit", "--data", "Data/Exam.csv", "--formula", examFormula, "--family", "gamma")
        #expect(family.status != 0)
        #expect(family.stderr.contains("gamma") && family.stderr.contains("binomial") && family.stderr.contains("poisson"))
        let link = try CLI.run("fit", "--data", "Data/Exam.csv", "--formula", examFormula, "--family", "binomial", "--link", "cauchit")
        #expect(link.status != 0)
        #expect(link.stderr.contains("cauchit") && link.stderr.contains("probit"))
        let help = try CLI.run("fit", "--help")
        #expect(help.stdout.contains("gaussian, binomial, poisson"))
    }

    @Test("compare of two nested Exam models: one degree of freedom")
    func compare() throws {
        let result = try CLI.run("compare", "--data", "Data/Exam.csv",
                                 "--formula", "normexam ~ standLRT + (1 | school)",
                                 "--formula", "normexam ~ standLRT + sex + (1 | school)", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        #expect(json["df"] as? Int == 1)
        let chisq = try #require(json["chisq"] as? Double)
        #expect(abs(chisq - 27.23552366176409) < 1e-4)
        #expect((json["models"] as? [Any])?.count == 2)
    }

    @Test("evaluate --json on the shipped data: estimates with finite standard errors")
    func evaluate() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run("evaluate", "--outcomes", "ks4_capped", "--quiet", "--json", "--out", directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let estimates = try #require(json["estimates"] as? [[String: Any]])
        #expect(!estimates.isEmpty)
        for estimate in estimates {
            #expect(estimate["outcome"] as? String == "ks4_capped")
            let se = try #require(estimate["standardError"] as? Double)
            #expect(se.isFinite && se > 0)
        }
        #expect(estimates.contains { $0["category"] as? String == "receiving" })
    }

    @Test("evaluate --coverage-outcome rejects an outcome the study cannot simulate")
    func evaluateBadCoverageOutcome() throws {
        let result = try CLI.run("evaluate", "--coverage-replications", "2", "--coverage-outcome", "ks2")
        #expect(result.status != 0)
        #expect(result.stderr.contains("ks4_capped") && result.stderr.contains("unauthorised"))
    }

    @Test("evaluate --coverage-outcome unauthorised: a study of the absence models with the pupil effect")
    func evaluateAbsenceCoverageStudy() throws {
        let result = try CLI.run("evaluate", "--coverage-replications", "2", "--coverage-outcome", "unauthorised",
                                 "--coverage-pupils", "800", "--coverage-schools", "40", "--coverage-las", "8", "--quiet")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("unauthorised, two-level model with (1 | pupil)"))
        #expect(result.stdout.contains("`supportreceiving`"))
        let plain = try CLI.run("evaluate", "--coverage-replications", "2", "--coverage-outcome", "absence", "--no-overdispersion",
                                "--coverage-pupils", "800", "--coverage-schools", "40", "--coverage-las", "8", "--quiet")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("absence, two-level model,"))
        #expect(!plain.stderr.contains("has no effect"))
    }

    @Test("trends --json on the shipped data: both support groups")
    func trends() throws {
        let result = try CLI.run("trends", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["name"] as? String } == ["receiving support", "providing support"])
        #expect(groups.first?["schools"] as? Int == 13)
        #expect(json["measure"] != nil)
    }

    @Test("trends --measure and --comparison take their listed values, and only those")
    func trendsOptions() throws {
        let alias = try CLI.run("trends", "--json", "--measure", "ks2-level4", "--comparison", "not-supported")
        #expect(alias.status == 0, "\(alias.stderr)")
        let bad = try CLI.run("trends", "--comparison", "regional")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("regional") && bad.stderr.contains("not-supported"))
        let badMeasure = try CLI.run("trends", "--measure", "ks3")
        #expect(badMeasure.status != 0)
        #expect(badMeasure.stderr.contains("ks4-5ac-em"))
    }

    @Test("breakeven --json: the break-even effect is the cost per pupil over the value of one capped point")
    func breakEven() throws {
        let result = try CLI.run(breakEvenArguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let breakEven = try #require(json["break_even_effect"] as? Double)
        #expect(abs(breakEven - 100.0 / (8500.0 / 6.0)) < 1e-9)
        #expect(abs((json["npv"] as? Double ?? .nan) - 608333.3333333333) < 1e-3)
    }

    @Test("breakeven --outcome accepts the documented aliases and rejects unknown outcomes")
    func breakEvenOutcome() throws {
        let alias = try CLI.run("breakeven", "--cost", "100000", "--pupils", "1000", "--outcome", "ks4_capped",
                                "--effect", "0.5", "--se", "0.2", "--subject", "Maths", "--json")
        #expect(alias.status == 0, "\(alias.stderr)")
        let bad = try CLI.run("breakeven", "--cost", "100000", "--pupils", "1000", "--outcome", "happiness", "--effect", "0.5")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("happiness") && bad.stderr.contains("ks4-capped"))
        let badSubject = try CLI.run(breakEvenArguments + ["--subject", "latin"])
        #expect(badSubject.status != 0)
        #expect(badSubject.stderr.contains("latin") && badSubject.stderr.contains("english"))
    }

    @Test("breakeven --discount 3.5 is an error suggesting 0.035 or 3.5%; 3.5% and 0.035 agree")
    func breakEvenDiscount() throws {
        let bad = try CLI.run(breakEvenArguments + ["--discount", "3.5"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("0.035") && bad.stderr.contains("3.5%"))
        #expect(bad.stdout.isEmpty)
        let percent = try CLI.run(breakEvenArguments + ["--discount", "3.5%", "--json"])
        let fraction = try CLI.run(breakEvenArguments + ["--discount", "0.035", "--json"])
        #expect(percent.status == 0 && fraction.status == 0, "\(percent.stderr)\(fraction.stderr)")
        let a = try percent.object(), b = try fraction.object()
        let npvA = try #require(a["npv"] as? Double), npvB = try #require(b["npv"] as? Double)
        #expect(abs(npvA - npvB) < 1e-6)
    }

    @Test("generate --files creates a directory that does not exist")
    func generateFiles() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("new/nested")
        let result = try CLI.run("generate", "--pupils", "300", "--schools", "10", "--las", "2", "--files", target.path)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["pupils.csv", "schools.csv", "support.csv"] {
            let contents = FileManager.default.contents(atPath: target.appendingPathComponent(name).path)
            #expect((contents?.count ?? 0) > 0, "\(name) missing")
        }
        let pupils = try String(contentsOf: target.appendingPathComponent("pupils.csv"), encoding: .utf8)
        #expect(pupils.split(separator: "\n").count == 301)
    }

    @Test("generate with a primary-school count too large to scale is an error, not a crash")
    func generateHugePrimaryCount() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for option in ["--primary-schools", "--ks2-pupils"] {
            let result = try CLI.run("generate", "--pupils", "100", "--schools", "10", "--las", "2",
                                     option, "9223372036854775807", "--files", directory.path)
            #expect([1, 64].contains(result.status), "\(option): \(result.status)")
            #expect(result.stderr.contains(option) || result.stderr.contains("ks2."), "\(option): \(result.stderr)")
        }
    }
}
