import DataTable
import Foundation
import Testing
@testable import MixedModels

/// One reference fit of scripts/reference-multimember.R: lme4's modular interface with the
/// random-effects matrix replaced by the weighted membership matrix.
struct MultipleMembershipReference: Decodable {
    struct Fixef: Decodable { var names: [String]; var estimate: [Double]; var se: [Double] }
    struct VarCorr: Decodable { var grp: [String]; var var1: [String?]; var var2: [String?]; var sdcor: [Double] }
    struct Ranef: Decodable { var levels: [String]; var modes: [[Double]] }
    var id: String
    var dataset: String
    var formula: String
    var term: String
    var REML: Bool
    var family: String
    var nobs: Int
    var levels: Int
    var REMLcrit: Double?
    var deviance: Double?
    var logLik: Double
    var fixef: Fixef
    var varcorr: VarCorr
    var sigma: Double
    var satterthwaite_df: [Double]?
    var ranef: Ranef

    static let all: [MultipleMembershipReference] = {
        guard let data = FileManager.default.contents(atPath: Repository.fixture("multimember_reference.json")) else { return [] }
        return (try? JSONDecoder().decode([MultipleMembershipReference].self, from: data)) ?? []
    }()

    static func named(_ id: String) -> MultipleMembershipReference? { all.first { $0.id == id } }

    func table() throws -> DataTable { try DataTable.readCSV(path: Repository.fixture("\(dataset).csv")) }

    /// lme4 names the term by the stand-in grouping `school1`; here it is labelled as written.
    var groups: [String] { varcorr.grp.map { $0 == "school1" ? term : $0 } }
}

/// Multiple-membership terms `(1 | mm(s1, s2, s3, weights(w1, w2, w3)))`: agreement with lme4
/// at the tolerances of the issue (criterion 1e-3, β within 1e-3 SE, SDs 1e-3 relative), the
/// weighted Z against its definition, and every bad input as a typed error.
struct MultipleMembershipTests {
    static let term = "mm(school1, school2, school3, weights(w1, w2, w3))"

    @Test(arguments: ["dev_intercept_reml", "dev_intercept_ml", "heldout_slope_la_reml", "heldout_intercept_la_reml"])
    func linearAgreesWithLme4(id: String) throws {
        let ref = try #require(MultipleMembershipReference.named(id), "reference \(id)")
        let m = try LinearMixedModel.fit(ref.formula, try ref.table(), reml: ref.REML)
        #expect(m.observationCount == ref.nobs)
        let mm = try #require(m.terms.first { $0.groupingName == ref.term })
        #expect(mm.levelCount == ref.levels)
        let criterion = try #require(ref.REML ? ref.REMLcrit : ref.deviance)
        #expect(abs(m.objective - criterion) < 1e-3, "criterion \(m.objective) vs \(criterion)")
        #expect(abs(m.sigma - ref.sigma) < 1e-3 * ref.sigma)
        #expect(m.fixedEffectNames == ref.fixef.names)
        let beta = m.fixedEffects, se = m.standardErrors
        for i in ref.fixef.names.indices {
            #expect(abs(beta[i] - ref.fixef.estimate[i]) < 1e-3 * ref.fixef.se[i], "β \(ref.fixef.names[i]): \(beta[i]) vs \(ref.fixef.estimate[i])")
            #expect(abs(se[i] - ref.fixef.se[i]) < 1e-3 * ref.fixef.se[i], "SE \(ref.fixef.names[i]): \(se[i]) vs \(ref.fixef.se[i])")
        }
        let vc = m.varianceComponents
        #expect(vc.map(\.group) == ref.groups)
        #expect(vc.map(\.var1) == ref.varcorr.var1)
        for (k, row) in vc.enumerated() {
            let expected = ref.varcorr.sdcor[k]
            if ref.varcorr.var2[k] == nil {
                #expect(abs(row.sdcor - expected) < 1e-3 * expected, "SD \(row.group) \(row.var1 ?? ""): \(row.sdcor) vs \(expected)")
            } else {
                #expect(abs(row.sdcor - expected) < 2e-3, "correlation \(row.group): \(row.sdcor) vs \(expected)")
            }
        }
        if let df = ref.satterthwaite_df {
            for (t, expected) in zip(m.coefficientTests(), df) {
                #expect(abs(t.degreesOfFreedom - expected) < 1e-2 * expected, "df \(t.name): \(t.degreesOfFreedom) vs \(expected)")
            }
        }
        // Conditional modes per school, found by label (lme4's levels are school1's, the same set).
        let re = try #require(try m.randomEffects(conditionalVariances: false).first { $0.groupingName == ref.term })
        let scale = vc.first { $0.group == ref.term }?.sdcor ?? 1
        for (k, label) in ref.ranef.levels.enumerated() {
            let level = try #require(re.levels.firstIndex(of: label), "level \(label)")
            for (c, expected) in ref.ranef.modes[k].enumerated() {
                #expect(abs(re.modes[level][c] - expected) < 2e-3 * scale, "mode \(label): \(re.modes[level][c]) vs \(expected)")
            }
        }
    }

    /// At the tolerances of the glmer reference tests (GeneralizedReferenceTests): logLik within
    /// 2e-3 and never 1e-3 below lme4's, β within 1e-2 SE, SEs 2e-2 relative (lme4's come from a
    /// finite-difference Hessian), the SD 1e-2 relative.
    @Test(arguments: [("dev_binomial", Distribution.binomial), ("dev_poisson", Distribution.poisson)])
    func generalisedAgreesWithLme4(id: String, distribution: Distribution) throws {
        let ref = try #require(MultipleMembershipReference.named(id), "reference \(id)")
        let m = try GeneralizedLinearMixedModel.fit(ref.formula, try ref.table(), distribution: distribution)
        #expect(abs(m.logLikelihood - ref.logLik) < 2e-3, "logLik \(m.logLikelihood) vs \(ref.logLik)")
        #expect(m.logLikelihood > ref.logLik - 1e-3)
        if let dev = ref.deviance { #expect(abs(m.deviance - dev) < 1e-2, "deviance \(m.deviance) vs \(dev)") }
        let beta = m.fixedEffects, se = m.standardErrors
        for i in ref.fixef.names.indices {
            #expect(abs(beta[i] - ref.fixef.estimate[i]) < 1e-2 * ref.fixef.se[i], "β \(ref.fixef.names[i]): \(beta[i]) vs \(ref.fixef.estimate[i])")
            #expect(abs(se[i] - ref.fixef.se[i]) < 2e-2 * ref.fixef.se[i], "SE \(ref.fixef.names[i]): \(se[i]) vs \(ref.fixef.se[i])")
        }
        let sd = try #require(m.varianceComponents.first { $0.group == ref.term })
        #expect(abs(sd.sdcor - ref.varcorr.sdcor[0]) < 1e-2 * ref.varcorr.sdcor[0], "SD \(sd.sdcor) vs \(ref.varcorr.sdcor[0])")
        let re = try #require(m.randomEffects.first { $0.groupingName == ref.term })
        for (k, label) in ref.ranef.levels.enumerated() {
            let level = try #require(re.levels.firstIndex(of: label))
            #expect(abs(re.modes[level][0] - ref.ranef.modes[k][0]) < 2e-3 * ref.varcorr.sdcor[0], "mode \(label)")
        }
    }

    // MARK: - The weighted Z

    /// Four pupils, schools A, B, C. Pupil 1: A; pupil 2: A 0.25 + B 0.75; pupil 3: B 0.5 + C 0.5;
    /// pupil 4: C. Z (rows pupils, columns A B C) is
    ///     [1 0 0; 0.25 0.75 0; 0 0.5 0.5; 0 0 1],
    /// so ZᵀZ = [1 + 0.0625, 0.1875, 0; 0.1875, 0.5625 + 0.25, 0.25; 0, 0.25, 0.25 + 1]
    ///        = [1.0625 0.1875 0; 0.1875 0.8125 0.25; 0 0.25 1.25],
    /// and with x = (1, 2, 3, 4) the slope column's Zᵀx = (1 + 0.5, 1.5 + 1.5, 1.5 + 4) = (1.5, 3, 5.5).
    static func smallTable(school2: [String?] = [nil, "B", "C", nil], w2: [Double] = [.nan, 0.75, 0.5, .nan]) throws -> DataTable {
        try DataTable(source: "small.csv", columns: [
            DataColumn(name: "y", numeric: [1.0, 2.5, 2.0, 4.5]),
            DataColumn(name: "x", numeric: [1, 2, 3, 4]),
            DataColumn(name: "s1", strings: ["A", "A", "B", "C"]),
            DataColumn(name: "s2", strings: school2),
            DataColumn(name: "w1", numeric: [1, 0.25, 0.5, 1]),
            DataColumn(name: "w2", numeric: w2),
        ])
    }

    @Test func weightedIndicatorCrossProducts() throws {
        let frame = try ModelFrame(formula: "y ~ x + (1 | mm(s1, s2, weights(w1, w2)))", data: try Self.smallTable())
        let t = try #require(frame.randomEffects.first)
        #expect(t.groupingName == "mm(s1, s2, weights(w1, w2))")
        #expect(t.levels == ["A", "B", "C"])
        #expect(t.isMultipleMembership)
        let system = BlockedSystem(terms: frame.randomEffects, xy: Self.withResponse(frame))
        let gram = system.a[BlockedSystem.index(0, 0)].dense()
        let expected: [[Double]] = [[1.0625, 0.1875, 0], [0.1875, 0.8125, 0.25], [0, 0.25, 1.25]]
        for r in 0..<3 { for c in 0..<3 { #expect(abs(gram[r, c] - expected[r][c]) < 1e-12, "ZᵀZ[\(r), \(c)]") } }
        // [X y]ᵀZ: row 1 is the intercept's column sums of Z, (1.25, 1.25, 1.5); row 2 is Zᵀx.
        let cross = system.a[BlockedSystem.index(1, 0)].dense()
        let sums = [1.25, 1.25, 1.5], zx = [1.5, 3, 5.5]
        for c in 0..<3 {
            #expect(abs(cross[0, c] - sums[c]) < 1e-12)
            #expect(abs(cross[1, c] - zx[c]) < 1e-12)
        }
        // Zb for b = (1, 10, 100): (1, 0.25 + 7.5, 5 + 50, 100).
        var eta = [0.0, 0, 0, 0]
        t.addPredictor(effects: [1, 10, 100], to: &eta)
        for (v, e) in zip(eta, [1, 7.75, 55, 100]) { #expect(abs(v - e) < 1e-12) }
    }

    static func withResponse(_ frame: ModelFrame) -> Matrix {
        let n = frame.response.count, p = frame.fixedEffectNames.count
        var xy = Matrix(rows: n, columns: p + 1)
        for c in 0..<p { for o in 0..<n { xy[o, c] = frame.fixedEffectsMatrix[o, c] } }
        for o in 0..<n { xy[o, p] = frame.response[o] }
        return xy
    }

    /// With one school per pupil (weight 1, the other cells empty) the term is `(1 | school1)`:
    /// the same fit to the last digit the optimiser settles, on the development data.
    @Test func singleMembershipIsTheOrdinaryTerm() throws {
        var table = try DataTable.readCSV(path: Repository.fixture("multimember_dev.csv"))
        let n = table.rowCount
        try table.setColumn(DataColumn(name: "w1", numeric: Array(repeating: 1, count: n)))
        try table.setColumn(DataColumn(name: "school2", strings: Array(repeating: nil, count: n)))
        try table.setColumn(DataColumn(name: "w2", numeric: Array(repeating: .nan, count: n)))
        let mm = try LinearMixedModel.fit("y ~ x + (1 + x | mm(school1, school2, weights(w1, w2)))", table)
        let plain = try LinearMixedModel.fit("y ~ x + (1 + x | school1)", table)
        #expect(abs(mm.objective - plain.objective) < 1e-6)
        for (a, b) in zip(mm.fixedEffects, plain.fixedEffects) { #expect(abs(a - b) < 1e-5) }
        for (a, b) in zip(mm.varianceComponents, plain.varianceComponents) { #expect(abs(a.sdcor - b.sdcor) < 1e-4) }
    }

    /// A term of `levels` levels over n rows, a share of whose rows belong to two or three
    /// levels with random weights summing to 1; z = (1, uniform(−2, 2), ...).
    static func membershipTerm(_ name: String, levels: Int, q: Int, n: Int, multiple: Bool,
                               rng: inout SplitMix) -> RandomEffectsMatrix {
        var start: [Int32] = [0], level: [Int32] = [], weight: [Double] = [], z: [Double] = []
        for _ in 0..<n {
            let count = multiple && Double.random(in: 0..<1, using: &rng) < 0.3 ? Int.random(in: 2...3, using: &rng) : 1
            var chosen: [Int32] = []
            while chosen.count < count {
                let l = Int32(Int.random(in: 0..<levels, using: &rng))
                if !chosen.contains(l) { chosen.append(l) }
            }
            let raw = chosen.map { _ in Double.random(in: 0.2...1, using: &rng) }
            let total = raw.reduce(0, +)
            level += chosen
            weight += raw.map { $0 / total }
            start.append(Int32(level.count))
            z.append(1)
            for _ in 1..<max(q, 1) { z.append(Double.random(in: -2...2, using: &rng)) }
        }
        let refs = (0..<n).map { level[Int(start[$0])] }
        let names = Array((["(Intercept)"] + (1..<max(q, 1)).map { "x\($0)" }).prefix(q))
        return RandomEffectsMatrix(groupingName: name, levels: (0..<levels).map(String.init), columnNames: names,
                                   refs: refs, z: z,
                                   membership: multiple ? MembershipMatrix(start: start, level: level, weight: weight) : nil)
    }

    /// log|ΛᵀZᵀZΛ + I|, r² and log|R_XᵀR_X| from the blocked factor against a dense Cholesky of
    /// the whole penalised system, with the dense ZΛ written from the memberships: row o holds
    /// Σ_j w_oj z_oᵀλ in the columns of each of its levels j.
    static func checkAgainstDense(_ terms: [RandomEffectsMatrix], theta: [Double], rng: inout SplitMix) throws {
        let n = terms[0].refs.count
        var xy = Matrix(rows: n, columns: 3)
        for o in 0..<n {
            xy[o, 0] = 1
            xy[o, 1] = Double.random(in: -1...1, using: &rng)
            xy[o, 2] = Double.random(in: -3...3, using: &rng)
        }
        var system = BlockedSystem(terms: terms, xy: xy)
        system.setTheta(theta)
        try system.updateL()
        let q = system.terms.reduce(0) { $0 + $1.columnCount }
        var full = Matrix(rows: n, columns: q + 3)
        var offset = 0
        for t in system.terms {
            let lam = t.lambdaMatrix
            for o in 0..<n {
                let members: [(Int, Double)] = t.membership.map { m in
                    (Int(m.start[o])..<Int(m.start[o + 1])).map { (Int(m.level[$0]), m.weight[$0]) }
                } ?? [(Int(t.refs[o]), 1)]
                for (lev, w) in members {
                    for c in 0..<t.q {
                        var v = 0.0
                        for k in 0..<t.q { v += t.z[o * t.q + k] * lam[k, c] }
                        full[o, offset + lev * t.q + c] += w * v
                    }
                }
            }
            offset += t.columnCount
        }
        for c in 0..<3 { for o in 0..<n { full[o, q + c] = xy[o, c] } }
        var m = Matrix(rows: q + 3, columns: q + 3)
        try BLAS.syrk(full, transpose: true, into: &m)
        for i in 0..<q { m[i, i] += 1 }
        try Cholesky.factor(&m)
        var logdet = 0.0
        for i in 0..<q { logdet += 2 * log(m[i, i]) }
        let r = m[q + 2, q + 2]
        var ldx = 0.0
        for i in q..<(q + 2) { ldx += 2 * log(m[i, i]) }
        #expect(abs(logdet - system.logDeterminantRandom) < 1e-9 * max(1, abs(logdet)), "log det \(logdet) vs \(system.logDeterminantRandom)")
        #expect(abs(r * r - system.penalizedResidualSumOfSquares) < 1e-9 * max(1, r * r))
        #expect(abs(ldx - system.logDeterminantFixed) < 1e-9 * max(1, abs(ldx)))
    }

    /// The mm term first (dense L₁₁), second below a block-diagonal first term, and third below
    /// a crossed pair whose second block is sparse; with random slopes.
    @Test func blockedFactorAgreesWithDense() throws {
        var rng = SplitMix(state: 11)
        let n = 300
        let mm = Self.membershipTerm("mm", levels: 25, q: 2, n: n, multiple: true, rng: &rng)
        let big = Self.membershipTerm("g", levels: 60, q: 1, n: n, multiple: false, rng: &rng)
        let mid = Self.membershipTerm("h", levels: 40, q: 1, n: n, multiple: false, rng: &rng)
        let small = Self.membershipTerm("k", levels: 6, q: 2, n: n, multiple: false, rng: &rng)
        try Self.checkAgainstDense([mm, small], theta: [0.9, 0.3, 0.6, 1.2, -0.2, 0.5], rng: &rng)
        try Self.checkAgainstDense([big, mm, small], theta: [0.7, 0.9, 0.3, 0.6, 1.2, -0.2, 0.5], rng: &rng)
        try Self.checkAgainstDense([big, mid, mm], theta: [0.7, 1.1, 0.9, 0.3, 0.6], rng: &rng)
        let mm1 = Self.membershipTerm("mm1", levels: 20, q: 1, n: n, multiple: true, rng: &rng)
        try Self.checkAgainstDense([big, mm1, mm], theta: [0.7, 1.3, 0.9, 0.3, 0.6], rng: &rng)
    }

    // MARK: - Bad input

    static func membershipError(_ body: () throws -> Void) -> (term: String, row: Int, column: String, reason: String)? {
        do { try body() } catch {
            if case .invalidMembership(let term, let row, let column, let reason)? = error as? MixedModelError {
                return (term, row, column, reason)
            }
        }
        return nil
    }

    static let smallFormula = "y ~ x + (1 | mm(s1, s2, weights(w1, w2)))"

    @Test func weightsMustSumToOne() throws {
        // Row 2: 0.25 + 0.7 = 0.95.
        let table = try Self.smallTable(w2: [.nan, 0.7, 0.5, .nan])
        let e = try #require(Self.membershipError { _ = try ModelFrame(formula: Self.smallFormula, data: table) })
        #expect(e.term == "mm(s1, s2, weights(w1, w2))" && e.row == 2 && e.column == "w1, w2")
        #expect(e.reason.contains("0.95"))
    }

    @Test func weightsWithinToleranceAreAccepted() throws {
        // 0.25 + 0.7500005 is within 1e-6 of 1.
        let table = try Self.smallTable(w2: [.nan, 0.7500005, 0.5, .nan])
        #expect(throws: Never.self) { try ModelFrame(formula: Self.smallFormula, data: table) }
    }

    @Test func negativeWeightIsAnError() throws {
        // Row 3: w2 = −0.5 (w1 + w2 would still not be 1, but the sign is reported first).
        let table = try Self.smallTable(w2: [.nan, 0.75, -0.5, .nan])
        let e = try #require(Self.membershipError { _ = try ModelFrame(formula: Self.smallFormula, data: table) })
        #expect(e.row == 3 && e.column == "w2" && e.reason.contains("not a positive"))
    }

    @Test func weightWithoutSchoolIsAnError() throws {
        // Row 4 has no second school but a weight 0.3 for it.
        let table = try Self.smallTable(w2: [.nan, 0.75, 0.5, 0.3])
        let e = try #require(Self.membershipError { _ = try ModelFrame(formula: Self.smallFormula, data: table) })
        #expect(e.row == 4 && e.column == "w2" && e.reason.contains("empty 's2'"))
        // A weight of 0 for an empty school is accepted.
        #expect(throws: Never.self) { try ModelFrame(formula: Self.smallFormula, data: try Self.smallTable(w2: [0, 0.75, 0.5, .nan])) }
    }

    @Test func schoolWithoutWeightIsAnError() throws {
        let table = try Self.smallTable(w2: [.nan, .nan, 0.5, .nan])
        let e = try #require(Self.membershipError { _ = try ModelFrame(formula: Self.smallFormula, data: table) })
        #expect(e.row == 2 && e.column == "w2" && e.reason.contains("no weight"))
    }

    @Test func schoolAfterAnEmptyCellIsAnError() throws {
        let table = try DataTable(source: "t.csv", columns: [
            DataColumn(name: "y", numeric: [1, 2, 3]), DataColumn(name: "x", numeric: [1, 2, 3]),
            DataColumn(name: "s1", strings: ["A", "B", "A"]), DataColumn(name: "s2", strings: [nil, nil, nil]),
            DataColumn(name: "s3", strings: [nil, "A", nil]),
            DataColumn(name: "w1", numeric: [1, 0.5, 1]), DataColumn(name: "w2", numeric: [.nan, .nan, .nan]),
            DataColumn(name: "w3", numeric: [.nan, 0.5, .nan]),
        ])
        let e = try #require(Self.membershipError {
            _ = try ModelFrame(formula: "y ~ x + (1 | mm(s1, s2, s3, weights(w1, w2, w3)))", data: table)
        })
        #expect(e.row == 2 && e.column == "s3" && e.reason.contains("'s2'"))
    }

    /// Row 3 lists B twice (0.5 + 0.5): merged into B with weight 1, which is pupil 3 in B
    /// alone; the fit equals the one with that row written so, and the note counts one row.
    @Test func duplicateSchoolIsMergedAndReported() throws {
        let dup = try DataTable(source: "dup.csv", columns: [
            DataColumn(name: "y", numeric: [1.0, 2.5, 2.0, 4.5, 3.0, 1.5]),
            DataColumn(name: "x", numeric: [1, 2, 3, 4, 5, 6]),
            DataColumn(name: "s1", strings: ["A", "A", "B", "C", "C", "B"]),
            DataColumn(name: "s2", strings: [nil, "B", "B", nil, "A", nil]),
            DataColumn(name: "w1", numeric: [1, 0.25, 0.5, 1, 0.6, 1]),
            DataColumn(name: "w2", numeric: [.nan, 0.75, 0.5, .nan, 0.4, .nan]),
        ])
        let frame = try ModelFrame(formula: Self.smallFormula, data: dup)
        let note = "mm(s1, s2, weights(w1, w2)): 1 row listed the same school more than once; the weights were added"
        #expect(frame.messages.contains(note))
        #expect(frame.randomEffects.first?.notes == [note])
        let membership = try #require(frame.randomEffects.first?.membership)
        #expect(Array(membership.level[membership.range(2)]) == [1] && Array(membership.weight[membership.range(2)]) == [1])
        var merged = dup
        try merged.setColumn(DataColumn(name: "s2", strings: [nil, "B", nil, nil, "A", nil]))
        try merged.setColumn(DataColumn(name: "w1", numeric: [1, 0.25, 1, 1, 0.6, 1]))
        try merged.setColumn(DataColumn(name: "w2", numeric: [.nan, 0.75, .nan, .nan, 0.4, .nan]))
        let a = try LinearMixedModel(formula: Self.smallFormula, data: dup)
        let b = try LinearMixedModel(formula: Self.smallFormula, data: merged)
        #expect(abs(a.objective(at: [0.7]) - b.objective(at: [0.7])) < 1e-12)
    }

    @Test func unknownMembershipColumnIsNamed() throws {
        for formula in ["y ~ x + (1 | mm(s1, nosuch, weights(w1, w2)))", "y ~ x + (1 | mm(s1, s2, weights(w1, nosuch)))"] {
            let table = try Self.smallTable()
            var caught: MixedModelError? = nil
            do { _ = try ModelFrame(formula: formula, data: table) } catch { caught = error }
            guard case .unknownColumn(_, let column, _)? = caught else {
                Issue.record("expected unknownColumn for \(formula), got \(String(describing: caught))")
                continue
            }
            #expect(column == "nosuch")
        }
    }

    @Test(arguments: [
        ("y ~ x + (1 | mm(s1, s2))", "the last argument must be weights"),
        ("y ~ x + (1 | mm(s1, s2, weights(w1)))", "2 membership columns but 1 weight column"),
        ("y ~ x + (1 | mm(s1, weights(w1, w2)))", "1 membership column but 2 weight columns"),
        ("y ~ x + (1 | mm(s1, log(s2), weights(w1, w2)))", "membership column 'log(s2)' is not a column name"),
        ("y ~ x + (1 | mm(weights()))", "no membership columns"),
        ("y ~ x + (1 | mm(s1, s1, weights(w1, w2)))", "'s1' is listed twice"),
    ])
    func malformedMmIsAFormulaError(formula: String, reason: String) throws {
        var caught: FormulaError? = nil
        do { _ = try Formula(parsing: formula) } catch { caught = error }
        guard case .invalidMultipleMembership(let term, let why, _, _)? = caught else {
            Issue.record("expected invalidMultipleMembership for \(formula), got \(String(describing: caught))")
            return
        }
        #expect(term.hasPrefix("mm("))
        #expect(why.contains(reason), "\(why)")
    }

    /// The dense diagonal block of a 120-school mm term needs 120² · 8 = 115,200 bytes: refused
    /// under a 50,000-byte limit (which the 2,000 x 2 model matrices, 32,000 bytes, pass), with
    /// the term named; an ordinary (1 | school1) needs no such block and is accepted.
    @Test func denseBlockCountsAgainstTheAllocationLimit() throws {
        let table = try DataTable.readCSV(path: Repository.fixture("multimember_dev.csv"))
        let options = ModelFrame.Options(maximumAllocationBytes: 50_000)
        var caught: MixedModelError? = nil
        do { _ = try ModelFrame(formula: "y ~ x + (1 | \(Self.term))", data: table, options: options) } catch { caught = error }
        guard case .tooLarge(let what, let terms, _, _, let bytes, _)? = caught else {
            Issue.record("expected tooLarge, got \(String(describing: caught))")
            return
        }
        #expect(what.contains(Self.term) && terms.first?.hasPrefix(Self.term) == true)
        #expect(bytes == 115_200)
        #expect(throws: Never.self) { try ModelFrame(formula: "y ~ x + (1 | school1)", data: table, options: options) }
    }

    @Test func quadratureIsRefusedForMultipleMembership() throws {
        let ref = try #require(MultipleMembershipReference.named("dev_binomial"))
        #expect(throws: MixedModelError.self) {
            try GeneralizedLinearMixedModel(formula: ref.formula, data: try ref.table(), distribution: .binomial, quadraturePoints: 5)
        }
    }
}
