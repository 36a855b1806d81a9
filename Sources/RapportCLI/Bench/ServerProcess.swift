import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// `rapport serve` as a child process, so its memory and CPU are its own.
final class ServerProcess {
    let process = Process()
    let logPath: String

    init(arguments: [String]) throws {
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bench-server-\(getpid()).log").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        process.arguments = ["serve"] + arguments
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func waitUntilHealthy(_ client: BenchClient, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw BenchError("The server exited; see \(logPath).") }
            if let reply = try? await client.send(.GET, "/health"), reply.status == 200 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchError("The server did not answer /health within \(timeout); see \(logPath).")
    }

    /// Resident and peak resident memory in MiB, from /proc.
    func memory() -> (rss: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (.nan, .nan) }
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return .nan }
            return (Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "") ?? .nan) / 1024
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
