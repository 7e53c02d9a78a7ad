import ArgumentParser
import Education

/// The matching options of `trends --matched` and `evaluate --matched`, read the same way by
/// both: each value refused naming its option.
enum MatchingArguments {
    /// `base` with the options given (nil: not given) on top of it.
    static func options(base: MatchingOptions = MatchingOptions(), neighbours: Int?, caliper: String?,
                        withoutReplacement: Bool) throws(ValidationError) -> MatchingOptions {
        var options = base
        if let neighbours {
            guard (1...50).contains(neighbours) else {
                throw ValidationError("--match-neighbours must lie in 1...50 (got \(neighbours))")
            }
            options.neighbours = neighbours
        }
        if let caliper {
            if caliper.lowercased() == "none" {
                options.caliper = nil
            } else if let value = Double(caliper), value.isFinite, value > 0 {
                options.caliper = value
            } else {
                throw ValidationError("--match-caliper must be a positive number or 'none' (got '\(caliper)')")
            }
        }
        if withoutReplacement { options.withReplacement = false }
        return options
    }
}
