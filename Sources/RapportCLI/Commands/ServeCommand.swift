import ArgumentParser
import Foundation
import Logging
import RapportDemo
import RapportPersistence
import RapportWeb
import Vapor

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the web server and API.")

    @ArgumentParser.Option(help: "Address to listen on.") var host = "127.0.0.1"
    @ArgumentParser.Option(help: "Port to listen on.") var port = 8080
    @ArgumentParser.Flag(help: "Load demo data into a demo tenant when it does not exist yet.") var demo = false
    @ArgumentParser.Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error.") }
    }

    func run() async throws {
        try await runReportingErrors {
            LoggingSetup.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
            limitMallocArenas()
            let db = try await database.open()
            if demo { try await loadDemo(into: db) }
            var config = AppConfig(database: try database.location)
            config.host = host
            config.port = port
            let app = try await buildApplication(config, database: db)
            app.environment.arguments = ["rapport", "serve"]
            say("Rapport is listening on http://\(host):\(port) (\(DatabaseOptions.describe(config.database)))")
            do {
                try await app.execute()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
            await db.shutdown()
        }
    }

    private func loadDemo(into db: RapportPersistence.Database) async throws {
        if try await Directory(database: db).tenant(named: DemoCommand.defaultTenant) == nil {
            say("Loading demo data…")
            let hash = try await PasswordService(cost: 10).hash(DemoLoader.password)
            let summary = try await DemoLoader(database: db).load(tenantName: DemoCommand.defaultTenant, scale: 2_000, seed: 1, passwordHash: hash)
            try await db.analyze()
            say("Demo tenant \"\(summary.tenant.name)\": " + summary.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        say("Demo sign-in: \(DemoLoader.adminEmail) / \(DemoLoader.password)")
        say("Open http://\(host):\(port)/ in a browser, or POST /api/v1/auth/login for an API token.")
    }
}
