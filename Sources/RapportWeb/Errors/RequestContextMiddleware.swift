import Vapor

/// Echoes the request id (taken from `X-Request-Id` when the caller sends a sane one)
/// reports the server time, and counts the request for /metrics.
struct RequestContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let elapsed = started.duration(to: .now)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        // Server time, so clients and benchmarks can tell it from network time.
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        response.headers.replaceOrAdd(name: "Server-Timing",
                                      value: "app;dur=\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)")
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        request.rapport.metrics.record(method: request.method.rawValue, route: route, status: Int(response.status.code),
                                        duration: elapsed)
        return response
    }
}
