import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `GET /reports/forecast`, `/reports/win-loss` and `/reports/funnel`, as JSON or (`.csv`) CSV
/// with ids where the pages write names; each takes the period, owner, team and product filters
/// (`SalesReportParameters`).
enum SalesReportController {
    static func forecast(_ request: Request) async throws -> Response {
        let (principal, parameters) = try await SalesReportParameters.validated(request)
        let result = try await ForecastReport(database: request.rapport.database).run(principal: principal, filter: parameters.productPeriod)
        if request.url.path.hasSuffix(".csv") {
            return CSVResponse.attachment(forecastRows(result) { $0.lowercaseString }, name: "forecast")
        }
        let owners: [JSONValue] = result.owners.sorted { ($0.key?.lowercaseString ?? "") < ($1.key?.lowercaseString ?? "") }.map { owner, figures in
            .object(JSONObject(["ownerId": owner.map { .string($0.lowercaseString) } ?? .null, "figures": figures.json(result.base)]))
        }
        let teams: [JSONValue] = result.teams.sorted { $0.key.lowercaseString < $1.key.lowercaseString }.map { team, figures in
            .object(JSONObject(["teamId": .string(team.lowercaseString), "figures": figures.json(result.base)]))
        }
        return JSONIO.response(.object(JSONObject([
            "from": .string(parameters.from.description), "to": .string(parameters.to.description), "baseCurrency": .string(result.base.code),
            "total": result.total.json(result.base), "owners": .array(owners), "teams": .array(teams), "missingRates": missing(result.missingRates),
        ])))
    }

    static func winLoss(_ request: Request) async throws -> Response {
        let (principal, parameters) = try await SalesReportParameters.validated(request)
        let raw = request.query[String.self, at: "dimension"] ?? "owner"
        guard let dimension = WinLossReport.Dimension(rawValue: raw) else {
            throw Problem.validation([FieldError(field: "dimension", code: .invalidChoice,
                message: "dimension must be one of: \(WinLossReport.Dimension.allCases.map(\.rawValue).joined(separator: ", ")).")])
        }
        let result = try await WinLossReport(database: request.rapport.database).run(principal: principal, dimension: dimension, filter: .init(
            from: parameters.fromInstant, to: parameters.toInstant, ownerId: parameters.ownerId, teamIds: parameters.teamIds,
            productId: parameters.productId))
        if request.url.path.hasSuffix(".csv") {
            return CSVResponse.attachment(winLossRows(result) { $0 ?? "" }, name: "win-loss-\(dimension.rawValue)")
        }
        return JSONIO.response(result.json)
    }

    static func funnel(_ request: Request) async throws -> Response {
        let (principal, parameters) = try await SalesReportParameters.validated(request)
        guard let pipeline = request.query[String.self, at: "pipelineId"].flatMap(UUID.init(parsing:)) else {
            throw Problem.validation([FieldError(field: "pipelineId", code: .required, message: "pipelineId names the pipeline whose funnel to show.")])
        }
        let steps = try await FunnelReport(database: request.rapport.database).run(principal: principal, filter: .init(
            pipelineId: pipeline, from: parameters.fromInstant, to: parameters.toInstant, ownerId: parameters.ownerId, teamIds: parameters.teamIds,
            productId: parameters.productId))
        if request.url.path.hasSuffix(".csv") {
            return CSVResponse.attachment(funnelRows(steps) { $0.lowercaseString }, name: "funnel")
        }
        return JSONIO.response(.object(JSONObject(["pipelineId": .string(pipeline.lowercaseString), "data": .array(steps.map(\.json))])))
    }

    // MARK: Shared with the pages

    /// One line per owner (none: an empty name), in the order of `name`: ids in the API, names on the pages.
    static func forecastRows(_ result: ForecastReport.Result, name: (UUID) -> String) -> [[String]] {
        let header = ["owner", "closed", "commit", "best_case", "pipeline", "weighted", "commit_forecast", "best_case_forecast", "currency"]
        let text = { (value: Decimal) in Money(amount: value, currency: result.base).amountText }
        return [header] + result.owners.map { owner, figures in
            [owner.map(name) ?? "", text(figures.closed), text(figures.commit), text(figures.bestCase), text(figures.pipeline),
             text(figures.weighted), text(figures.commitForecast), text(figures.bestCaseForecast), result.base.code]
        }.sorted { $0[0] < $1[0] }
    }

    /// One line per row of the chosen dimension; `keyName` gives its key (nil: no owner, team…) as is or by name.
    static func winLossRows(_ result: WinLossReport.Result, keyName: (String?) -> String) -> [[String]] {
        [["key", "won", "lost", "win_rate_percent", "won_amount", "average_won", "currency"]] + result.rows.map { row in
            [keyName(row.key), String(row.won), String(row.lost), row.winRate?.plainString ?? "", Money(amount: row.wonAmount, currency: result.base).amountText,
             row.averageWon(result.base).map { Money(amount: $0, currency: result.base).amountText } ?? "", result.base.code]
        }
    }

    /// One line per step, in funnel order; `stageName` gives the stage's id or its name.
    static func funnelRows(_ steps: [FunnelReport.Step], stageName: (UUID) -> String) -> [[String]] {
        [["stage", "reached", "conversion_to_next_percent", "average_days", "completed_stays"]] + steps.map { step in
            [stageName(step.stageId), String(step.reached), step.conversionToNext?.plainString ?? "", step.averageDays?.plainString ?? "",
             String(step.completedStays)]
        }
    }

    private static func missing(_ amounts: [String: Decimal]) -> JSONValue {
        .array(amounts.sorted { $0.key < $1.key }.map { .object(JSONObject(["currency": .string($0.key), "amount": .string($0.value.plainString)])) })
    }
}
