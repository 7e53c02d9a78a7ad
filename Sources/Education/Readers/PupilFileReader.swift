import DataTable

/// Reads the pupil file (Docs/data-format.md): validates every row against the domain rules of
/// `PupilRecord` and joins it to the accepted schools. A row is rejected for a missing required
/// value, an invalid value, a result not in use in the row's year, an incomplete absence
/// record, a repeated pupil (same identifier, year and key stage), an LA that differs from its
/// school's, or a school that is not (or not validly) in the school file.
enum PupilFileReader {
    static func read(
        _ table: DataTable, schools: [URN: School], rejectedSchools: Set<URN>
    ) throws(NPDReadError) -> (pupils: [PupilRecord], summary: FileReadSummary) {
        let f = try CSVFields(table, required: NPDSchema.Pupil.required, optional: NPDSchema.Pupil.optional)
        let pupilColumn = f.strings("pupil")
        let yearColumn = f.academicYears()
        let keyStageColumn = f.keyStages()
        let urnColumn = f.urns()
        let genderColumn = f.codes("gender", as: Gender.self, logicalAliases: ["FALSE": "F"])
        let laColumn = f.validated("la") { (value: Int) throws(DomainValueError) in try LocalAuthorityCode(value) }
        let ethnicColumn = f.codes("ethnic", as: EthnicGroup.self)
        let fsmColumn = f.flags("fsm")
        let ever6Column = f.flags("fsm_ever6")
        let ealColumn = f.flags("eal")
        let senColumn = f.codes("sen", as: SENProvision.self)
        let idaciColumn = f.numbers("idaci")
        let monthColumn = f.validated("month_of_birth") { (value: Int) throws(DomainValueError) in try BirthMonth(value) }
        let ks1Column = f.numbers("ks1_aps")
        let ks2APSColumn = f.numbers("ks2_aps")
        let ks2EnglishColumn = f.numbers("ks2_english_points")
        let ks2MathsColumn = f.numbers("ks2_maths_points")
        let ks2Level4Column = f.flags("ks2_level4_em")
        let readingColumn = f.scaledScores("ks2_reading_scaled")
        let mathsScaledColumn = f.scaledScores("ks2_maths_scaled")
        let writingColumn = f.codes("ks2_writing_ta", as: KS2WritingAssessment.self)
        let priorGroupColumn = f.priorGroups()
        let cappedColumn = f.numbers("ks4_capped")
        let fiveColumn = f.flags("ks4_5ac_em")
        let a8Column = f.numbers("ks4_attainment8")
        let possibleColumn = f.integers("sessions_possible")
        let authorisedColumn = f.integers("sessions_authorised")
        let unauthorisedColumn = f.integers("sessions_unauthorised")
        let membershipColumns = PupilMembershipColumns(f)
        let texts: [String: TypedColumnText] = [
            "idaci": idaciColumn.text, "ks1_aps": ks1Column.text, "ks2_aps": ks2APSColumn.text,
            "ks2_english_points": ks2EnglishColumn.text, "ks2_maths_points": ks2MathsColumn.text,
            "ks2_level4_em": ks2Level4Column.text, "ks2_reading_scaled": readingColumn.text,
            "ks2_maths_scaled": mathsScaledColumn.text, "ks4_capped": cappedColumn.text,
            "ks4_5ac_em": fiveColumn.text, "ks4_attainment8": a8Column.text,
            "sessions_possible": possibleColumn.text, "sessions_authorised": authorisedColumn.text,
            "sessions_unauthorised": unauthorisedColumn.text,
            "ks2_writing_ta": writingColumn.text, "ks2_prior_group": priorGroupColumn.text,
        ]

        struct Key: Hashable { var pupil: String; var year: AcademicYear; var keyStage: KeyStage }
        var seen = Set<Key>()
        // Sized for every row at once: grown from empty, the set rehashed its String keys about
        // twenty times on the five-cohort file (3 million rows).
        seen.reserveCapacity(f.rowCount)
        var pupils: [PupilRecord] = []
        pupils.reserveCapacity(f.rowCount)
        var rejections: [RowRejection] = []
        for row in 0..<f.rowCount {
            var problems = RowProblems()
            var valid = true
            let pupil = problems.required(pupilColumn, row)
            let year = problems.required(yearColumn, row)
            let keyStage = problems.required(keyStageColumn, row)
            let urn = problems.required(urnColumn, row)
            let gender = problems.required(genderColumn, row)
            let la = problems.optional(laColumn, row, &valid)
            let ethnic = problems.optional(ethnicColumn, row, &valid)
            let fsm = problems.optional(fsmColumn, row, &valid)
            let ever6 = problems.optional(ever6Column, row, &valid)
            let eal = problems.optional(ealColumn, row, &valid)
            let sen = problems.optional(senColumn, row, &valid)
            let idaciValue = problems.optional(idaciColumn, row, &valid)
            let month = problems.optional(monthColumn, row, &valid)
            let ks1 = problems.optional(ks1Column, row, &valid)
            let ks2APS = problems.optional(ks2APSColumn, row, &valid)
            let ks2English = problems.optional(ks2EnglishColumn, row, &valid)
            let ks2Maths = problems.optional(ks2MathsColumn, row, &valid)
            let ks2Level4 = problems.optional(ks2Level4Column, row, &valid)
            let reading = problems.optional(readingColumn, row, &valid)
            let mathsScaled = problems.optional(mathsScaledColumn, row, &valid)
            let writing = problems.optional(writingColumn, row, &valid)
            let priorGroup = problems.optional(priorGroupColumn, row, &valid)
            let capped = problems.optional(cappedColumn, row, &valid)
            let five = problems.optional(fiveColumn, row, &valid)
            let a8 = problems.optional(a8Column, row, &valid)
            let possible = problems.optional(possibleColumn, row, &valid)
            let authorised = problems.optional(authorisedColumn, row, &valid)
            let unauthorised = problems.optional(unauthorisedColumn, row, &valid)
            let memberships = membershipColumns.read(row, &problems, &valid)

            var record: PupilRecord?
            if problems.isEmpty, let pupil, let year, let keyStage, let urn, let gender {
                do throws(DomainValueError) {
                    let idaci = try idaciValue.map { (value: Double) throws(DomainValueError) in try IDACIScore(value) }
                    let hasLevels = ks2APS != nil || ks2English != nil || ks2Maths != nil || ks2Level4 != nil
                    let hasScaled = reading != nil || mathsScaled != nil || writing != nil
                    if let writing, hasLevels || (keyStage == .ks2 && !year.usesKS2ScaledScores) {
                        throw .invalid(
                            field: "ks2_writing_ta", value: writing.rawValue,
                            reason: "the writing teacher assessment belongs with KS2 scaled scores (from 2016), not KS2 levels")
                    }
                    if hasLevels && hasScaled {
                        throw .invalid(
                            field: "ks2_reading_scaled", value: "",
                            reason: "a record holds either KS2 levels or KS2 scaled scores, not both")
                    }
                    let ks2: KS2Result? = hasScaled
                        ? .scaledScores(KS2ScaledResult(reading: reading, maths: mathsScaled, writing: writing))
                        : hasLevels
                            ? .levels(try KS2LevelResult(
                                averagePointScore: ks2APS, englishPoints: ks2English, mathsPoints: ks2Maths,
                                level4EnglishAndMaths: ks2Level4))
                            : nil
                    let ks4: KS4Result? = capped != nil || five != nil || a8 != nil
                        ? try KS4Result(cappedPointScore: capped, fiveAStarToCIncludingEnglishAndMaths: five, attainment8: a8)
                        : nil
                    let absence: AbsenceRecord?
                    switch (possible, authorised, unauthorised) {
                    case let (possible?, authorised?, unauthorised?):
                        absence = try AbsenceRecord(
                            sessionsPossible: possible, authorised: authorised, unauthorised: unauthorised)
                    case (nil, nil, nil):
                        absence = nil
                    default:
                        let missing = possible == nil ? "sessions_possible"
                            : authorised == nil ? "sessions_authorised" : "sessions_unauthorised"
                        throw .invalid(
                            field: missing, value: "",
                            reason: "incomplete absence record: sessions_possible, sessions_authorised and "
                                + "sessions_unauthorised must all be given or all be missing")
                    }
                    record = try PupilRecord(
                        pupil: pupil, year: year, keyStage: keyStage, school: urn, la: la, gender: gender,
                        ethnic: ethnic, fsm: fsm, fsmEver6: ever6, eal: eal, sen: sen, idaci: idaci,
                        monthOfBirth: month, ks1APS: ks1, ks2: ks2, ks4: ks4, absence: absence)
                    if let priorGroup {
                        guard keyStage == .ks4 else {
                            throw .invalid(field: "ks2_prior_group", value: String(priorGroup.number),
                                           reason: "a KS2 prior-attainment group belongs to a KS4 record")
                        }
                        record?.ks2PriorGroup = priorGroup
                    }
                    record?.ks2School = memberships.ks2
                    record?.otherSchools = memberships.others
                    membershipColumns.check(row, school: urn, keyStage: keyStage, ks2School: memberships.ks2,
                                            others: memberships.others, &problems)
                } catch {
                    problems.add(error) { name in texts[name]?(row) ?? "" }
                }
            }
            if let record {
                if let school = schools[record.school] {
                    if let la = record.la, la != school.la {
                        problems.add("la", laColumn.text(row), .laMismatch, "the school's LA is \(school.la)")
                    }
                    if !school.phase.keyStages.contains(record.keyStage) {
                        problems.add("key_stage", keyStageColumn.text(row), .phaseMismatch,
                                     "school \(school.urn) is a \(school.phase.rawValue) school, which has no KS\(record.keyStage.rawValue) cohort")
                    } else if !school.phase.isMainstream {
                        problems.add("urn", urnColumn.text(row), .notMainstream,
                                     "school \(school.urn) is \(school.phase.description): outside the mainstream cohorts the evaluation models")
                    }
                } else if rejectedSchools.contains(record.school) {
                    problems.add("urn", urnColumn.text(row), .schoolRejected, "the school's row in the school file was rejected")
                } else {
                    problems.add("urn", urnColumn.text(row), .unknownSchool, "school \(record.school) is not in the school file")
                }
                if problems.isEmpty {
                    let key = Key(pupil: record.pupil, year: record.year, keyStage: record.keyStage)
                    if !seen.insert(key).inserted {
                        problems.add(
                            "pupil", pupilColumn.text(row), .duplicate,
                            "pupil \(record.pupil) already has a KS\(record.keyStage.rawValue) record for \(record.year.endYear)")
                    }
                }
            }
            guard problems.isEmpty, let record else {
                rejections.append(RowRejection(file: f.file, row: row + 1, problems: problems.problems))
                continue
            }
            pupils.append(record)
        }
        return (pupils, FileReadSummary(
            file: f.file, rows: f.rowCount, accepted: pupils.count, rejections: rejections, ignoredColumns: f.ignored))
    }
}
