import DataTable
import Education

/// The programme tables as CSV (DataTable's `CSVWriter`: quoted text, numbers as R prints
/// them, `NA` for missing), one file each; the columns are defined in Docs/programme.md.
public enum ProgrammeCSV {
    static func text(_ csv: CSVWriter) -> String { String(decoding: csv.bytes, as: UTF8.self) }

    /// grade_distributions.csv: `group`, `period`, `grade`, `label`, `schools`, `inspected`, `percentage`.
    public static func gradeDistributions(_ analysis: ProgrammeAnalysis) -> String {
        var csv = CSVWriter(columns: ["group", "period", "grade", "label", "schools", "inspected", "percentage"])
        for d in analysis.ofsted?.distributions ?? [] {
            for grade in OfstedGrade.allCases {
                csv.text(d.group.rawValue); csv.text(d.period.rawValue); csv.integer(grade.rawValue); csv.text(grade.label)
                csv.integer(d.counts[grade.rawValue - 1]); csv.integer(d.inspected); csv.number(d.percentages[grade.rawValue - 1])
                csv.endRow()
            }
        }
        return text(csv)
    }

    /// transitions.csv: one row per group and cell: `group`, `grade_before`, `grade_after`,
    /// `schools`, `percentage` (of the group's schools in the table), `row_percentage`, `change`
    /// (`improved`, `unchanged`, `declined`).
    public static func transitions(_ analysis: ProgrammeAnalysis) -> String {
        var csv = CSVWriter(columns: ["group", "grade_before", "grade_after", "schools", "percentage", "row_percentage", "change"])
        for t in analysis.ofsted?.transitions ?? [] {
            for b in OfstedGrade.allCases {
                for a in OfstedGrade.allCases {
                    csv.text(t.group.rawValue); csv.integer(b.rawValue); csv.integer(a.rawValue)
                    csv.integer(t.counts[b.rawValue - 1][a.rawValue - 1])
                    csv.number(t.percentage(before: b, after: a)); csv.number(t.rowPercentage(before: b, after: a))
                    csv.text(a < b ? "improved" : a == b ? "unchanged" : "declined")
                    csv.endRow()
                }
            }
        }
        return text(csv)
    }

    /// time_to_leave.csv: one row per school in a category at its reference date: `group`,
    /// `urn`, `category`, `reference_date`, `left` (`NA` when censored), `months`, `censored`,
    /// `as_of`.
    public static func timeToLeave(_ analysis: ProgrammeAnalysis) -> String {
        var csv = CSVWriter(columns: ["group", "urn", "category", "reference_date", "left", "months", "censored", "as_of"])
        for e in analysis.ofsted?.categoryExits ?? [] {
            for s in e.schools {
                csv.text(e.group.rawValue); csv.integer(s.school.value); csv.text(s.category.rawValue)
                csv.text(s.referenceDate.description); csv.text(s.left?.description); csv.integer(s.months)
                csv.integer(s.censored ? 1 : 0); csv.text(e.asOf.description)
                csv.endRow()
            }
        }
        return text(csv)
    }

    /// deployments.csv, long format: `section` (`kind`, `role`, `la`, `academic_year`,
    /// `supporting_school`, `total`), `key`, `deployments`, `schools` (distinct schools of the
    /// records, or for a supporting school the schools it supported), `days`,
    /// `records_without_days`.
    public static func deployments(_ analysis: ProgrammeAnalysis) -> String {
        var csv = CSVWriter(columns: ["section", "key", "deployments", "schools", "days", "records_without_days"])
        let d = analysis.deployments
        for (section, tallies) in [("kind", d.byKind), ("role", d.byRole), ("la", d.byLocalAuthority), ("academic_year", d.byAcademicYear)] {
            for t in tallies {
                csv.text(section); csv.text(t.key); csv.integer(t.deployments); csv.integer(t.schools)
                csv.number(t.days); csv.integer(t.recordsWithoutDays)
                csv.endRow()
            }
        }
        for s in d.supporters {
            csv.text("supporting_school"); csv.text(s.school.description); csv.integer(s.deployments); csv.integer(s.schoolsSupported)
            csv.missing(); csv.missing()
            csv.endRow()
        }
        csv.text("total"); csv.text("all"); csv.integer(d.deployments); csv.integer(d.schoolsReached)
        csv.number(d.days); csv.integer(d.recordsWithoutDays)
        csv.endRow()
        return text(csv)
    }

    /// costs.csv, long format: `section` (`category`, `school`, `total`), `key` (`kind/role`,
    /// URN, `all`), `records`, `real_cost`, `days`, `per_day`, `pupils`, `per_pupil`,
    /// `price_base_year` (`NA` for cash prices).
    public static func costs(_ analysis: ProgrammeAnalysis) -> String {
        var csv = CSVWriter(columns: ["section", "key", "records", "real_cost", "days", "per_day", "pupils", "per_pupil", "price_base_year"])
        let c = analysis.costs
        for category in c.byCategory {
            csv.text("category"); csv.text(category.kind.rawValue + "/" + category.role.rawValue); csv.integer(category.records)
            csv.number(category.realCost); csv.number(category.days); csv.number(category.perDay); csv.missing(); csv.missing()
            csv.integer(c.priceBaseYear)
            csv.endRow()
        }
        for school in c.bySchool {
            csv.text("school"); csv.text(school.school.description); csv.integer(school.records)
            csv.number(school.realCost); csv.number(school.days); csv.number(school.perDay); csv.integer(school.pupils); csv.number(school.perPupil)
            csv.integer(c.priceBaseYear)
            csv.endRow()
        }
        csv.text("total"); csv.text("all"); csv.integer(c.costed); csv.number(c.totalRealCost); csv.number(c.totalDays)
        csv.number(c.perDay); csv.missing(); csv.number(c.perPupil); csv.integer(c.priceBaseYear)
        csv.endRow()
        return text(csv)
    }

    /// rejections.csv: every problem of every rejected or excluded row of every file, and the
    /// recorded-cost exclusions: `file`, `row`, `column`, `value`, `kind`, `reason`.
    public static func rejections(_ analysis: ProgrammeAnalysis) -> String {
        var csv = CSVWriter(columns: ["file", "row", "column", "value", "kind", "reason"])
        for rejection in analysis.readSummaries.flatMap(\.rejections) + analysis.costs.exclusions {
            for problem in rejection.problems {
                csv.text(rejection.file); csv.integer(rejection.row); csv.text(problem.column); csv.text(problem.value)
                csv.text(problem.kind.rawValue); csv.text(problem.reason)
                csv.endRow()
            }
        }
        return text(csv)
    }
}
