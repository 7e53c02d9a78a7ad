import ArgumentParser

@main
struct SchoolSupport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schoolsupport",
        abstract: "Multilevel evaluation of school-to-school leadership support.",
        subcommands: [FitCommand.self, GenerateCommand.self, BreakEvenCommand.self, EvaluateCommand.self]
    )
}
