import Education

extension EvaluationReportDocument {
    /// The school-context section, when the design added the context controls: the columns,
    /// how each was standardised, the degenerate cases, and what the controls can and cannot do.
    static func schoolContextSection(_ results: EvaluationResults) -> [Block] {
        guard let context = results.schoolContext else { return [] }
        var blocks: [Block] = [.heading(level: 2, text: .text("School context"), anchor: "school-context")]
        var intro: [Inline] = [.text("Every model has four school-level controls beside the pupil controls, computed from the pupils of each school's cohort in each year "
            + "(\(F.count(context.schoolYears)) school-years): ")]
        for (i, variable) in SchoolContext.variables.enumerated() {
            intro += [.code(variable.column), .text(" (\(variable.meaning))" + (i == SchoolContext.variables.count - 1 ? ". " : "; "))]
        }
        intro.append(.text("Each is standardised within its key stage across school-years, each school-year counted once: z = (value − mean) / SD with the mean and SD below, "
            + "so a context coefficient is the difference per school-level SD, and the controls do not depend on the units of the data. "
            + "The R code of each model computes them the same way. A school-year with fewer than two pupils with prior attainment has no SD, "
            + "so its pupils have no ctx_prior_sd and leave the models (counted as missing that column); a variable with one value in every school-year "
            + "(such as % FSM in a cohort with no FSM pupil) is left out of the models, with a note."))
        blocks.append(.paragraph(intro))
        blocks.append(.table(
            header: ["key stage", "column", "school-years", "mean", "SD", "in the models"].map { .text($0) },
            alignments: [.left, .left, .right, .right, .right, .left],
            rows: context.scalings.map { s in
                [.text("KS\(s.keyStage)"), [.code(s.column)], .text(F.count(s.schoolYears)), .text(F.fixed(s.mean, 3)),
                 .text(F.fixed(s.standardDeviation, 3)), .text(s.isConstant ? "no (constant)" : "yes")]
            }))
        let fitted = results.models.filter {
            $0.status == .fitted && $0.specification.analysis == .categories && $0.specification.subgroup == .all && $0.schoolContext != nil
        }
        if !fitted.isEmpty {
            blocks.append(.paragraph(.text("The context coefficients of the category models (all pupils), per school-level SD, on each outcome's model scale, "
                + "with SEs in brackets (– where a column was left out):")))
            blocks.append(.table(
                header: [.text("model")] + SchoolContext.columnNames.map { [.code($0)] },
                alignments: [.left] + SchoolContext.columnNames.map { _ in .right },
                rows: fitted.map { model in
                    [[.code(model.id)]] + SchoolContext.columnNames.map { name in
                        guard let c = model.schoolContext?.first(where: { $0.column == name }) else { return .text("–") }
                        return .text("\(F.fixed(c.estimate, 3)) (\(F.fixed(c.standardError, 3)))")
                    }
                }))
        }
        let notes = context.notes
        if !notes.isEmpty { blocks.append(.list(notes.map { .text("Note: \($0)") })) }
        blocks.append(.paragraph(.text(
            "What the controls can show: whether the support estimates survive comparing schools of similar intake, so that a difference is not simply "
            + "the disadvantage, prior attainment or size of the schools that were supported (compositional or peer effects that pupil-level controls "
            + "do not remove). What they cannot show: that support caused what remains. They adjust for four observed features of the intake, not for "
            + "why schools were chosen for support or for anything unmeasured; they are measured in the same years as the outcome, so a school whose "
            + "intake changed because of support is partly adjusted away; and with few schools per category they cost precision. Every estimate is an association.")))
        return blocks
    }
}
