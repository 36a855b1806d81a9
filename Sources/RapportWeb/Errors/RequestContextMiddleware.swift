import Vapor

/// Echoes the request id (taken from `X-Request-Id` when the caller sends a sane one)
/// and counts the request for /metrics.
struct RequestContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        request.rapport.metrics.record(method: request.method.rawValue, route: route, status: Int(response.status.code),
                                        duration: started.duration(to: .now))
        return response
    }
}
