import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// An expense's decision and a deal's cost of sale: `POST /expenses/{id}/approve|reject` with
/// `{"comment"}` (required to reject), and `GET /opportunities/{id}/cost-of-sale`. The expense
/// itself is an ordinary record (`/expenses`).
enum ExpenseController {
    static func decide(_ request: Request, _ decision: ExpenseDecision) async throws -> Response {
        var comment: String?
        if request.body.data.map({ $0.readableBytes > 0 }) == true {
            var reader = JSONReader(try await JSONIO.body(request), allowed: ["comment"])
            comment = reader.text("comment", maxLength: 2_000)
            guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        }
        let expense = try await request.rapport.store.decideExpense(
            id: try id(request, "expense"), decision, comment: comment, expectedVersion: try RecordController.expectedVersion(request),
            principal: try request.session.principal)
        return RecordController.respond(expense)
    }

    static func costOfSale(_ request: Request) async throws -> Response {
        let cost = try await request.rapport.store.costOfSale(opportunityId: try id(request, "opportunity"), principal: try request.session.principal)
        return JSONIO.response(cost.json)
    }

    private static func id(_ request: Request, _ entity: String) throws -> UUID {
        guard let id = request.parameters.get("id").flatMap(UUID.init(parsing:)) else { throw Problem.notFound(entity) }
        return id
    }
}
