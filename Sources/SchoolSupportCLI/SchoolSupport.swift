import ArgumentParser

@main
struct SchoolSupport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schoolsupport",
        abstract: "Multilevel evaluation of school-to-school leadership support.",
        subcommands: [EvaluateCommand.self, FitCommand.self, CompareCommand.self, GenerateCommand.self, BreakEvenCommand.self, TrendsCommand.self]
    )
}
