import DataTable

extension NPDDataSet {
    /// The columns of `analysisTable(classification:)` other than the per-category indicators,
    /// in order.
    public static let analysisColumns = [
        "pupil", "year", "key_stage", "school", "la", "area", "phase",
        "gender", "ethnic", "fsm", "fsm_ever6", "eal", "sen", "idaci", "month_of_birth",
        "ks1_aps", "ks2_aps", "ks2_english_points", "ks2_maths_points", "ks2_level4_em",
        "ks2_reading_scaled", "ks2_maths_scaled", "ks2_expected_rm",
        "ks4_capped", "ks4_5ac_em", "ks4_attainment8",
        "sessions_possible", "sessions_authorised", "sessions_unauthorised", "sessions_absent",
        "persistent_absence",
        "support", "providing", "receiving", "cross_la", "support_days",
    ]

    /// One row per accepted pupil, with columns named for model formulas (missing values are
    /// NaN or a negative code, R's `NA`; the model layer drops incomplete rows and counts them):
    ///
    /// - identifiers: `pupil` (factor), `year` (summer of the academic year), `key_stage`,
    ///   `school` (URN), `la` (the school's LA), `area`, `phase` (factors);
    /// - controls: `gender`, `ethnic`, `sen` (factors), `fsm`, `fsm_ever6`, `eal` (0/1),
    ///   `idaci`, `month_of_birth` (1–12), `ks1_aps`;
    /// - KS2: `ks2_aps`, `ks2_english_points`, `ks2_maths_points`, `ks2_level4_em` (0/1),
    ///   `ks2_reading_scaled`, `ks2_maths_scaled`, `ks2_expected_rm` (0/1, both at 100+);
    /// - KS4: `ks4_capped`, `ks4_5ac_em` (0/1), `ks4_attainment8`;
    /// - absence: `sessions_possible`, `sessions_authorised`, `sessions_unauthorised`,
    ///   `sessions_absent` (authorised + unauthorised), `persistent_absence` (0/1, at the year's
    ///   threshold);
    /// - support in the pupil's year at the pupil's school (`SchoolSupportStatus`): `support`
    ///   (the primary category; factor with the none label as reference), one 0/1 indicator
    ///   `support_<category>` per category of `classification` in its order, `providing`,
    ///   `receiving` (0/1), `cross_la` (0/1; 0 without support; NA when unknown) and
    ///   `support_days` (days in the year; 0 without support; NA when unknown);
    /// - when some pupil has them (`membershipColumns()`): `ks2_urn`, and `school_fraction`,
    ///   `school2_urn`, `school2_fraction`, `school3_urn`, `school3_fraction`.
    ///
    /// Factors hold only the levels that occur, byte-order sorted as R's `factor` sorts them,
    /// so the table matches what R's `read.csv(stringsAsFactors = TRUE)` gives for the same
    /// data written by `csvText()`.
    ///
    /// A numeric column whose values are all whole numbers or missing (indicators, counts,
    /// URNs, and measures absent from the data, such as KS1 in a KS4 extract) is stored in one
    /// to four bytes a row (`CompactIntegers`) and reads back exactly.
    ///
    /// - Throws: `DataTableError.duplicateColumn` when an indicator name `support_<category>`
    ///   equals another column's name (a category called `days`).
    public func analysisTable(
        classification: SupportClassification = .nferDefault, source: String = "analysis"
    ) throws(DataTableError) -> DataTable {
        struct StatusKey: Hashable { var school: URN; var year: AcademicYear }
        var statuses: [StatusKey: SchoolSupportStatus] = [:]
        let n = pupils.count
        let categories = classification.categories

        var schoolValue = [Double](repeating: .nan, count: n), laValue = schoolValue
        var area = [Area?](repeating: nil, count: n)
        var phase = [SchoolPhase?](repeating: nil, count: n)
        var support = [String?](repeating: nil, count: n)
        var indicators = [[Double]](repeating: [Double](repeating: 0, count: n), count: categories.count)
        var providing = [Double](repeating: .nan, count: n), receiving = providing
        var crossLA = providing, days = providing

        for (row, pupil) in pupils.enumerated() {
            guard let school = school(pupil.school) else { continue }
            schoolValue[row] = Double(school.urn.value)
            laValue[row] = Double(school.la.value)
            area[row] = school.area
            phase[row] = school.phase
            let key = StatusKey(school: school.urn, year: pupil.year)
            let status: SchoolSupportStatus
            if let cached = statuses[key] {
                status = cached
            } else {
                status = supportStatus(of: school, in: pupil.year, classification: classification)
                statuses[key] = status
            }
            support[row] = status.primaryCategory
            for (index, category) in categories.enumerated() where status.isIn(category) {
                indicators[index][row] = 1
            }
            providing[row] = status.isProviding ? 1 : 0
            receiving[row] = status.isReceiving ? 1 : 0
            crossLA[row] = status.crossLA.map { $0 ? 1 : 0 } ?? .nan
            days[row] = status.supportDays ?? .nan
        }

        func flag(_ value: Bool?) -> Double { value.map { $0 ? 1 : 0 } ?? .nan }
        func number(_ value: Double?) -> Double { value ?? .nan }
        func integer(_ value: Int?) -> Double { value.map(Double.init) ?? .nan }
        func levels(_ result: KS2Result?) -> KS2LevelResult? {
            if case let .levels(levels)? = result { return levels }
            return nil
        }
        func scaled(_ result: KS2Result?) -> KS2ScaledResult? {
            if case let .scaledScores(scaled)? = result { return scaled }
            return nil
        }

        var columns: [DataColumn] = [
            DataColumn(name: "pupil", strings: pupils.map(\.pupil)),
            DataColumn(name: "year", numeric: pupils.map { Double($0.year.endYear) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "key_stage", numeric: pupils.map { Double($0.keyStage.rawValue) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "school", numeric: schoolValue, isInteger: true).compactingIntegers(),
            DataColumn(name: "la", numeric: laValue, isInteger: true).compactingIntegers(),
            Self.factor("area", area),
            Self.factor("phase", phase),
            Self.factor("gender", pupils.map(\.gender)),
            Self.factor("ethnic", pupils.map(\.ethnic)),
            DataColumn(name: "fsm", numeric: pupils.map { flag($0.fsm) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "fsm_ever6", numeric: pupils.map { flag($0.fsmEver6) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "eal", numeric: pupils.map { flag($0.eal) }, isInteger: true).compactingIntegers(),
            Self.factor("sen", pupils.map(\.sen)),
            DataColumn(name: "idaci", numeric: pupils.map { number($0.idaci?.value) }).compactingIntegers(),
            DataColumn(name: "month_of_birth", numeric: pupils.map { integer($0.monthOfBirth?.month) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "ks1_aps", numeric: pupils.map { number($0.ks1APS) }).compactingIntegers(),
            DataColumn(name: "ks2_aps", numeric: pupils.map { number(levels($0.ks2)?.averagePointScore) }).compactingIntegers(),
            DataColumn(name: "ks2_english_points", numeric: pupils.map { number(levels($0.ks2)?.englishPoints) }).compactingIntegers(),
            DataColumn(name: "ks2_maths_points", numeric: pupils.map { number(levels($0.ks2)?.mathsPoints) }).compactingIntegers(),
            DataColumn(name: "ks2_level4_em", numeric: pupils.map { flag(levels($0.ks2)?.level4EnglishAndMaths) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "ks2_reading_scaled", numeric: pupils.map { integer(scaled($0.ks2)?.reading?.value) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "ks2_maths_scaled", numeric: pupils.map { integer(scaled($0.ks2)?.maths?.value) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "ks2_expected_rm", numeric: pupils.map { flag(scaled($0.ks2)?.meetsExpectedStandardInReadingAndMaths) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "ks4_capped", numeric: pupils.map { number($0.ks4?.cappedPointScore) }).compactingIntegers(),
            DataColumn(name: "ks4_5ac_em", numeric: pupils.map { flag($0.ks4?.fiveAStarToCIncludingEnglishAndMaths) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "ks4_attainment8", numeric: pupils.map { number($0.ks4?.attainment8) }).compactingIntegers(),
            DataColumn(name: "sessions_possible", numeric: pupils.map { integer($0.absence?.sessionsPossible) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "sessions_authorised", numeric: pupils.map { integer($0.absence?.authorised) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "sessions_unauthorised", numeric: pupils.map { integer($0.absence?.unauthorised) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "sessions_absent", numeric: pupils.map { integer($0.absence?.overall) }, isInteger: true).compactingIntegers(),
            DataColumn(name: "persistent_absence", numeric: pupils.map { pupil in
                flag(pupil.absence.map { $0.isPersistentlyAbsent(in: pupil.year) })
            }, isInteger: true).compactingIntegers(),
            DataColumn(name: "support", strings: support),
        ]
        for (index, category) in categories.enumerated() {
            columns.append(DataColumn(name: "support_" + category, numeric: indicators[index], isInteger: true).compactingIntegers())
        }
        columns += [
            DataColumn(name: "providing", numeric: providing, isInteger: true).compactingIntegers(),
            DataColumn(name: "receiving", numeric: receiving, isInteger: true).compactingIntegers(),
            DataColumn(name: "cross_la", numeric: crossLA, isInteger: true).compactingIntegers(),
            DataColumn(name: "support_days", numeric: days).compactingIntegers(),
        ]
        columns += membershipColumns()
        return try DataTable(source: source, columns: columns)
    }

    /// A factor of enum values holding only the levels that occur, byte-order sorted.
    private static func factor<Code: RawRepresentable & CaseIterable & Hashable>(
        _ name: String, _ values: [Code?]
    ) -> DataColumn where Code.RawValue == String {
        var used = Set<Code>()
        for value in values { if let value { used.insert(value) } }
        let levels = used.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }
        var codeOf: [Code: Int32] = [:]
        for (index, level) in levels.enumerated() { codeOf[level] = Int32(index) }
        let codes = values.map { value in value.flatMap { codeOf[$0] } ?? -1 }
        return DataColumn(name: name, codes: codes, levels: levels.map(\.rawValue))
    }
}

extension NPDDataSet {
    /// The school-membership columns of the analysis table, added only when some pupil has a
    /// value, so that files without them give the table they always gave:
    ///
    /// - `ks2_urn`: the KS4 pupil's primary school (NA when not given), for `(1 | ks2_urn)`;
    /// - `school_fraction` (the share of the year in `school`: 1 for a pupil who did not move),
    ///   `school2_urn`, `school2_fraction`, `school3_urn`, `school3_fraction` (NA when the pupil
    ///   had no such school), the columns of the multiple-membership term
    ///   `mm(school, school2_urn, school3_urn, weights(school_fraction, school2_fraction, school3_fraction))`.
    public static let membershipColumnNames = [
        "ks2_urn", "school_fraction", "school2_urn", "school2_fraction", "school3_urn", "school3_fraction",
    ]

    func membershipColumns() -> [DataColumn] {
        var columns: [DataColumn] = []
        if pupils.contains(where: { $0.ks2School != nil }) {
            columns.append(DataColumn(name: "ks2_urn", numeric: pupils.map { $0.ks2School.map { Double($0.value) } ?? .nan },
                                      isInteger: true).compactingIntegers())
        }
        if pupils.contains(where: { !$0.otherSchools.isEmpty }) {
            columns.append(DataColumn(name: "school_fraction", numeric: pupils.map(\.schoolFraction)))
            for index in 0..<2 {
                let other = pupils.map { $0.otherSchools.count > index ? $0.otherSchools[index] : nil }
                columns.append(DataColumn(name: "school\(index + 2)_urn",
                                          numeric: other.map { $0.map { Double($0.school.value) } ?? .nan }, isInteger: true).compactingIntegers())
                columns.append(DataColumn(name: "school\(index + 2)_fraction", numeric: other.map { $0?.fraction ?? .nan }))
            }
        }
        return columns
    }
}
