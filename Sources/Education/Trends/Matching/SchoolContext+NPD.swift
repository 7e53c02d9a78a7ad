extension ComparisonMatching.SchoolContext {
    /// Each school's context from pupil files: the share of its `measure` cohort eligible for
    /// free school meals in each year (pupils whose FSM status is missing left out of the share)
    /// and the stratum "phase/area" from the school file.
    public static func from(_ data: NPDDataSet, measure: ThresholdMeasure) -> [URN: Self] {
        struct Count { var fsm = 0; var known = 0 }
        var counts: [URN: [AcademicYear: Count]] = [:]
        for pupil in data.pupils where pupil.keyStage == measure.keyStage {
            guard let fsm = pupil.fsm else { continue }
            counts[pupil.school, default: [:]][pupil.year, default: Count()].known += 1
            if fsm { counts[pupil.school, default: [:]][pupil.year, default: Count()].fsm += 1 }
        }
        var out: [URN: Self] = [:]
        for school in data.schools {
            let shares = (counts[school.urn] ?? [:]).compactMapValues { c in
                c.known > 0 ? Double(c.fsm) / Double(c.known) : nil
            }
            out[school.urn] = Self(fsmShareByYear: shares, stratum: "\(school.phase.rawValue)/\(school.area.rawValue)")
        }
        return out
    }
}
