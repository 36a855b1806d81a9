import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RapportDomain

/// A small HTTP client for the server under test.
struct BenchClient {
    let base: String
    let http: HTTPClient
    var token: String?

    struct Reply {
        let status: Int
        let body: JSONValue
        /// Server-Timing app;dur in milliseconds.
        let serverMilliseconds: Double
        let totalMilliseconds: Double
    }

    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            // The web pages read the same token from the session cookie.
            request.headers.add(name: "Cookie", value: "rapport_session=\(token)")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let started = ContinuousClock.now
        let response = try await http.execute(request, timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        let total = started.duration(to: .now)
        let timing = response.headers.first(name: "Server-Timing")
            .flatMap { $0.split(separator: "=").last }.flatMap { Double($0) } ?? .nan
        let json = (try? JSONParser.parse(bytes.readableBytesView)) ?? .null
        return Reply(status: Int(response.status.code), body: json, serverMilliseconds: timing,
                     totalMilliseconds: Double(total.components.seconds) * 1000 + Double(total.components.attoseconds) / 1e15)
    }

    func expectOK(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil) async throws -> Reply {
        let reply = try await send(method, path, body: body)
        guard (200..<300).contains(reply.status) else {
            throw BenchError("\(method.rawValue) \(path) answered \(reply.status): \(JSONWriter.string(reply.body).prefix(300))")
        }
        return reply
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
