import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// What an aging request asks for, read from `asOf`, `groupBy`, `teamId`, `ownerId`, `productId`
/// (invoices with a line of that product) and `currency`; the API and the receivables page read it
/// the same way, and the overdue list takes the same team, owner and product filters.
struct AgingRequest: Sendable {
    static let defaultLimit = 100
    static let maximumLimit = 1_000

    var filter: AgingReport.Filter
    /// How many groups to show, the largest first (the CSV export has them all).
    var limit = AgingRequest.defaultLimit
    var errors: [FieldError] = []

    init(_ pairs: [(String, String)], today: LocalDate = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))) {
        filter = AgingReport.Filter(asOf: today)
        for (name, value) in pairs where !value.isEmpty {
            switch name {
            case "asOf":
                if let date = LocalDate(iso: value) { filter.asOf = date }
                else { errors.append(FieldError(field: "asOf", code: .invalidDate, message: "asOf must be a date such as 2026-01-31.")) }
            case "groupBy":
                if let grouping = AgingReport.Grouping(rawValue: value) { filter.groupBy = grouping }
                else { errors.append(FieldError(field: "groupBy", code: .invalidChoice, message: "groupBy is one of account, owner, team, partner.")) }
            case "teamId", "ownerId", "productId":
                guard let id = UUID(parsing: value) else {
                    errors.append(FieldError(field: name, code: .invalidId, message: "\(name) must be an id."))
                    continue
                }
                switch name {
                case "teamId": filter.teamId = id
                case "ownerId": filter.ownerId = id
                default: filter.productId = id
                }
            case "limit":
                if let number = Int(value), (1...Self.maximumLimit).contains(number) { limit = number }
                else { errors.append(FieldError(field: "limit", code: .invalidLimit, message: "limit is a whole number from 1 to \(Self.maximumLimit).")) }
            case "currency":
                if CurrencyCode(value) != nil { filter.currency = value }
                else { errors.append(FieldError(field: "currency", code: .invalidCurrency, message: "currency must be an ISO 4217 code such as EUR.")) }
            default: break
            }
        }
    }

    /// The name of each group of the rows: account names, user, team or partner names.
    static func names(of rows: [AgingReport.Row], _ grouping: AgingReport.Grouping, request: Request, principal: Principal) async throws -> [UUID: String] {
        let ids = Array(Set(rows.compactMap(\.groupId)))
        guard !ids.isEmpty else { return [:] }
        let directory = request.rapport.directory
        switch grouping {
        case .account:
            let accounts = try await request.rapport.store.records(.account, ids: ids, principal: principal)
            return Dictionary(accounts.map { ($0.id, $0["name"].textValue ?? "") }) { first, _ in first }
        case .owner:
            return Dictionary(try await directory.users(tenantId: principal.tenantId).map { ($0.id, $0.name) }) { first, _ in first }
        case .team: return try await directory.teamNames(tenantId: principal.tenantId)
        case .partner: return try await directory.partnerNames(tenantId: principal.tenantId)
        }
    }

    /// The header and one line per row, then a total per currency; amounts plain, for spreadsheets.
    static func csvRows(_ rows: [AgingReport.Row], names: [UUID: String], groupLabel: String, bucketLabels: [String], totalLabel: String, currencyLabel: String) -> [[String]] {
        func amounts(_ row: AgingReport.Row) -> [String] {
            let code = CurrencyCode(row.currency)
            return (row.buckets + [row.total]).map { amount in code.map { Money(amount: amount, currency: $0).amountText } ?? amount.plainString }
        }
        var lines = [[groupLabel, currencyLabel] + bucketLabels + [totalLabel]]
        lines += rows.map { [($0.groupId.flatMap { names[$0] } ?? "—"), $0.currency] + amounts($0) }
        lines += AgingReport.totals(rows).map { [totalLabel, $0.currency] + amounts($0) }
        return lines
    }
}

/// `GET /reports/aging`, `/reports/aging.csv` and `/invoices/overdue`: receivables the caller may see.
enum AgingController {
    /// `?limit=` (1–1,000, default 100): the largest groups; `groups` says how many there are.
    static func aging(_ request: Request) async throws -> Response {
        let parsed = try parse(request)
        let principal = try request.session.principal
        let result = try await AgingReport(database: request.rapport.database).run(principal: principal, filter: parsed.filter, limit: parsed.limit)
        let names = try await AgingRequest.names(of: result.rows, parsed.filter.groupBy, request: request, principal: principal)
        return JSONIO.response(.object(JSONObject([
            "asOf": .string(parsed.filter.asOf.description), "groupBy": .string(parsed.filter.groupBy.rawValue),
            "buckets": .array(AgingReport.Bucket.allCases.map { .string($0.key) }),
            "data": .array(result.rows.map { $0.json(names: names) }),
            "totals": .array(result.totals.map { $0.json() }),
            "groups": .int(result.groupCount), "limit": .int(parsed.limit),
        ])))
    }

    static func agingCSV(_ request: Request) async throws -> Response {
        let filter = try parse(request).filter
        let principal = try request.session.principal
        let rows = try await AgingReport(database: request.rapport.database).run(principal: principal, filter: filter)
        let names = try await AgingRequest.names(of: rows, filter.groupBy, request: request, principal: principal)
        let lines = AgingRequest.csvRows(rows, names: names, groupLabel: filter.groupBy.rawValue, bucketLabels: AgingReport.Bucket.allCases.map(\.key),
                                         totalLabel: "total", currencyLabel: "currency")
        return CSVResponse.attachment(lines, name: "aging-\(filter.asOf)")
    }

    /// `?asOf=&teamId=&ownerId=&productId=&limit=` (at most 500, default 50): open invoices past due, longest overdue first.
    static func overdue(_ request: Request) async throws -> Response {
        let pairs = JSONIO.queryPairs(request)
        let parsed = AgingRequest(pairs)
        var errors = parsed.errors
        var limit = 50
        if let text = pairs.first(where: { $0.0 == "limit" })?.1 {
            if let value = Int(text), (1...500).contains(value) { limit = value }
            else { errors.append(FieldError(field: "limit", code: .invalidLimit, message: "limit is a whole number from 1 to 500.")) }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let overdue = try await AgingReport(database: request.rapport.database).overdue(
            principal: try request.session.principal, asOf: parsed.filter.asOf, teamId: parsed.filter.teamId, ownerId: parsed.filter.ownerId,
            productId: parsed.filter.productId, limit: limit)
        return JSONIO.response(.object(JSONObject([
            "asOf": .string(parsed.filter.asOf.description),
            "data": .array(overdue.map { item in
                var object = item.invoice.json.objectValue ?? JSONObject()
                object.append("daysOverdue", .int(item.daysOverdue))
                return .object(object)
            }),
        ])))
    }

    private static func parse(_ request: Request) throws -> AgingRequest {
        let parsed = AgingRequest(JSONIO.queryPairs(request))
        guard parsed.errors.isEmpty else { throw Problem.validation(parsed.errors) }
        return parsed
    }
}
