import Foundation

/// Runs wrk against a URL and reads its requests per second.
enum Wrk {
    struct Result {
        let requestsPerSecond: Double
        let non2xx: Int
        let output: String
    }

    static func run(url: String, seconds: Int, connections: Int = 64, script: String? = nil) throws -> Result {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) else {
            throw BenchError("wrk is not installed; apt-get install wrk")
        }
        var arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency"]
        var scriptPath: String?
        if let script {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bench-\(getpid()).lua").path
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            arguments += ["-s", path]
            scriptPath = path
        }
        defer { if let scriptPath { try? FileManager.default.removeItem(atPath: scriptPath) } }
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = arguments + [url]
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        func number(after label: String) -> Double? {
            guard let line = output.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
            return line.split(separator: " ").compactMap { Double($0) }.first
        }
        guard let rps = number(after: "Requests/sec:") else { throw BenchError("Could not read wrk's output:\n\(output)") }
        return Result(requestsPerSecond: rps, non2xx: Int(number(after: "Non-2xx") ?? 0), output: output)
    }
}
