import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `GET /reports/plan-vs-actual` and `/reports/activity?bucket=day|week|month`, as JSON or (`.csv`) CSV,
/// with the period, owner, team and product filters. A product narrows only the measures that
/// are about deals (`productMeasures` of each report: the won amount, the stage moves); the
/// answer names them in `productFiltered`, and counts the others in full.
enum PerformanceReportController {
    static func planVersusActual(_ request: Request) async throws -> Response {
        let (principal, parameters) = try await SalesReportParameters.validated(request)
        let result = try await PlanVersusActualReport(database: request.rapport.database).run(principal: principal, filter: parameters.productPeriod)
        if request.url.path.hasSuffix(".csv") {
            return CSVResponse.attachment(planRows(result) { $0.lowercaseString }, name: "plan-vs-actual")
        }
        func measure(_ measure: PlanVersusActualReport.Measure, money: Bool) -> JSONValue {
            func value(_ amount: Decimal) -> JSONValue { money ? .string(Money(amount: amount, currency: result.base).amountText) : .decimal(amount) }
            return .object(JSONObject(["target": value(measure.target), "actual": value(measure.actual),
                                       "attainment": measure.attainment.map(JSONValue.decimal) ?? .null]))
        }
        let rows: [JSONValue] = result.rows.map { row in
            .object(JSONObject([
                "quota": QuotaController.json(row.quota, result.base), "wonAmount": measure(row.wonAmount, money: true),
                "newAccounts": measure(row.newAccounts, money: false), "completedActivities": measure(row.completedActivities, money: false),
            ]))
        }
        return JSONIO.response(.object(JSONObject([
            "from": .string(parameters.from.description), "to": .string(parameters.to.description), "baseCurrency": .string(result.base.code),
            "productId": productId(parameters), "productFiltered": productFiltered(parameters, PlanVersusActualReport.productMeasures),
            "data": .array(rows),
            "missingRates": .array(result.missingRates.sorted { $0.key < $1.key }.map {
                .object(JSONObject(["currency": .string($0.key), "amount": .string($0.value.plainString)]))
            }),
        ])))
    }

    static func activity(_ request: Request) async throws -> Response {
        let (principal, parameters) = try await SalesReportParameters.validated(request)
        let raw = request.query[String.self, at: "bucket"] ?? ActivityReport.Bucket.week.rawValue
        guard let bucket = ActivityReport.Bucket(rawValue: raw) else {
            throw Problem.validation([FieldError(field: "bucket", code: .invalidChoice, message: "bucket must be one of: day, week, month.")])
        }
        let result = try await ActivityReport(database: request.rapport.database).run(principal: principal, filter: .init(parameters.productPeriod, bucket: bucket))
        if request.url.path.hasSuffix(".csv") {
            return CSVResponse.attachment(activityRows(result) { $0.lowercaseString }, name: "activity-\(bucket.rawValue)")
        }
        let rows: [JSONValue] = result.keys.map { key in
            var object = JSONObject(["ownerId": key.ownerId.map { .string($0.lowercaseString) } ?? .null, "bucketStart": .string(key.bucketStart.description)])
            for (name, value) in json(result.cells[key] ?? .init()) { object.append(name, value) }
            return .object(object)
        }
        var total = JSONObject()
        for (name, value) in json(result.total) { total.append(name, value) }
        return JSONIO.response(.object(JSONObject([
            "from": .string(parameters.from.description), "to": .string(parameters.to.description), "bucket": .string(bucket.rawValue),
            "productId": productId(parameters), "productFiltered": productFiltered(parameters, ActivityReport.productMeasures),
            "data": .array(rows), "total": .object(total),
        ])))
    }

    // MARK: Shared with the pages

    /// One line per quota; `name` shows a user or team (ids in the API, names on the pages).
    static func planRows(_ result: PlanVersusActualReport.Result, name: (UUID) -> String) -> [[String]] {
        let header = ["user", "team", "period_kind", "period_start", "won_target", "won_actual", "won_attainment_percent",
                      "new_accounts_target", "new_accounts_actual", "new_accounts_attainment_percent",
                      "activities_target", "activities_actual", "activities_attainment_percent", "currency"]
        let money = { (value: Decimal) in Money(amount: value, currency: result.base).amountText }
        return [header] + result.rows.map { row in
            [row.quota.userId.map(name) ?? "", row.quota.teamId.map(name) ?? "", row.quota.periodKind.rawValue, row.quota.periodStart.description,
             money(row.wonAmount.target), money(row.wonAmount.actual), row.wonAmount.attainment?.plainString ?? "",
             row.newAccounts.target.plainString, row.newAccounts.actual.plainString, row.newAccounts.attainment?.plainString ?? "",
             row.completedActivities.target.plainString, row.completedActivities.actual.plainString, row.completedActivities.attainment?.plainString ?? "",
             result.base.code]
        }
    }

    static func activityRows(_ result: ActivityReport.Result, name: (UUID) -> String) -> [[String]] {
        let header = ["owner", "bucket_start", "calls", "meetings", "tasks", "new_leads", "leads_answered_in_time", "stage_moves"]
        return [header] + result.keys.map { key in
            let counts = result.cells[key] ?? .init()
            return [key.ownerId.map(name) ?? "", key.bucketStart.description] + figures(counts).map { String($0.1) }
        }
    }

    static func figures(_ counts: ActivityReport.Counts) -> [(String, Int)] {
        [("calls", counts.calls), ("meetings", counts.meetings), ("tasks", counts.tasks), ("newLeads", counts.newLeads),
         ("leadsAnsweredInTime", counts.leadsAnsweredInTime), ("stageMoves", counts.stageMoves)]
    }

    private static func productId(_ parameters: SalesReportParameters) -> JSONValue {
        parameters.productId.map { .string($0.lowercaseString) } ?? .null
    }

    /// The measures the chosen product narrowed; none without a product.
    private static func productFiltered(_ parameters: SalesReportParameters, _ measures: [String]) -> JSONValue {
        .array(parameters.productId == nil ? [] : measures.map(JSONValue.string))
    }

    private static func json(_ counts: ActivityReport.Counts) -> [(String, JSONValue)] {
        figures(counts).map { ($0.0, .int($0.1)) }
    }
}
