import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The receivables page: aging buckets of the open invoices the user may see, with filters
/// (as of, grouping, branch, owner, product), a chart per currency, a CSV export and the
/// longest-overdue invoices under the same filters.
enum AgingPageController {
    static let overdueLimit = 50

    static func show(_ request: Request) async throws -> Response {
        let context = try request.page
        let parsed = AgingRequest(JSONIO.queryPairs(request))
        let report = AgingReport(database: request.rapport.database)
        let result = try await report.run(principal: context.principal, filter: parsed.filter, limit: parsed.limit)
        let overdue = try await report.overdue(principal: context.principal, asOf: parsed.filter.asOf, teamId: parsed.filter.teamId,
                                               ownerId: parsed.filter.ownerId, productId: parsed.filter.productId, limit: overdueLimit)
        let directory = request.rapport.directory
        let users = try await directory.users(tenantId: context.principal.tenantId).map { (id: $0.id, name: $0.name) }.sorted { $0.name < $1.name }
        let teams = try await directory.teamNames(tenantId: context.principal.tenantId).map { (id: $0.key, name: $0.value) }.sorted { $0.name < $1.name }
        let model = AgingPageModel(
            context: context, request: parsed, result: result,
            names: try await AgingRequest.names(of: result.rows, parsed.filter.groupBy, request: request, principal: context.principal),
            overdue: overdue, overdueNames: try await ReferenceNames.load(for: overdue.map(\.invoice), request: request, context: context),
            users: users, teams: teams,
            products: try await SalesReportsPageController.productChoices(request, context, chosen: parsed.filter.productId).map { (id: $0.0, name: $0.1) },
            query: request.url.query ?? "")
        return Layout.response(AgingView(model: model).render(), status: parsed.errors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func export(_ request: Request) async throws -> Response {
        let context = try request.page
        let parsed = AgingRequest(JSONIO.queryPairs(request))
        guard parsed.errors.isEmpty else { return try await show(request) }
        let rows = try await AgingReport(database: request.rapport.database).run(principal: context.principal, filter: parsed.filter)
        let names = try await AgingRequest.names(of: rows, parsed.filter.groupBy, request: request, principal: context.principal)
        let text = context.text
        let lines = AgingRequest.csvRows(rows, names: names, groupLabel: text["invoice.aging.groupBy.\(parsed.filter.groupBy.rawValue)"],
                                         bucketLabels: AgingReport.Bucket.allCases.map { text["invoice.aging.bucket.\($0.key)"] },
                                         totalLabel: text["invoice.aging.total"], currencyLabel: text["field.invoice.currency"])
        return CSVResponse.attachment(lines, name: "aging-\(parsed.filter.asOf)")
    }
}

/// What the receivables page shows.
struct AgingPageModel: Sendable {
    let context: PageContext
    let request: AgingRequest
    let result: AgingReport.Result
    var rows: [AgingReport.Row] { result.rows }
    let names: [UUID: String]
    let overdue: [AgingReport.OverdueInvoice]
    let overdueNames: ReferenceNames
    let users: [(id: UUID, name: String)]
    let teams: [(id: UUID, name: String)]
    /// Active products, and the chosen one if it is no longer active.
    let products: [(id: UUID, name: String)]
    /// The page's own query, for the export link.
    let query: String
}
