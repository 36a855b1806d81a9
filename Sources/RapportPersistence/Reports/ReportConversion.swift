import Foundation
import RapportDomain
import SQLKit

/// Sums in the tenant's base currency, each amount converted at the rate of its own date.
/// Amounts with no rate on or before their date are kept aside by currency, never guessed.
struct BaseCurrencySums: Sendable {
    let rates: ExchangeRates
    private(set) var missing: [String: Decimal] = [:]

    init(rates: ExchangeRates) { self.rates = rates }

    var base: CurrencyCode { rates.base }

    /// The amount in the base currency, or nil (and noted) when no rate covers its date.
    /// With `noting: false` a missing rate is not tallied (a second figure of an amount already noted).
    mutating func convert(units: Int64, currency: String?, day: Int?, noting: Bool = true) -> Decimal? {
        let amount = Money.amount(storageUnits: units)
        guard let code = currency.flatMap(CurrencyCode.init), code != rates.base else { return amount }
        guard let day, let converted = try? rates.inBaseCurrency(Money(amount: amount, currency: code), on: LocalDate(daysSince1970: day)) else {
            if noting { missing[code.code, default: 0] += amount }
            return nil
        }
        return converted.amount
    }

    /// Groups of `grouped` (with columns `currency` and `day`: NULL for the base currency) with
    /// each day replaced by the day of the rate that applies to it (`rate_day`, NULL when none
    /// does), then summed again: a report converts once per rate, not once per day. `dateText`
    /// turns the `day` column into 'YYYY-MM-DD' text, the form of a rate's day.
    static func byRateDay(
        _ grouped: SQLQueryString, groups: String, sums: [String], dateText: (String) -> String, tenantId: UUID, dialect d: Dialect
    ) -> SQLQueryString {
        let totals = sums.map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }.joined(separator: ", ")
        return """
            SELECT \(unsafeRaw: groups), rate_day, \(unsafeRaw: totals)
            FROM (SELECT grouped.*, CASE WHEN grouped.day IS NULL THEN NULL ELSE
                    (SELECT MAX(rate_date) FROM exchange_rates WHERE exchange_rates.tenant_id = \(bind: d.bind(tenantId))
                     AND exchange_rates.currency = grouped.currency AND exchange_rates.rate_date <= \(unsafeRaw: dateText("grouped.day"))) END AS rate_day
                  FROM (\(grouped)) AS grouped) AS rated
            GROUP BY \(unsafeRaw: groups), rate_day
            """
    }

    /// The day of a `rate_day` column, for `convert`.
    static func rateDay(_ row: any SQLRow) throws -> Int? {
        try row.decode(column: "rate_day", as: String?.self).flatMap { LocalDate(iso: $0)?.daysSince1970 }
    }

    var missingJSON: JSONValue {
        .array(missing.sorted { $0.key < $1.key }.map { .object(JSONObject(["currency": .string($0.key), "amount": .string($0.value.plainString)])) })
    }

    static func load(tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> BaseCurrencySums {
        BaseCurrencySums(rates: try await ExchangeRateStore.exchangeRates(tenantId: tenantId, dialect: dialect, on: db))
    }
}
