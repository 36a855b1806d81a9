import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The plan-vs-actual and salesperson activity pages, with the same filters as the other sales
/// reports (the product narrowing only their deal measures), and the quota editor on the
/// plan-vs-actual page (administrators and managers).
extension SalesReportsPageController {
    /// What the performance pages were asked for, the choices the form offers and the names shown.
    struct PerformanceFilters: Sendable {
        let path: String
        let parameters: SalesReportParameters
        var problems: [String]
        let bucket: ActivityReport.Bucket
        let query: [String: String]
        let names: ReferenceNames
        let users: [(UUID, String)]
        let teams: [(UUID, String)]
        /// Active products, and the chosen one if it is no longer active.
        let products: [(UUID, String)]
        /// What the quota editor may set a quota for ("user:<id>" or "team:<id>", and a label); empty: no editor.
        let quotaTargets: [(String, String)]
    }

    static func planVersusActual(_ request: Request) async throws -> Response {
        let (context, filters) = try await preparePerformance(request, path: "plan-vs-actual")
        return try await planPage(request, context, filters)
    }

    static func activity(_ request: Request) async throws -> Response {
        let (context, filters) = try await preparePerformance(request, path: "activity")
        let view = PerformanceReportsView(context: context, filters: filters)
        guard filters.problems.isEmpty else { return Layout.response(view.render(body: nil), status: .unprocessableEntity) }
        let result = try await ActivityReport(database: request.rapport.database).run(
            principal: context.principal, filter: .init(filters.parameters.productPeriod, bucket: filters.bucket))
        if request.url.path.hasSuffix(".csv") {
            return CSVResponse.attachment(PerformanceReportController.activityRows(result) { view.name($0) }, name: "activity-\(filters.bucket.rawValue)")
        }
        return Layout.response(view.render(body: view.activity(result)))
    }

    /// `POST /reports/plan-vs-actual/quotas`: one quota from the editor; a refusal shows the page again with the problems.
    static func saveQuota(_ request: Request) async throws -> Response {
        let context = try request.page
        let form = try request.content.decode([String: String].self)
        func value(_ key: String) -> String { form[key]?.trimmed ?? "" }
        var problems: [String] = []
        let target = value("target").split(separator: ":", maxSplits: 1).map(String.init)
        let id = target.count == 2 ? UUID(parsing: target[1]) : nil
        if id == nil { problems.append(context.text["perf.chooseTarget"]) }
        func count(_ key: String) -> Int? {
            let text = value(key)
            if text.isEmpty { return 0 }
            guard let number = Int(text), (0...QuotaStore.maximumCount).contains(number) else {
                problems.append(context.text.format("perf.badCount", ["field": context.text["perf.field.\(key)"]]))
                return nil
            }
            return number
        }
        let accounts = count("newAccounts"), activities = count("completedActivities")
        let amountText = value("wonAmount")
        let amount = amountText.isEmpty ? 0 : Decimal.exact(amountText)
        if amount == nil { problems.append(context.text.format("perf.badAmount", ["field": context.text["perf.field.wonAmount"]])) }
        if problems.isEmpty, let id, let accounts, let activities, let amount {
            let input = QuotaStore.Input(userId: target[0] == "user" ? id : nil, teamId: target[0] == "team" ? id : nil,
                                         periodKind: value("periodKind"), periodStart: value("periodStart"), wonAmount: amount,
                                         newAccounts: accounts, completedActivities: activities)
            do {
                try await QuotaStore(database: request.rapport.database).set([input], principal: context.principal)
                let back = ["from", "to", "ownerId", "teamId", "productId"].compactMap { key in
                    form[key].flatMap { $0.isEmpty ? nil : $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) }
                        .map { "\(key)=\($0)" }
                } + ["saved=quota"]
                return request.redirect(to: "/reports/plan-vs-actual?" + back.joined(separator: "&"), redirectType: .normal)
            } catch StoreError.validation(let errors) {
                problems += errors.map { error in
                    let field = error.field.split(separator: ".").last.map(String.init) ?? error.field
                    return context.text.validationMessage(error, label: context.text["perf.field.\(field)"]) ?? error.message
                }
            } catch StoreError.forbidden {
                problems.append(context.text["perf.notAllowed"])
            }
        }
        var (_, filters) = try await preparePerformance(request, path: "plan-vs-actual")
        filters.problems += problems
        return try await planPage(request, context, filters, sent: form, status: .unprocessableEntity)
    }

    private static func planPage(_ request: Request, _ context: PageContext, _ filters: PerformanceFilters,
                                 sent: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        var view = PerformanceReportsView(context: context, filters: filters)
        view.sent = sent
        view.saved = request.query[String.self, at: "saved"] == "quota"
        guard filters.problems.isEmpty || !sent.isEmpty else { return Layout.response(view.render(body: nil), status: .unprocessableEntity) }
        let result = try await PlanVersusActualReport(database: request.rapport.database).run(principal: context.principal, filter: filters.parameters.productPeriod)
        if request.url.path.hasSuffix(".csv") {
            return CSVResponse.attachment(PerformanceReportController.planRows(result) { view.name($0) }, name: "plan-vs-actual")
        }
        return Layout.response(view.render(body: view.planVersusActual(result)), status: status)
    }

    private static func preparePerformance(_ request: Request, path: String) async throws -> (PageContext, PerformanceFilters) {
        let context = try request.page
        let tenantId = context.user.tenantId
        let parameters = try await SalesReportParameters.read(request, tenantId: tenantId)
        let names = try await ReferenceNames.load(for: [], request: request, context: context, everyDirectoryName: true)
        let people = try await request.rapport.directory.users(tenantId: tenantId).sorted { $0.name < $1.name }
        let users = people.map { ($0.id, $0.name) }
        let teams = try await request.rapport.directory.teamNames(tenantId: tenantId).map { ($0.key, $0.value) }.sorted { $0.1 < $1.1 }
        // The store decides; the editor only offers what it would accept.
        let principal = context.principal
        let editable: (UUID?) -> Bool = { team in
            principal.role == .admin || (principal.role == .manager && team.map(principal.teamSubtree.contains) == true)
        }
        let quotaTargets = teams.filter { editable($0.0) }.map { ("team:\($0.0.lowercaseString)", context.text.format("perf.teamTarget", ["name": $0.1])) }
            + people.filter { $0.active && $0.role != .partner && editable($0.teamId) }.map { ("user:\($0.id.lowercaseString)", $0.name) }
        var problems = parameters.errors.map { context.text.validationMessage($0, label: context.text["report.\($0.field)"]) ?? $0.message }
        let rawBucket = request.query[String.self, at: "bucket"] ?? ActivityReport.Bucket.week.rawValue
        let bucket = ActivityReport.Bucket(rawValue: rawBucket) ?? .week
        if path == "activity" && ActivityReport.Bucket(rawValue: rawBucket) == nil { problems.append(context.text["perf.badBucket"]) }
        var query: [String: String] = [:]
        for key in ["ownerId", "teamId", "productId"] { query[key] = request.query[String.self, at: key] }
        query["from"] = parameters.from.description
        query["to"] = parameters.to.description
        if path == "activity" { query["bucket"] = bucket.rawValue }
        return (context, PerformanceFilters(path: path, parameters: parameters, problems: problems, bucket: bucket, query: query,
                                            names: names, users: users, teams: teams,
                                            products: try await productChoices(request, context, chosen: parameters.productId), quotaTargets: quotaTargets))
    }
}
