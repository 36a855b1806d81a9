import RapportDomain
import RapportPersistence
import Vapor

/// Liveness and metrics for operators and load balancers.
enum OperationsController {
    static func health(_ request: Request) async throws -> Response {
        try await request.rapport.database.ping()
        return JSONIO.response(.object(JSONObject(["status": .string("ok"), "database": .string(request.rapport.database.dialect.rawValue)])))
    }

    /// Answers without touching the database: the cheapest route, and the benchmark's baseline.
    static func ping(_ request: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: "pong"))
    }

    static func metrics(_ request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: request.rapport.metrics.render()))
    }
}
