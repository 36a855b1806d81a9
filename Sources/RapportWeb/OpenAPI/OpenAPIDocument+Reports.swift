import Foundation
import RapportDomain
import RapportPersistence

/// The sales reports (forecast, win/loss, funnel, plan versus actual, salesperson activity) and
/// the quotas, with the filters of `SalesReportParameters`; the shapes are those the report
/// controllers write.
extension OpenAPIDocument {
    func addReportPaths(to paths: inout JSONObject) {
        addDealReportPaths(to: &paths)
        addPerformancePaths(to: &paths)
        addQuotaPaths(to: &paths)
    }

    private func addDealReportPaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Reports"]
        let deals = periodParameters + [query("productId", object([
            "type": "string", "format": "uuid", "description": "Only deals with a line of this product on any of their quotes that is not deleted",
        ]))]
        var figureProperties = JSONObject()
        for name in ["pipeline", "bestCase", "commit", "closed", "weighted", "commitForecast", "bestCaseForecast"] { figureProperties[name] = plain }
        figureProperties["openDeals"] = integer
        figureProperties["wonDeals"] = integer
        let figures = object(["type": "object", "required": .array(figureProperties.keys.map(JSONValue.string)), "properties": .object(figureProperties)])
        paths["/api/v1/reports/forecast"] = object(["get": documentedOperation(
            "Forecast of the deals expected to close in the period, in the base currency: categories, weighted pipeline, per owner and per team with the teams below it",
            tag: tag, id: "getForecastReport", parameters: deals,
            responses: ["200": reply("The forecast", object(required: ["from", "to", "baseCurrency", "total", "owners", "teams", "missingRates"], [
                "from": date, "to": date, "baseCurrency": plain, "total": figures,
                "owners": array(object(required: ["ownerId", "figures"], ["ownerId": nullableUUID, "figures": figures])),
                "teams": array(object(required: ["teamId", "figures"], ["teamId": uuid, "figures": figures])),
                "missingRates": missingRates,
            ]))])])
        paths["/api/v1/reports/forecast.csv"] = object(["get": documentedOperation(
            "The forecast as CSV, one row per owner (owner id; empty for deals without one)", tag: tag, id: "exportForecastReport", parameters: deals,
            responses: ["200": csv("One row per owner: closed, commit, best case, pipeline, weighted, commit and best-case forecasts, currency")])])

        let dimension = query("dimension", object(["type": "string", "enum": .array(WinLossReport.Dimension.allCases.map { .string($0.rawValue) }),
                                                   "default": "owner"]))
        let row = object(required: ["key", "won", "lost", "winRate", "wonAmount", "averageWon"], [
            "key": object(["type": ["string", "null"], "description": "The reason, competitor or industry as written, or the id of the owner, team or product"]),
            "won": integer, "lost": integer,
            "winRate": object(["type": ["number", "null"], "description": "Percent, won ÷ (won + lost)"]),
            "wonAmount": plain, "averageWon": object(["type": ["string", "null"]]),
        ])
        paths["/api/v1/reports/win-loss"] = object(["get": documentedOperation(
            "Deals closed in the period, won against lost, by one dimension, with win rate and average won deal in the base currency",
            tag: tag, id: "getWinLossReport", parameters: deals + [dimension],
            responses: ["200": reply("The report", object(required: ["baseCurrency", "dimension", "total", "data", "missingRates"], [
                "baseCurrency": plain, "dimension": plain, "total": row, "data": array(row), "missingRates": missingRates,
            ]))])])
        paths["/api/v1/reports/win-loss.csv"] = object(["get": documentedOperation(
            "The win/loss report as CSV", tag: tag, id: "exportWinLossReport", parameters: deals + [dimension], responses: ["200": csv("One row per key")])])

        let step = object(required: ["stageId", "reached", "conversionToNext", "averageDays", "completedStays"], [
            "stageId": uuid, "reached": integer,
            "conversionToNext": object(["type": ["number", "null"], "description": "Percent of this stage's deals that reached the next one"]),
            "averageDays": object(["type": ["number", "null"], "description": "Average finished stay in the stage, in days"]),
            "completedStays": integer,
        ])
        paths["/api/v1/reports/funnel"] = object(["get": documentedOperation(
            "How the deals of a pipeline created in the period moved through its open stages to won, from the stage history",
            tag: tag, id: "getFunnelReport", parameters: deals + [query("pipelineId", required: true, uuid)],
            responses: ["200": reply("The open stages in order, then the won stage", object(required: ["pipelineId", "data"], [
                "pipelineId": uuid, "data": array(step),
            ]))])])
        paths["/api/v1/reports/funnel.csv"] = object(["get": documentedOperation(
            "The funnel as CSV", tag: tag, id: "exportFunnelReport", parameters: deals + [query("pipelineId", required: true, uuid)],
            responses: ["200": csv("One row per step, in funnel order: stage id, reached, conversion to next in percent, average days, completed stays")])])
    }

    private func addPerformancePaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Reports"]
        let percent = object(["type": ["number", "null"], "description": "Actual ÷ target in percent; null when no target was set"])
        let moneyMeasure = object(required: ["target", "actual", "attainment"], ["target": plain, "actual": plain, "attainment": percent])
        let countMeasure = object(required: ["target", "actual", "attainment"], ["target": number, "actual": number, "attainment": percent])
        let planProduct = productParameter(narrowing: "Only won deals with a line of this product on any of their quotes count towards the won amount, "
            + "against the whole quota (quotas are not per product); new accounts and completed activities have no product and are counted in full")
        let plan = object(required: ["from", "to", "baseCurrency", "productId", "productFiltered", "data", "missingRates"], [
            "from": date, "to": date, "baseCurrency": plain, "productId": nullableUUID,
            "productFiltered": productFiltered(PlanVersusActualReport.productMeasures),
            "data": array(object(required: ["quota", "wonAmount", "newAccounts", "completedActivities"], [
                "quota": quota, "wonAmount": moneyMeasure, "newAccounts": countMeasure, "completedActivities": countMeasure,
            ])),
            "missingRates": missingRates,
        ])
        paths["/api/v1/reports/plan-vs-actual"] = object(["get": documentedOperation(
            "Each quota starting in the period against what happened in it: won amount, new accounts, completed activities; a product narrows the won amount only",
            tag: tag, id: "getPlanVersusActualReport", parameters: periodParameters + [planProduct], responses: ["200": reply("The report", plan)])])
        paths["/api/v1/reports/plan-vs-actual.csv"] = object(["get": documentedOperation(
            "The plan-vs-actual report as CSV", tag: tag, id: "exportPlanVersusActualReport", parameters: periodParameters + [planProduct],
            responses: ["200": csv("One row per quota")])])

        let countNames = PerformanceReportController.figures(ActivityReport.Counts()).map(\.0)
        var countProperties = JSONObject()
        for name in countNames { countProperties[name] = integer }
        var cellProperties = JSONObject(["ownerId": nullableUUID, "bucketStart": date])
        for name in countNames { cellProperties[name] = integer }
        let cell = object(["type": "object", "required": .array((["ownerId", "bucketStart"] + countNames).map(JSONValue.string)), "properties": .object(cellProperties)])
        let counts = object(["type": "object", "required": .array(countNames.map(JSONValue.string)), "properties": .object(countProperties)])
        let bucket = query("bucket", object(["type": "string", "enum": .array(ActivityReport.Bucket.allCases.map { .string($0.rawValue) }), "default": "week"]))
        let activityProduct = productParameter(narrowing: "Only moves of deals with a line of this product on any of their quotes count as stage moves; "
            + "calls, meetings, tasks and new leads have no product and are counted in full")
        paths["/api/v1/reports/activity"] = object(["get": documentedOperation(
            "What each salesperson did per day, week or month of the period: calls, meetings, tasks, new leads, leads answered in time, stage moves; a product narrows the stage moves only",
            tag: tag, id: "getActivityReport", parameters: periodParameters + [bucket, activityProduct],
            responses: ["200": reply("The report", object(required: ["from", "to", "bucket", "productId", "productFiltered", "data", "total"], [
                "from": date, "to": date, "bucket": plain, "productId": nullableUUID, "productFiltered": productFiltered(ActivityReport.productMeasures),
                "data": array(cell), "total": counts,
            ]))])])
        paths["/api/v1/reports/activity.csv"] = object(["get": documentedOperation(
            "The activity report as CSV", tag: tag, id: "exportActivityReport", parameters: periodParameters + [bucket, activityProduct],
            responses: ["200": csv("One row per owner and bucket")])])
    }

    private func addQuotaPaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Quotas"]
        let quotas = object(required: ["baseCurrency", "data"], ["baseCurrency": plain, "data": array(quota)])
        let count = object([
            "description": .string("A whole number from 0 to \(QuotaStore.maximumCount); 0 when left out"),
            "type": ["integer", "string", "null"], "minimum": 0, "maximum": .int(QuotaStore.maximumCount), "pattern": "^[0-9]{1,7}$",
        ])
        paths["/api/v1/quotas"] = object([
            "get": documentedOperation(
                "Quotas you may see whose period starts in the range: yours as a rep, your teams' and their users' as a manager, all as an administrator",
                tag: tag, id: "listQuotas", parameters: periodParameters, responses: ["200": reply("The quotas", quotas)]),
            "put": documentedOperation(
                "Add or replace quotas (same user or team, kind and start), all or none (administrators, and managers for their teams and those teams' users); errors name their quota as quotas[2].periodStart",
                tag: tag, id: "setQuotas",
                body: closed(required: ["quotas"], [
                    "quotas": array(closed(required: ["periodKind", "periodStart"], [
                        "userId": object(["type": ["string", "null"], "format": "uuid", "description": "A user of the tenant; give this or teamId"]),
                        "teamId": object(["type": ["string", "null"], "format": "uuid", "description": "A team of the tenant; give this or userId"]),
                        "periodKind": object(["type": "string", "enum": .array(Quota.PeriodKind.allCases.map { .string($0.rawValue) })]),
                        "periodStart": object(["type": "string", "format": "date",
                                               "description": "The first day of a month, or of January, April, July or October for a quarter"]),
                        "wonAmount": object([
                            "description": "In the base currency, from 0 to below 10^14, with no more decimals than it has; 0 when left out",
                            "type": ["number", "string", "null"], "minimum": 0, "pattern": "^[0-9]{1,14}(\\.[0-9]{1,4})?$",
                        ]),
                        "newAccounts": count, "completedActivities": count,
                    ]), max: QuotaStore.maximumBatch),
                ]),
                responses: ["200": reply("The quotas sent, as stored", quotas)]),
        ])
    }

    // MARK: Pieces

    /// `from`, `to`, `ownerId` and `teamId`, as every sales report and the quota list read them.
    private var periodParameters: [JSONValue] {
        [
            query("from", object(["type": "string", "format": "date", "description": "First day, included; the current quarter's when left out"])),
            query("to", object(["type": "string", "format": "date", "description": "Last day, included; not before from"])),
            query("ownerId", uuid),
            query("teamId", object(["type": "string", "format": "uuid", "description": "The team and every team below it"])),
        ]
    }

    private func productParameter(narrowing description: String) -> JSONValue {
        query("productId", object(["type": "string", "format": "uuid", "description": .string(description)]))
    }

    /// The measures the product filter narrowed: these when a product was given, none otherwise.
    private func productFiltered(_ measures: [String]) -> JSONValue {
        object(["type": "array", "items": object(["type": "string", "enum": .array(measures.map(JSONValue.string))]),
                "description": "The measures the productId filter narrowed; empty without one. The others are counted in full."])
    }

    private var quota: JSONValue {
        object(required: ["id", "userId", "teamId", "periodKind", "periodStart", "periodEnd", "wonAmount", "newAccounts", "completedActivities"], [
            "id": uuid, "userId": nullableUUID, "teamId": nullableUUID,
            "periodKind": object(["type": "string", "enum": .array(Quota.PeriodKind.allCases.map { .string($0.rawValue) })]),
            "periodStart": date, "periodEnd": object(["type": "string", "format": "date", "description": "The last day of the period"]),
            "wonAmount": object(["type": "string", "description": "In the base currency"]),
            "newAccounts": integer, "completedActivities": integer,
        ])
    }

    private var missingRates: JSONValue {
        array(object(required: ["currency", "amount"], ["currency": plain, "amount": plain]))
    }

    private func csv(_ description: String) -> JSONValue {
        object(["description": .string("CSV: a header row, then \(description.lowercased())"), "content": object(["text/csv": object(["schema": plain])])])
    }

    private var uuid: JSONValue { object(["type": "string", "format": "uuid"]) }
    private var nullableUUID: JSONValue { object(["type": ["string", "null"], "format": "uuid"]) }
    private var plain: JSONValue { object(["type": "string"]) }
    private var date: JSONValue { object(["type": "string", "format": "date"]) }
    private var integer: JSONValue { object(["type": "integer"]) }
    private var number: JSONValue { object(["type": "number"]) }
}
