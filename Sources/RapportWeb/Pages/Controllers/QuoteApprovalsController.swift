import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The approver's queue: quotes waiting for this user's decision (for an administrator, every
/// quote waiting for anyone's), oldest first so nothing waits longest.
enum QuoteApprovalsController {
    static let limit = 200

    static func show(_ request: Request) async throws -> Response {
        let context = try request.page
        var conditions: [(field: String, op: FilterOperator, values: [FieldValue])] = [("status", .eq, [.text("submitted")])]
        if context.principal.role != .admin { conditions.append(("approverId", .eq, [.id(context.principal.userId)])) }
        let waiting = try await request.rapport.store.list(
            .quote, request: ListRequest(.quote, where: conditions, sort: [SortKey("updatedAt")], limit: limit), principal: context.principal).records
        let names = try await ReferenceNames.load(for: waiting, request: request, context: context)
        return Layout.response(QuoteApprovalsView(context: context, quotes: waiting, names: names).render())
    }
}
