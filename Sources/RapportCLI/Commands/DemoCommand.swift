import ArgumentParser
import Foundation
import RapportDemo
import RapportPersistence
import RapportWeb

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Generate realistic, deterministic demo data.")
    static let defaultTenant = "Demo"

    @ArgumentParser.Option(help: "Number of contacts; accounts, leads, opportunities and activities scale with it.") var scale = 2_000
    @ArgumentParser.Option(help: "Random seed; the same scale and seed give the same data.") var seed: UInt64 = 1
    @ArgumentParser.Option(help: "Tenant to create for the data.") var tenant = DemoCommand.defaultTenant
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...10_000_000).contains(scale) else { throw ValidationError("--scale must be between 1 and 10000000.") }
    }

    func run() async throws {
        try await runReportingErrors {
            let db = try await database.open()
            let started = ContinuousClock.now
            let hash = try await PasswordService(cost: 10).hash(DemoLoader.password)
            let summary = try await DemoLoader(database: db).load(tenantName: tenant, scale: scale, seed: seed, passwordHash: hash) { line in
                say(line)
            }
            try await db.analyze()
            let seconds = Double(started.duration(to: .now).components.seconds)
            say("Loaded into \"\(summary.tenant.name)\" in \(Int(seconds)) s: " + summary.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            say("Sign in as \(summary.adminEmail) / \(DemoLoader.password)")
            await db.shutdown()
        }
    }
}
