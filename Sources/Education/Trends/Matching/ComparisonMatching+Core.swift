extension ComparisonMatching {
    /// One school as the matcher sees it: its covariates (in the order of the covariate names),
    /// its change on the outcome over the comparison window and its exact-matching stratum.
    ///
    /// The pool may hold one school more than once (once per baseline year, as the evaluation's
    /// staggered support needs); without replacement a school is then used at most once in all.
    public struct Profile: Sendable, Hashable {
        public var school: URN
        public var x: [Double]
        public var change: Double
        public var stratum: String?

        public init(school: URN, x: [Double], change: Double, stratum: String?) {
            self.school = school
            self.x = x
            self.change = change
            self.stratum = stratum
        }
    }

    /// The matching itself, shared by the trends (`run(table:group:...)`) and the evaluation
    /// (`MatchedComparison`): standardised distances, the caliper, k nearest neighbours with or
    /// without replacement (best-first), the pairs, the balance table and the two estimates.
    /// `unmatched` holds the schools already left out while their profiles were built; the
    /// supported schools with no candidate are added to it. `stratumDescription` says what the
    /// stratum is in the no-candidate message ("its phase and area").
    public static func match(
        group: String, covariates names: [String], treated: [Profile], pool: [Profile], unmatched: [Unmatched],
        exactStratum useStratum: Bool, stratumDescription: String, options: MatchingOptions, level: Double
    ) -> ComparisonMatching {
        var unmatched = unmatched
        // Standardise by the SD over supported and candidate schools together.
        let all = treated.map(\.x) + pool.map(\.x)
        let k = names.count
        let scale: [Double] = (0..<k).map { j in
            let v = all.compactMap { j < $0.count ? $0[j] : nil }
            guard v.count >= 2 else { return 1 }
            let m = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
            return sd > 0 && sd.isFinite ? sd : 1
        }
        func distance(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for j in 0..<min(k, a.count, b.count) { let d = (a[j] - b[j]) / scale[j]; s += d * d }
            return s.squareRoot()
        }

        // Candidate lists per supported school, nearest first, within the caliper and stratum.
        var choices: [[(index: Int, distance: Double)]] = treated.map { t in
            pool.indices.compactMap { i -> (Int, Double)? in
                if useStratum && pool[i].stratum != t.stratum { return nil }
                let d = distance(t.x, pool[i].x)
                if let caliper = options.caliper, d > caliper { return nil }
                return (i, d)
            }.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && pool[$0.0].school < pool[$1.0].school) }
        }
        var matches: [[(index: Int, distance: Double)]] = Array(repeating: [], count: treated.count)
        if options.withReplacement {
            for t in treated.indices { matches[t] = Array(choices[t].prefix(options.neighbours)) }
        } else {
            // Best-first greedy: repeatedly take the closest remaining (supported, candidate)
            // pair among supported schools that still need matches; a school once used is
            // not used again, whichever of its pool entries was taken.
            var used = Set<URN>()
            while true {
                var best: (t: Int, choice: (index: Int, distance: Double))?
                for t in treated.indices where matches[t].count < options.neighbours {
                    choices[t].removeAll { used.contains(pool[$0.index].school) }
                    guard let first = choices[t].first else { continue }
                    if let current = best, current.choice.distance <= first.distance { continue }
                    best = (t, first)
                }
                guard let best else { break }
                matches[best.t].append(best.choice)
                used.insert(pool[best.choice.index].school)
            }
        }

        var pairs: [Pair] = []
        for (t, school) in treated.enumerated() {
            let chosen = matches[t]
            guard !chosen.isEmpty else {
                let within = useStratum ? " in \(stratumDescription)" : ""
                unmatched.append(Unmatched(
                    school: school.school, reason: .noCandidate,
                    message: options.caliper.map { "no never-supported school\(within) within the caliper \($0)" }
                        ?? "no never-supported school\(within)"))
                continue
            }
            let comparisonChange = chosen.reduce(0) { $0 + pool[$1.index].change } / Double(chosen.count)
            pairs.append(Pair(school: school.school, comparisons: chosen.map { pool[$0.index].school }.sorted(),
                              distance: chosen.reduce(0) { $0 + $1.distance } / Double(chosen.count),
                              change: school.change, comparisonChange: comparisonChange))
        }
        unmatched.sort { $0.school < $1.school }

        // Balance: supported against all candidates, and matched supported against their matches
        // (each match weighted 1/k within its pair).
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
        func variance(_ v: [Double]) -> Double {
            guard v.count >= 2 else { return 0 }
            let m = mean(v)
            return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
        }
        let matchedTreated = treated.indices.filter { !matches[$0].isEmpty }
        var balance: [BalanceRow] = []
        for (j, name) in names.enumerated() where !treated.isEmpty && !pool.isEmpty {
            let t = treated.compactMap { j < $0.x.count ? $0.x[j] : nil }, c = pool.compactMap { j < $0.x.count ? $0.x[j] : nil }
            let pooledSD = ((variance(t) + variance(c)) / 2).squareRoot()
            func smd(_ a: Double, _ b: Double) -> Double { pooledSD > 0 ? (a - b) / pooledSD : 0 }
            var afterTreated: Double?, afterComparison: Double?
            if !matchedTreated.isEmpty {
                afterTreated = mean(matchedTreated.compactMap { j < treated[$0].x.count ? treated[$0].x[j] : nil })
                afterComparison = mean(matchedTreated.map { i in
                    matches[i].reduce(0) { $0 + (j < pool[$1.index].x.count ? pool[$1.index].x[j] : 0) } / Double(matches[i].count)
                })
            }
            balance.append(BalanceRow(
                covariate: name, supportedMean: mean(t), comparisonMeanBefore: mean(c), comparisonMeanAfter: afterComparison,
                standardisedDifferenceBefore: smd(mean(t), mean(c)),
                standardisedDifferenceAfter: afterTreated.flatMap { a in afterComparison.map { smd(a, $0) } }))
        }

        // Bias correction (Abadie and Imbens 2011): each match's change moved by β'(x_t − x_c),
        // β from the regression of the change on the covariates over the candidates.
        var adjusted: [Double] = []
        if let beta = changeRegression(pool, covariates: k) {
            for t in matchedTreated {
                let x = treated[t].x
                let corrected = matches[t].reduce(0.0) { sum, choice in
                    let c = pool[choice.index]
                    var shift = 0.0
                    for j in 0..<min(k, x.count, c.x.count) { shift += beta[j] * (x[j] - c.x[j]) }
                    return sum + c.change + shift
                } / Double(matches[t].count)
                adjusted.append(treated[t].change - corrected)
            }
        }

        var result = ComparisonMatching(
            group: group, options: options, covariates: names, exactStratum: useStratum,
            candidates: Set(pool.map(\.school)).count,
            pairs: pairs, unmatched: unmatched, balance: balance,
            naiveChange: MeanEstimate(treated.map(\.change), level: level),
            matchedDifference: MeanEstimate(pairs.map { $0.change - $0.comparisonChange }, level: level),
            level: level)
        result.biasCorrectedDifference = MeanEstimate(adjusted, level: level)
        return result
    }

    /// The slopes β of the least-squares regression of the change on the covariates (with an
    /// intercept) over `pool`; a covariate that does not vary in the pool gets slope 0. Nil
    /// when the pool has too few schools or the covariates are collinear.
    static func changeRegression(_ pool: [Profile], covariates k: Int) -> [Double]? {
        let rows = pool.filter { $0.x.count == k && $0.x.allSatisfy(\.isFinite) && $0.change.isFinite }
        guard k > 0 else { return nil }
        // Centre and scale each covariate; keep those that vary.
        var centre = [Double](repeating: 0, count: k), spread = [Double](repeating: 0, count: k)
        for j in 0..<k {
            let v = rows.map { $0.x[j] }
            let m = v.reduce(0, +) / Double(max(v.count, 1))
            centre[j] = m
            spread[j] = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(v.count - 1, 1))).squareRoot()
        }
        let used = (0..<k).filter { spread[$0] > 1e-12 && spread[$0].isFinite }
        let p = used.count
        guard p > 0, rows.count > p + 2 else { return nil }
        let meanChange = rows.reduce(0) { $0 + $1.change } / Double(rows.count)
        // Normal equations on centred, scaled covariates (the intercept is then the mean).
        var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var b = [Double](repeating: 0, count: p)
        for row in rows {
            let z = used.map { (row.x[$0] - centre[$0]) / spread[$0] }
            for i in 0..<p {
                b[i] += z[i] * (row.change - meanChange)
                for j in 0...i { a[i][j] += z[i] * z[j] }
            }
        }
        // Cholesky A = L L', then L y = b, L' g = y.
        var l = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for i in 0..<p {
            for j in 0...i {
                var s = a[i][j]
                for m in 0..<j { s -= l[i][m] * l[j][m] }
                if i == j {
                    guard s > 1e-9 * Double(rows.count), s.isFinite else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = b[i]
            for m in 0..<i { s -= l[i][m] * y[m] }
            y[i] = s / l[i][i]
        }
        var g = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = y[i]
            for m in (i + 1)..<p { s -= l[m][i] * g[m] }
            g[i] = s / l[i][i]
        }
        var beta = [Double](repeating: 0, count: k)
        for (i, j) in used.enumerated() { beta[j] = g[i] / spread[j] }
        return beta.allSatisfy(\.isFinite) ? beta : nil
    }
}
