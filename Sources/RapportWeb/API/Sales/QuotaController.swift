import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `/quotas`: sales targets per user or team, month or quarter. Everyone reads those they may
/// see (`QuotaStore`); administrators and managers set them.
enum QuotaController {
    /// `GET /quotas?from&to&ownerId&teamId`: quotas whose period starts in the range (by default the current quarter).
    static func list(_ request: Request) async throws -> Response {
        let (principal, parameters) = try await SalesReportParameters.validated(request, ignoringProduct: true)
        let quotas = try await QuotaStore(database: request.rapport.database).list(principal: principal, filter: parameters.period)
        return try await respond(request, principal, quotas)
    }

    /// `PUT /quotas` with `{"quotas": [{"userId" or "teamId", "periodKind", "periodStart", "wonAmount", "newAccounts", "completedActivities"}]}`
    /// adds or replaces each quota, all or none.
    static func set(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard [.admin, .manager].contains(principal.role) else { throw StoreError.forbidden("Only administrators and managers set quotas.") }
        var reader = JSONReader(try await JSONIO.body(request), allowed: ["quotas"])
        var inputs: [QuotaStore.Input] = []
        for (index, item) in reader.array("quotas", max: QuotaStore.maximumBatch).enumerated() {
            var entry = JSONReader(item, path: "quotas[\(index)]",
                                   allowed: ["userId", "teamId", "periodKind", "periodStart", "wonAmount", "newAccounts", "completedActivities"])
            let user = entry.id("userId"), team = entry.id("teamId")
            let kind = entry.text("periodKind", maxLength: 20), start = entry.text("periodStart", maxLength: 20)
            for (key, value) in [("periodKind", kind), ("periodStart", start)] where value == nil && !entry.errors.contains(where: { $0.field == entry.name(key) }) {
                entry.errorsAppend(FieldError(field: entry.name(key), code: .required, message: "\(key) is required."))
            }
            let amount = entry.decimal("wonAmount") ?? 0
            let accounts = wholeNumber(&entry, "newAccounts"), activities = wholeNumber(&entry, "completedActivities")
            reader.absorb(entry)
            if let kind, let start, let accounts, let activities {
                inputs.append(QuotaStore.Input(userId: user, teamId: team, periodKind: kind, periodStart: start, wonAmount: amount,
                                               newAccounts: accounts, completedActivities: activities))
            }
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        let saved = try await QuotaStore(database: request.rapport.database).set(inputs, principal: principal)
        return try await respond(request, principal, saved)
    }

    /// A count, 0 when absent.
    private static func wholeNumber(_ reader: inout JSONReader, _ key: String) -> Int? {
        let before = reader.errors.count
        guard let value = reader.decimal(key) else { return reader.errors.count == before ? 0 : nil }
        guard value == value.roundedHalfAwayFromZero(toPlaces: 0), value >= 0, value <= Decimal(QuotaStore.maximumCount) else {
            reader.errorsAppend(FieldError(field: reader.name(key), code: .outOfRange, message: "\(key) must be a whole number from 0 to \(QuotaStore.maximumCount).",
                                           limits: ["min": "0", "max": String(QuotaStore.maximumCount)]))
            return nil
        }
        return NSDecimalNumber(decimal: value).intValue
    }

    private static func respond(_ request: Request, _ principal: Principal, _ quotas: [Quota]) async throws -> Response {
        let base = try await request.rapport.directory.tenant(id: principal.tenantId)?.baseCurrency ?? "USD"
        let currency = CurrencyCode(base) ?? CurrencyCode("USD")!
        return JSONIO.response(.object(JSONObject(["baseCurrency": .string(currency.code), "data": .array(quotas.map { json($0, currency) })])))
    }

    static func json(_ quota: Quota, _ currency: CurrencyCode) -> JSONValue {
        .object(JSONObject([
            "id": .string(quota.id.lowercaseString),
            "userId": quota.userId.map { .string($0.lowercaseString) } ?? .null, "teamId": quota.teamId.map { .string($0.lowercaseString) } ?? .null,
            "periodKind": .string(quota.periodKind.rawValue), "periodStart": .string(quota.periodStart.description),
            "periodEnd": .string(LocalDate(daysSince1970: quota.periodEnd.daysSince1970 - 1).description),
            "wonAmount": .string(Money(amount: quota.wonAmount, currency: currency).amountText),
            "newAccounts": .int(quota.newAccounts), "completedActivities": .int(quota.completedActivities),
        ]))
    }
}
