import Foundation
import Testing

/// Runs the built `rapport` binary as a person would.
@Suite("rapport command line")
struct CommandLineTests {
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/rapport")
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged["DATABASE_URL"] = nil
        merged["RAPPORT_DATA_DIR"] = nil
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func freshDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("Mistakes in arguments print one clear line and exit non-zero", arguments: [
        ["serve", "--port", "70000"],
        ["serve", "--database-url", "mysql://root@localhost/crm"],
        ["user", "add", "--tenant", "T", "--email", "a@b.c", "--password", "short", "--role", "rep"],
        ["user", "add", "--tenant", "T", "--email", "a@b.c", "--password", "long enough password", "--role", "boss"],
        ["demo", "--scale", "0"],
        ["no-such-command"],
    ])
    func argumentErrors(_ arguments: [String]) throws {
        let outcome = try Self.run(arguments + ["--data-dir", Self.freshDirectory()])
        #expect(outcome.status != 0)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr was: \(outcome.stderr)")
        #expect(lines.first?.hasPrefix("error: ") == true)
    }

    @Test("tenant create, user add and migrate work, repeat safely and refuse duplicates in one line")
    func administration() throws {
        let directory = Self.freshDirectory()
        let created = try Self.run(["tenant", "create", "Acme Motors", "--data-dir", directory])
        #expect(created.status == 0)
        #expect(created.stdout.contains("Created tenant \"Acme Motors\""))
        let duplicate = try Self.run(["tenant", "create", "Acme Motors", "--data-dir", directory])
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr == "error: A tenant named \"Acme Motors\" already exists.\n")
        let user = try Self.run(["user", "add", "--tenant", "Acme Motors", "--email", "dealer@acme.test", "--password", "a long password",
                                 "--role", "partner", "--partner", "Dealer North", "--data-dir", directory])
        #expect(user.status == 0, "\(user.stderr)")
        let unknownTenant = try Self.run(["user", "add", "--tenant", "Nobody", "--email", "x@acme.test", "--password", "a long password",
                                          "--role", "rep", "--data-dir", directory])
        #expect(unknownTenant.status != 0)
        #expect(unknownTenant.stderr.split(separator: "\n").count == 1)
        #expect(try Self.run(["migrate", "--data-dir", directory]).status == 0)
        #expect(try Self.run(["migrate", "--data-dir", directory]).status == 0)
    }

    @Test("serve answers /health and stops cleanly on SIGTERM")
    func gracefulShutdown() async throws {
        let directory = Self.freshDirectory()
        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", String(port), "--data-dir", directory, "--log-level", "warning"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var healthy = false
        for _ in 0..<100 where !healthy {
            try await Task.sleep(for: .milliseconds(100))
            healthy = Self.answers(port: port)
        }
        #expect(healthy)
        // Vapor listens before it takes over SIGTERM; a signal in between ends the process with the
        // default action (seen once on a loaded machine), so give it a moment past the first answer.
        try await Task.sleep(for: .milliseconds(300))
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) } else { #expect(process.terminationStatus == 0) }
    }

    /// True when something accepts TCP connections on the port.
    static func answers(port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
