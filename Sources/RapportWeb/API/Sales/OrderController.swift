import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// An order's lines, moves and status history: `POST /quotes/{id}/order`, `GET/PUT /orders/{id}/lines`,
/// `POST /orders/{id}/{action}`, `GET /orders/{id}/status-history`. The header itself is an
/// ordinary record (`/orders`).
enum OrderController {
    static func createFromQuote(_ request: Request) async throws -> Response {
        let order = try await request.rapport.store.createOrder(fromQuote: try id(request, "quote"), principal: try request.session.principal)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .location, value: "/api/v1/orders/\(order.id.lowercaseString)")
        return RecordController.respond(order, status: .created, headers: headers)
    }

    static func lines(_ request: Request) async throws -> Response {
        let (order, lines) = try await request.rapport.store.orderLines(orderId: try id(request, "order"), principal: try request.session.principal)
        return respond(order, lines)
    }

    static func setLines(_ request: Request) async throws -> Response {
        let (inputs, sent) = try QuoteController.decodeLines(try await JSONIO.body(request))
        let (order, lines) = try await request.rapport.store.setOrderLines(
            orderId: try id(request, "order"), lines: inputs, sent: sent, expectedVersion: try RecordController.expectedVersion(request),
            principal: try request.session.principal)
        return respond(order, lines)
    }

    /// `{"comment"}` is optional, except that a cancellation needs it.
    static func transition(_ request: Request, _ action: OrderAction) async throws -> Response {
        var comment: String?
        if request.body.data.map({ $0.readableBytes > 0 }) == true {
            var reader = JSONReader(try await JSONIO.body(request), allowed: ["comment"])
            comment = reader.text("comment", maxLength: 2_000)
            guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        }
        let order = try await request.rapport.store.transitionOrder(
            id: try id(request, "order"), action, comment: comment, expectedVersion: try RecordController.expectedVersion(request),
            principal: try request.session.principal)
        return RecordController.respond(order)
    }

    static func statusHistory(_ request: Request) async throws -> Response {
        let changes = try await request.rapport.store.orderHistory(orderId: try id(request, "order"), principal: try request.session.principal)
        return JSONIO.response(.object(JSONObject(["data": .array(changes.map(\.json))])))
    }

    private static func id(_ request: Request, _ entity: String) throws -> UUID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound(entity) }
        return id
    }

    private static func respond(_ order: Record, _ lines: [StoredLine]) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: "\"\(order.version)\"")
        return JSONIO.response(.object(JSONObject(["order": order.json, "lines": .array(lines.map(\.json))])), headers: headers)
    }
}
