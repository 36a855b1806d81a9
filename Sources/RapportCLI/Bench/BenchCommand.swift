import ArgumentParser
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load demo data if needed, start a server and print the performance figures.",
        discussion: "Run on a release build (swift build -c release). wrk (Debian package) drives the GET-by-id load."
    )

    @ArgumentParser.Option(help: "Contacts in the demo data (accounts, opportunities and activities scale with it).") var scale = 1_000_000
    @ArgumentParser.Option(help: "Rows sent through POST /bulk, in requests of 10,000.") var bulkRows = 100_000
    @ArgumentParser.Option(help: "Requests per latency measure.") var samples = 300
    @ArgumentParser.Option(help: "Seconds of wrk load per route.") var wrkSeconds = 10
    @ArgumentParser.Option(help: "Port for the server under test.") var port = 8765
    @ArgumentParser.Option(help: "Write the figures as JSON to this file too.") var output: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            let runner = BenchRunner(
                database: database, scale: scale, bulkRows: bulkRows, samples: samples, wrkSeconds: wrkSeconds, port: port)
            let report = try await runner.run()
            say(report.table)
            if let output {
                try Data(report.json.utf8).write(to: URL(fileURLWithPath: output))
                say("Figures written to \(output)")
            }
        }
    }
}
