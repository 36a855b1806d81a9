import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The tenant's exchange rates into its base currency (`/exchange-rates`): everyone in the tenant
/// reads them and converts with them; administrators change them.
enum ExchangeRateController {
    static let defaultLimit = 100
    /// Amounts stay below 10^14, as on documents, so that a converted amount is exact.
    static let amountBound: Decimal = 100_000_000_000_000

    /// `GET /exchange-rates[?currency=USD][&limit=100]`, newest first.
    static func list(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        var errors: [FieldError] = []
        let requested = request.query[String.self, at: "currency"]
        let currency = requested.flatMap(CurrencyCode.init)
        if requested != nil && currency == nil {
            errors.append(FieldError(field: "currency", code: .invalidCurrency, message: "currency must be an ISO 4217 code such as USD."))
        }
        let limit = request.query[String.self, at: "limit"].map { Int($0) } ?? defaultLimit
        if limit == nil || !(1...ExchangeRateStore.maximumListed).contains(limit!) {
            errors.append(FieldError(field: "limit", code: .outOfRange, message: "limit must be a whole number from 1 to \(ExchangeRateStore.maximumListed).",
                                     limits: ["min": "1", "max": String(ExchangeRateStore.maximumListed)]))
        }
        guard errors.isEmpty, let limit else { throw Problem.validation(errors) }
        let store = ExchangeRateStore(database: request.rapport.database)
        let rates = try await store.rates(tenantId: principal.tenantId, currency: currency, limit: limit)
        return try await respond(request, principal, rates)
    }

    /// `PUT /exchange-rates` with `{"rates": [{"currency", "date", "rate"}]}` adds or replaces each rate (administrators).
    static func upsert(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators change exchange rates.") }
        var reader = JSONReader(try await JSONIO.body(request), allowed: ["rates"])
        var inputs: [ExchangeRateStore.Input] = []
        for (index, item) in reader.array("rates", max: ExchangeRateStore.maximumBatch).enumerated() {
            var entry = JSONReader(item, path: "rates[\(index)]", allowed: ["currency", "date", "rate"])
            let currency = requiredText(&entry, "currency"), date = requiredText(&entry, "date")
            let rate = entry.decimal("rate", required: true)
            reader.absorb(entry)
            if let currency, let date, let rate { inputs.append(ExchangeRateStore.Input(currency: currency, date: date, rate: rate)) }
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        let saved = try await ExchangeRateStore(database: request.rapport.database).upsert(inputs, tenantId: principal.tenantId, by: principal.userId)
        return try await respond(request, principal, saved)
    }

    /// `DELETE /exchange-rates/{currency}/{date}` (administrators).
    static func delete(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators change exchange rates.") }
        guard let currency = request.parameters.get("currency"), let date = request.parameters.get("date") else { throw Problem.notFound("exchange rate") }
        try await ExchangeRateStore(database: request.rapport.database).delete(currency: currency, date: date, tenantId: principal.tenantId, by: principal.userId)
        return Response(status: .noContent)
    }

    /// `GET /exchange-rates/convert?amount=100&currency=USD[&date=2024-02-15]`: the amount in the
    /// base currency at the latest rate dated on or before the date (today, UTC, by default).
    static func convert(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        var errors: [FieldError] = []
        let amount = request.query[String.self, at: "amount"].flatMap(Decimal.exact)
        if amount == nil || !(amount!.magnitude < amountBound) {
            errors.append(FieldError(field: "amount", code: .invalidValue, message: "amount must be a number such as 1250.50, below 10^14 in size."))
        } else if let amount, amount.roundedHalfAwayFromZero(toPlaces: Money.storageScale) != amount {
            errors.append(FieldError(field: "amount", code: .tooManyDecimals, message: "amount has more than \(Money.storageScale) decimal places.",
                                     limits: ["max": String(Money.storageScale)]))
        }
        let currency = request.query[String.self, at: "currency"].flatMap(CurrencyCode.init)
        if currency == nil { errors.append(FieldError(field: "currency", code: .invalidCurrency, message: "currency must be an ISO 4217 code such as USD.")) }
        let date = request.query[String.self, at: "date"].map(LocalDate.init(iso:)) ?? LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
        if date == nil { errors.append(FieldError(field: "date", code: .invalidDate, message: "date must be a calendar date written YYYY-MM-DD.")) }
        guard errors.isEmpty, let amount, let currency, let date else { throw Problem.validation(errors) }
        let conversion: ExchangeRateStore.Conversion
        do {
            conversion = try await ExchangeRateStore(database: request.rapport.database)
                .convert(Money(amount: amount, currency: currency), on: date, tenantId: principal.tenantId)
        } catch let missing as MissingExchangeRate {
            throw Problem(.notFound, code: "no_exchange_rate", title: "No exchange rate",
                          detail: "\(missing.description) Add a rate dated on or before it in the settings.")
        }
        return JSONIO.response(.object(JSONObject([
            "amount": money(Money(amount: amount, currency: currency), plain: true),
            "date": .string(date.description),
            "rate": conversion.rate.map(json) ?? .null,
            "baseAmount": money(conversion.amount, plain: false),
        ])))
    }

    // MARK: Helpers

    private static func requiredText(_ reader: inout JSONReader, _ key: String) -> String? {
        let problemsBefore = reader.errors.count
        let text = reader.text(key, maxLength: 40)
        if text == nil && reader.errors.count == problemsBefore {
            reader.errorsAppend(FieldError(field: reader.name(key), code: .required, message: "\(key) is required."))
        }
        return text
    }

    private static func respond(_ request: Request, _ principal: Principal, _ rates: [ExchangeRate]) async throws -> Response {
        let base = try await request.rapport.directory.tenant(id: principal.tenantId)?.baseCurrency ?? ""
        return JSONIO.response(.object(JSONObject(["baseCurrency": .string(base), "data": .array(rates.map(json))])))
    }

    static func json(_ rate: ExchangeRate) -> JSONValue {
        .object(JSONObject(["currency": .string(rate.currency.code), "date": .string(rate.date.description), "rate": .string(rate.rate.plainString)]))
    }

    /// The amount as sent, or rounded to the currency's minor digits once converted.
    private static func money(_ money: Money, plain: Bool) -> JSONValue {
        .object(JSONObject(["amount": .string(plain ? money.amount.plainString : money.amountText), "currency": .string(money.currency.code)]))
    }
}
