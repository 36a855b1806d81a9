import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// The sales reports and quotas in `/api/v1/openapi.json`: their paths, their parameters, and
/// the answers of the live endpoints checked against the document's own response schemas.
@Suite("OpenAPI document of the sales reports and quotas", .serialized)
struct ReportOpenAPITests {
    /// Where `value` breaks `schema`, for the keywords the document uses (type, enum, required,
    /// properties, additionalProperties, items, oneOf, anyOf, allOf, $ref into the components).
    static func violations(_ value: JSONValue, _ schema: JSONValue, document: JSONValue, at path: String = "$") -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            let name = String(ref.dropFirst("#/components/schemas/".count))
            guard let target = document["components"]?["schemas"]?[name] else { return ["\(path): unresolved \(ref)"] }
            return violations(value, target, document: document, at: path)
        }
        var found: [String] = []
        if let type = schema["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            let kind: String = switch value {
            case .number(let text): text.contains { ".eE".contains($0) } ? "number" : "integer"
            default: value.kindName
            }
            if !allowed.contains(kind) && !(kind == "integer" && allowed.contains("number")) {
                found.append("\(path): \(kind) where the schema allows \(allowed)")
            }
        }
        if let choices = schema["enum"]?.arrayValue, !choices.contains(value) { found.append("\(path): \(value) is not one of \(choices)") }
        if case .object(let object) = value {
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                found.append("\(path): \(key) is required")
            }
            for key in object.keys {
                if let property = schema["properties"]?[key] {
                    found += violations(object[key]!, property, document: document, at: "\(path).\(key)")
                } else if schema["additionalProperties"] == .bool(false) {
                    found.append("\(path): \(key) is not allowed")
                } else if let extra = schema["additionalProperties"], extra.objectValue != nil {
                    found += violations(object[key]!, extra, document: document, at: "\(path).\(key)")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() { found += violations(item, itemSchema, document: document, at: "\(path)[\(index)]") }
        }
        for part in schema["allOf"]?.arrayValue ?? [] { found += violations(value, part, document: document, at: path) }
        for keyword in ["oneOf", "anyOf"] {
            guard let choices = schema[keyword]?.arrayValue else { continue }
            let matching = choices.filter { violations(value, $0, document: document, at: path).isEmpty }.count
            if keyword == "oneOf" ? matching != 1 : matching == 0 { found.append("\(path): \(matching) of the \(keyword) choices match") }
        }
        return found
    }

    static func parameterNames(_ operation: JSONValue?) -> Set<String> {
        Set(operation?["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
    }

    @Test("The quota, plan-vs-actual and activity paths and the deal reports are documented with their parameters; product on every report, not on quotas")
    func paths() async throws {
        try await APITestContext.with { context in
            // MUT
            let document = try await context.send(.GET, "/api/v1/openapi.json", as: nil)
            // validate
            let paths = try #require(document["paths"])
            let period: Set<String> = ["from", "to", "ownerId", "teamId"]
            let expected: [(String, String, String, Set<String>)] = [
                ("/api/v1/quotas", "get", "listQuotas", period),
                ("/api/v1/quotas", "put", "setQuotas", []),
                ("/api/v1/reports/plan-vs-actual", "get", "getPlanVersusActualReport", period.union(["productId"])),
                ("/api/v1/reports/plan-vs-actual.csv", "get", "exportPlanVersusActualReport", period.union(["productId"])),
                ("/api/v1/reports/activity", "get", "getActivityReport", period.union(["bucket", "productId"])),
                ("/api/v1/reports/activity.csv", "get", "exportActivityReport", period.union(["bucket", "productId"])),
                ("/api/v1/reports/forecast", "get", "getForecastReport", period.union(["productId"])),
                ("/api/v1/reports/forecast.csv", "get", "exportForecastReport", period.union(["productId"])),
                ("/api/v1/reports/win-loss", "get", "getWinLossReport", period.union(["productId", "dimension"])),
                ("/api/v1/reports/win-loss.csv", "get", "exportWinLossReport", period.union(["productId", "dimension"])),
                ("/api/v1/reports/funnel", "get", "getFunnelReport", period.union(["productId", "pipelineId"])),
                ("/api/v1/reports/funnel.csv", "get", "exportFunnelReport", period.union(["productId", "pipelineId"])),
                ("/api/v1/reports/aging", "get", "getAgingReport", ["asOf", "groupBy", "teamId", "ownerId", "productId", "currency", "limit"]),
                ("/api/v1/reports/aging.csv", "get", "exportAgingReport", ["asOf", "groupBy", "teamId", "ownerId", "productId", "currency"]),
                ("/api/v1/invoices/overdue", "get", "listOverdueInvoices", ["asOf", "teamId", "ownerId", "productId", "limit"]),
            ]
            for (path, method, id, parameters) in expected {
                let operation = paths[path]?[method]
                #expect(operation?["operationId"] == .string(id), "\(method) \(path)")
                #expect(Self.parameterNames(operation) == parameters, "\(method) \(path)")
                #expect(operation?["responses"]?["default"] != nil, "\(method) \(path) documents its problems")
            }
            let funnelPipeline = paths["/api/v1/reports/funnel"]?["get"]?["parameters"]?.arrayValue?.first { $0["name"] == .string("pipelineId") }
            #expect(funnelPipeline?["required"] == .bool(true))
            let bucket = paths["/api/v1/reports/activity"]?["get"]?["parameters"]?.arrayValue?.first { $0["name"] == .string("bucket") }
            #expect(bucket?["schema"]?["enum"] == .array(["day", "week", "month"]))
            let quota = paths["/api/v1/quotas"]?["put"]?["requestBody"]?["content"]?["application/json"]?["schema"]?["properties"]?["quotas"]?["items"]
            #expect(Set(quota?["properties"]?.objectValue?.keys ?? []) ==
                    ["userId", "teamId", "periodKind", "periodStart", "wonAmount", "newAccounts", "completedActivities"])
            #expect(quota?["additionalProperties"] == .bool(false) && quota?["required"] == .array(["periodKind", "periodStart"]))
            for path in ["/api/v1/reports/activity.csv", "/api/v1/reports/forecast.csv", "/api/v1/reports/funnel.csv"] {
                #expect(paths[path]?["get"]?["responses"]?["200"]?["content"]?["text/csv"] != nil, "\(path)")
            }
            // What the product narrows in plan vs actual and activity is said in the parameter and the answer.
            for (path, narrowed) in [("/api/v1/reports/plan-vs-actual", "wonAmount"), ("/api/v1/reports/activity", "stageMoves")] {
                let operation = paths[path]?["get"]
                let product = operation?["parameters"]?.arrayValue?.first { $0["name"] == .string("productId") }
                #expect(product?["schema"]?["description"]?.stringValue?.contains("counted in full") == true, "\(path)")
                let filtered = operation?["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["properties"]?["productFiltered"]
                #expect(filtered?["items"]?["enum"] == .array([.string(narrowed)]), "\(path)")
            }
        }
    }

    @Test("What the quota and report endpoints answer fits the document's response schemas")
    func responsesFitTheSchemas() async throws {
        try await APITestContext.with { context in
            // setup: a won deal with a product, a done call, a quota per user and per team this month
            let fixture = context.fixture
            let document = try await context.send(.GET, "/api/v1/openapi.json", as: nil).body
            let laptop = try await fixture.create("product", #"{"sku": "LT-14", "name": "Laptop 14", "taxCategory": "standard", "active": true}"#, as: fixture.admin).id
            let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
            func openDeal(_ name: String, _ amount: String, _ currency: String, as owner: Principal) async throws -> Record {
                try await fixture.create("opportunity", """
                    {"name": "\(name)", "stageId": "\(try await fixture.stage(named: "Proposal"))", "amount": {"amount": "\(amount)", "currency": "\(currency)"},
                     "expectedCloseDate": "\(today)"}
                    """, as: owner)
            }
            let deal = try await openDeal("Won deal", "1500", "USD", as: fixture.rep)
            let quote = try await fixture.create("quote", #"{"name": "Offer", "opportunityId": "\#(deal.id)"}"#, as: fixture.rep)
            _ = try await fixture.store.setQuoteLines(quoteId: quote.id, lines: [QuoteLineInput(productId: laptop, quantity: 1, unitPrice: 500)],
                                                      sent: SentTotals(), expectedVersion: nil, principal: fixture.rep)
            let won = try RecordDecoder.decode(.object(JSONObject(["stageId": .string(try await fixture.stage(named: "Won").uuidString)])),
                                               entity: .opportunity, mode: .patch).get()
            _ = try await fixture.store.update(.opportunity, id: deal.id, input: won, principal: fixture.rep, expectedVersion: nil)
            _ = try await openDeal("Open deal", "900", "USD", as: fixture.rep2)
            _ = try await openDeal("Deal without a rate", "300", "EUR", as: fixture.rep2)
            _ = try await fixture.create("activity", #"{"type": "call", "subject": "Hello", "done": true}"#, as: fixture.rep)
            let month = LocalDate(year: today.year, month: today.month, day: 1)!
            let period = "from=\(LocalDate(daysSince1970: month.daysSince1970 - 31))&to=\(LocalDate(daysSince1970: today.daysSince1970 + 31))"
            let pipeline = try #require(deal["pipelineId"].idValue)
            let body = """
                {"quotas": [{"userId": "\(fixture.rep.userId.lowercaseString)", "periodKind": "month", "periodStart": "\(month)", "wonAmount": 3000, "newAccounts": "2", "completedActivities": 4},
                            {"teamId": "\(fixture.teams.north.lowercaseString)", "userId": null, "periodKind": "month", "periodStart": "\(month)", "wonAmount": "1000.5"}]}
                """
            // MUT
            let replies: [(String, String, APITestContext.Reply)] = [
                ("/api/v1/quotas", "put", try await context.send(.PUT, "/api/v1/quotas", as: "admin", json: body)),
                ("/api/v1/quotas", "get", try await context.send(.GET, "/api/v1/quotas?\(period)", as: "manager")),
                ("/api/v1/reports/plan-vs-actual", "get", try await context.send(.GET, "/api/v1/reports/plan-vs-actual?\(period)&productId=\(laptop)", as: "admin")),
                ("/api/v1/reports/activity", "get", try await context.send(.GET, "/api/v1/reports/activity?bucket=day&\(period)&productId=\(laptop)", as: "admin")),
                ("/api/v1/reports/forecast", "get", try await context.send(.GET, "/api/v1/reports/forecast?from=2000-01-01&to=2099-12-31", as: "admin")),
                ("/api/v1/reports/win-loss", "get", try await context.send(.GET, "/api/v1/reports/win-loss?dimension=product&\(period)&productId=\(laptop)", as: "admin")),
                ("/api/v1/reports/win-loss", "get", try await context.send(.GET, "/api/v1/reports/win-loss?dimension=lostReason&\(period)", as: "admin")),
                ("/api/v1/reports/funnel", "get", try await context.send(.GET, "/api/v1/reports/funnel?pipelineId=\(pipeline)&\(period)", as: "admin")),
            ]
            // validate
            for (path, method, reply) in replies {
                #expect(reply.status == .ok, "\(method) \(path): \(reply.text)")
                let schema = try #require(document["paths"]?[path]?[method]?["responses"]?["200"]?["content"]?["application/json"]?["schema"], "\(path)")
                let problems = Self.violations(reply.body, schema, document: document)
                #expect(problems.isEmpty, "\(method) \(path): \(problems.joined(separator: "; "))\n\(reply.text)")
            }
            // The answers are not empty, so the item schemas were checked too.
            #expect(replies[0].2["data"]?.arrayValue?.count == 2 && replies[2].2["data"]?.arrayValue?.count == 2)
            #expect(replies[3].2["data"]?.arrayValue?.isEmpty == false && replies[4].2["owners"]?.arrayValue?.count == 2)
            #expect(replies[4].2["missingRates"]?.arrayValue?.count == 1, "the EUR deal has no rate")
            #expect(replies[5].2["data"]?.arrayValue?.count == 1 && replies[7].2["data"]?.arrayValue?.isEmpty == false)
            // A problem fits the Problem schema.
            let refused = try await context.send(.GET, "/api/v1/quotas?productId=x&ownerId=nope", as: "admin")
            #expect(refused.status == .unprocessableEntity)
            #expect(Self.violations(refused.body, .object(JSONObject(["$ref": "#/components/schemas/Problem"])), document: document).isEmpty)
        }
    }
}
