import ArgumentParser

@main
struct RapportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Rapport, a self-hosted CRM server.",
        subcommands: [ServeCommand.self, MigrateCommand.self, TenantCommand.self, UserCommand.self, DemoCommand.self, BenchCommand.self]
    )
}
