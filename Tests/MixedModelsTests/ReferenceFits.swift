import Foundation

/// lme4's results on public datasets (lme4 1.1-31, R 4.2.2; Satterthwaite columns from
/// lmerTest 3.1-3), copied from the project's reference file into the test fixtures.
/// R writes a length-one vector as a scalar, so every field is read leniently.
struct ReferenceFit {
    struct RanefHead {
        var factor: String
        var levels: [String]
        var modes: [[Double]]
        /// Per level, the q x q conditional covariance flattened (q = 1: one number).
        var condVar: [[Double]]
    }
    var id: String
    var dataset: String
    var formula: String
    var reml: Bool
    var family: String
    var nAGQ: Int?
    var nobs: Int
    var ngroups: [String: Int]
    var fixefNames: [String]
    var fixefEstimate: [Double]
    var fixefSE: [Double]
    var satterthwaiteDF: [Double]
    var satterthwaiteP: [Double]
    var varcorrGroup: [String]
    var varcorrVar1: [String?]
    var varcorrVar2: [String?]
    var varcorrVariance: [Double]
    var varcorrSDCor: [Double]
    var sigma: Double
    var theta: [Double]
    var deviance: Double?
    var remlCriterion: Double?
    var logLik: Double
    var aic: Double
    var bic: Double
    var ranefHead: [RanefHead]

    /// All reference fits.
    static let all: [ReferenceFit] = {
        guard let data = FileManager.default.contents(atPath: Repository.fixture("lme4_reference.json")),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return list.map(ReferenceFit.init)
    }()

    static func named(_ id: String) -> ReferenceFit? { all.first { $0.id == id } }

    static func doubles(_ v: Any?) -> [Double] {
        if let a = v as? [Any] { return a.map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
        if let n = v as? NSNumber { return [n.doubleValue] }
        return []
    }
    static func strings(_ v: Any?) -> [String?] {
        if let a = v as? [Any] { return a.map { $0 as? String } }
        if let s = v as? String { return [s] }
        if v is NSNull { return [nil] }
        return []
    }

    static func levelMatrices(_ v: Any?) -> [[Double]] {
        guard let levels = v as? [Any] else { return doubles(v).map { [$0] } }
        return levels.map { level in
            if let rows = level as? [Any], rows.first is [Any] { return rows.flatMap { doubles($0) } }
            return doubles(level)
        }
    }

    init(_ d: [String: Any]) {
        id = d["id"] as? String ?? ""
        dataset = d["dataset"] as? String ?? ""
        formula = d["formula"] as? String ?? ""
        reml = d["REML"] as? Bool ?? false
        family = d["family"] as? String ?? ""
        nAGQ = (d["nAGQ"] as? NSNumber)?.intValue
        nobs = (d["nobs"] as? NSNumber)?.intValue ?? 0
        ngroups = (d["ngroups"] as? [String: Any] ?? [:]).mapValues { ($0 as? NSNumber)?.intValue ?? 0 }
        let f = d["fixef"] as? [String: Any] ?? [:]
        fixefNames = Self.strings(f["names"]).map { $0 ?? "" }
        fixefEstimate = Self.doubles(f["estimate"])
        fixefSE = Self.doubles(f["se"])
        satterthwaiteDF = Self.doubles(f["satterthwaite_df"])
        satterthwaiteP = Self.doubles(f["satterthwaite_p"])
        let v = d["varcorr"] as? [String: Any] ?? [:]
        varcorrGroup = Self.strings(v["grp"]).map { $0 ?? "" }
        varcorrVar1 = Self.strings(v["var1"])
        varcorrVar2 = Self.strings(v["var2"])
        varcorrVariance = Self.doubles(v["vcov"])
        varcorrSDCor = Self.doubles(v["sdcor"])
        sigma = (d["sigma"] as? NSNumber)?.doubleValue ?? .nan
        theta = Self.doubles(d["theta"])
        deviance = (d["deviance"] as? NSNumber)?.doubleValue
        remlCriterion = (d["REMLcrit"] as? NSNumber)?.doubleValue
        logLik = (d["logLik"] as? NSNumber)?.doubleValue ?? .nan
        aic = (d["AIC"] as? NSNumber)?.doubleValue ?? .nan
        bic = (d["BIC"] as? NSNumber)?.doubleValue ?? .nan
        ranefHead = (d["ranef_head"] as? [[String: Any]] ?? []).map { r in
            let modes: [[Double]]
            if let m = r["modes"] as? [Any] { modes = m.map { Self.doubles($0) } } else { modes = [] }
            return RanefHead(factor: r["factor"] as? String ?? "", levels: Self.strings(r["levels"]).map { $0 ?? "" },
                             modes: modes, condVar: Self.levelMatrices(r["condVar"]))
        }
    }
}

/// Names of the reference fits, per model family.
enum ReferenceIDs {
    static let gaussian = ["exam_ri_reml", "exam_ri_ml", "exam_rs_reml", "hsb82_rs_reml", "sleepstudy_rs_reml",
                           "penicillin_crossed_reml", "pastes_nested_reml"]
}
