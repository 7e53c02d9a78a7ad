import Foundation
import Testing

/// `fit --json` with a multiple-membership term on the held-out data set of
/// scripts/reference-multimember.R, against lme4's numbers for the same model (written by that
/// script next to the data).
@Suite("fit with multiple-membership random effects")
struct MultipleMembershipCommandTests {
    static let data = "Tests/MixedModelsTests/Fixtures/multimember_heldout.csv"
    static let term = "mm(school1, school2, school3, weights(w1, w2, w3))"

    static func reference(_ id: String) throws -> [String: Any] {
        let url = CLI.packageDirectory.appendingPathComponent("Tests/MixedModelsTests/Fixtures/multimember_reference.json")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        return try #require(all.first { $0["id"] as? String == id }, "reference \(id)")
    }

    @Test("fit --json: REML criterion, fixed effects, SEs, Satterthwaite df, SDs and modes agree with lme4")
    func heldOutAgreesWithLme4() throws {
        let ref = try Self.reference("heldout_slope_la_reml")
        let formula = "y ~ x + (1 + x | \(Self.term)) + (1 | la)"
        let result = try CLI.run("fit", "--data", Self.data, "--formula", formula, "--json", "--ranef")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.object()
        let crit = try #require(json["REMLcrit"] as? Double), refCrit = try #require(ref["REMLcrit"] as? Double)
        #expect(abs(crit - refCrit) < 1e-3, "REMLcrit \(crit) vs \(refCrit)")
        let groups = try #require(json["ngroups"] as? [String: Int])
        #expect(groups[Self.term] == 140 && groups["la"] == 25)

        let refFixef = try #require(ref["fixef"] as? [String: Any])
        let estimates = try #require(refFixef["estimate"] as? [Double]), ses = try #require(refFixef["se"] as? [Double])
        let dfs = try #require(ref["satterthwaite_df"] as? [Double])
        let fixef = try #require(json["fixef"] as? [[String: Any]])
        #expect(fixef.map { $0["name"] as? String } == ["(Intercept)", "x"])
        for (k, row) in fixef.enumerated() {
            let b = try #require(row["estimate"] as? Double), se = try #require(row["se"] as? Double)
            let df = try #require(row["df"] as? Double)
            #expect(abs(b - estimates[k]) < 1e-3 * ses[k], "β \(k): \(b) vs \(estimates[k])")
            #expect(abs(se - ses[k]) < 1e-3 * ses[k], "SE \(k): \(se) vs \(ses[k])")
            #expect(abs(df - dfs[k]) < 1e-2 * dfs[k], "df \(k): \(df) vs \(dfs[k])")
        }

        // lme4 labels the term by its stand-in grouping, school1.
        let refVC = try #require(ref["varcorr"] as? [String: Any])
        let refGroups = try #require(refVC["grp"] as? [String]).map { $0 == "school1" ? Self.term : $0 }
        let refSD = try #require(refVC["sdcor"] as? [Double])
        let refVar2 = try #require(refVC["var2"] as? [Any])
        let varcorr = try #require(json["varcorr"] as? [[String: Any]])
        #expect(varcorr.map { $0["group"] as? String } == refGroups)
        for (k, row) in varcorr.enumerated() {
            let sd = try #require(row["sdcor"] as? Double)
            let tolerance = refVar2[k] is NSNull ? 1e-3 * refSD[k] : 2e-3
            #expect(abs(sd - refSD[k]) < tolerance, "varcorr row \(k): \(sd) vs \(refSD[k])")
        }

        let ranef = try #require(json["ranef"] as? [[String: Any]])
        let schools = try #require(ranef.first { $0["group"] as? String == Self.term })
        let levels = try #require(schools["levels"] as? [[String: Any]])
        #expect(levels.count == 140)
        let refRanef = try #require(ref["ranef"] as? [String: Any])
        let refLevels = try #require(refRanef["levels"] as? [String]), refModes = try #require(refRanef["modes"] as? [[Double]])
        for (k, label) in refLevels.enumerated() {
            let level = try #require(levels.first { $0["level"] as? String == label }, "level \(label)")
            let modes = try #require(level["modes"] as? [Double])
            for (c, expected) in refModes[k].enumerated() {
                #expect(abs(modes[c] - expected) < 2e-3 * refSD[c], "mode \(label)[\(c)]: \(modes[c]) vs \(expected)")
            }
        }
    }

    @Test("fit with weights that do not sum to 1 fails naming the term, the row and the weight columns")
    func badWeightsFail() throws {
        let csv = "y,x,s1,s2,w1,w2\n1,1,A,,1,\n2,2,A,B,0.5,0.4\n3,3,B,,1,\n2.5,4,C,,1,\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mm-bad-\(UUID().uuidString).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.run("fit", "--data", file.path, "--formula", "y ~ x + (1 | mm(s1, s2, weights(w1, w2)))")
        #expect(result.status != 0)
        #expect(result.stderr.contains("mm(s1, s2, weights(w1, w2))"), "\(result.stderr)")
        #expect(result.stderr.contains("data row 2") && result.stderr.contains("w1, w2") && result.stderr.contains("0.9"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
