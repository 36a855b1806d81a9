import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The sales report pages: forecast, win/loss and funnel, each with the period, team, owner and
/// product filters, an SVG chart, the figures in a table and a CSV of them.
enum SalesReportsPageController {
    enum Report: String { case forecast, winLoss = "win-loss", funnel }

    static func forecast(_ request: Request) async throws -> Response {
        let (context, filters) = try await prepare(request, .forecast)
        guard filters.problems.isEmpty else { return Layout.response(SalesReportsView(context: context, filters: filters).render(body: nil), status: .unprocessableEntity) }
        let result = try await ForecastReport(database: request.rapport.database).run(principal: context.principal, filter: filters.parameters.productPeriod)
        let view = SalesReportsView(context: context, filters: filters)
        if request.url.path.hasSuffix(".csv") { return CSVResponse.attachment(view.forecastRows(result), name: "forecast") }
        return Layout.response(view.render(body: view.forecast(result)))
    }

    static func winLoss(_ request: Request) async throws -> Response {
        let (context, filters) = try await prepare(request, .winLoss)
        guard filters.problems.isEmpty else { return Layout.response(SalesReportsView(context: context, filters: filters).render(body: nil), status: .unprocessableEntity) }
        let result = try await WinLossReport(database: request.rapport.database).run(principal: context.principal, dimension: filters.dimension, filter: .init(
            from: filters.parameters.fromInstant, to: filters.parameters.toInstant, ownerId: filters.parameters.ownerId, teamIds: filters.parameters.teamIds,
            productId: filters.parameters.productId))
        var view = SalesReportsView(context: context, filters: filters)
        if filters.dimension == .product {
            let ids = result.rows.compactMap { $0.key.flatMap(UUID.init(parsing:)) }
            for product in try await request.rapport.store.records(.product, ids: ids, principal: context.principal) {
                view.productNames[product.id] = product["name"].textValue ?? product.id.lowercaseString
            }
        }
        if request.url.path.hasSuffix(".csv") { return CSVResponse.attachment(view.winLossRows(result), name: "win-loss-\(filters.dimension.rawValue)") }
        return Layout.response(view.render(body: view.winLoss(result)))
    }

    static func funnel(_ request: Request) async throws -> Response {
        let (context, filters) = try await prepare(request, .funnel)
        guard filters.problems.isEmpty, let pipeline = filters.pipelineId else {
            return Layout.response(SalesReportsView(context: context, filters: filters).render(body: nil), status: .unprocessableEntity)
        }
        let steps = try await FunnelReport(database: request.rapport.database).run(principal: context.principal, filter: .init(
            pipelineId: pipeline, from: filters.parameters.fromInstant, to: filters.parameters.toInstant,
            ownerId: filters.parameters.ownerId, teamIds: filters.parameters.teamIds, productId: filters.parameters.productId))
        let view = SalesReportsView(context: context, filters: filters)
        if request.url.path.hasSuffix(".csv") { return CSVResponse.attachment(view.funnelRows(steps), name: "funnel") }
        return Layout.response(view.render(body: view.funnel(steps)))
    }

    /// The filters as asked, the choices they offer and the names the tables show.
    struct Filters: Sendable {
        let report: Report
        let parameters: SalesReportParameters
        var problems: [String]
        let dimension: WinLossReport.Dimension
        let pipelineId: UUID?
        let query: [String: String]
        let names: ReferenceNames
        let users: [(UUID, String)]
        let teams: [(UUID, String)]
        /// Active products, and the chosen one if it is no longer active.
        let products: [(UUID, String)]
        let pipelines: [(UUID, String)]
        let stages: [PipelineStore.Stage]
    }

    private static func prepare(_ request: Request, _ report: Report) async throws -> (PageContext, Filters) {
        let context = try request.page
        let tenantId = context.user.tenantId
        let parameters = try await SalesReportParameters.read(request, tenantId: tenantId)
        let names = try await ReferenceNames.load(for: [], request: request, context: context, everyDirectoryName: true)
        let pipelines = try await request.rapport.pipelines.pipelines(tenantId: tenantId)
        let users = try await request.rapport.directory.users(tenantId: tenantId).map { ($0.id, $0.name) }.sorted { $0.1 < $1.1 }
        let teams = try await request.rapport.directory.teamNames(tenantId: tenantId).map { ($0.key, $0.value) }.sorted { $0.1 < $1.1 }
        var problems = parameters.errors.map { context.text.validationMessage($0, label: context.text["report.\($0.field)"]) ?? $0.message }
        let rawDimension = request.query[String.self, at: "dimension"] ?? "owner"
        let dimension = WinLossReport.Dimension(rawValue: rawDimension) ?? .owner
        if WinLossReport.Dimension(rawValue: rawDimension) == nil { problems.append(context.text["report.badDimension"]) }
        let pipelineId = request.query[String.self, at: "pipelineId"].flatMap(UUID.init(parsing:)) ?? (pipelines.first { $0.isDefault } ?? pipelines.first)?.id
        var query: [String: String] = [:]
        for key in ["from", "to", "ownerId", "teamId", "productId", "dimension", "pipelineId"] { query[key] = request.query[String.self, at: key] }
        query["from"] = parameters.from.description
        query["to"] = parameters.to.description
        return (context, Filters(report: report, parameters: parameters, problems: problems, dimension: dimension, pipelineId: pipelineId,
                                 query: query, names: names, users: users, teams: teams,
                                 products: try await productChoices(request, context, chosen: parameters.productId),
                                 pipelines: pipelines.map { ($0.id, $0.name) }, stages: try await request.rapport.pipelines.stages(tenantId: tenantId)))
    }

    /// The products a report's filter offers: the active ones by name, and the chosen one even if
    /// no longer active (the receivables page offers the same).
    static func productChoices(_ request: Request, _ context: PageContext, chosen: UUID?) async throws -> [(UUID, String)] {
        let store = request.rapport.store
        let active = try await store.list(.product, request: ListRequest(.product, where: [("active", .eq, [.bool(true)])], sort: [SortKey("name")],
                                                                          limit: SalesPageData.productChoiceLimit),
                                          principal: context.principal).records
        var choices = active.map { ($0.id, "\($0["name"].textValue ?? "") (\($0["sku"].textValue ?? ""))") }
        if let chosen, !choices.contains(where: { $0.0 == chosen }) {
            for product in try await store.records(.product, ids: [chosen], principal: context.principal) {
                choices.append((product.id, "\(product["name"].textValue ?? "") (\(product["sku"].textValue ?? ""))"))
            }
        }
        return choices
    }
}
