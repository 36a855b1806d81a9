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

    /// The day (since 1970) of the exchange rate that applies to each row: the latest rate of the
    /// row's currency on or before the row's date; NULL for the base currency and where no rate
    /// applies. A search tree over the rates that start within the period, built from the rates
    /// in memory: a few comparisons per row, where looking the rate up in `exchange_rates` once
    /// per group of deals cost as much as reading the deals. Rows group by it, so a report
    /// converts once per rate, not once per day. For a `date` column of 'YYYY-MM-DD' text, from
    /// `from` through `through`.
    func rateDay(currency: String, date: String, from: LocalDate, through: LocalDate) -> SQLQueryString {
        rateDay(currency: currency, column: date, from: from, through: through) { "\(bind: $0.description)" }
    }

    /// The same for a `time` column in milliseconds since 1970 (UTC), from `from` to `to` (excluded).
    func rateDay(currency: String, time: String, from: Int64, to: Int64) -> SQLQueryString {
        let day: Int64 = 86_400_000
        return rateDay(currency: currency, column: time, from: LocalDate(daysSince1970: Int(from / day)),
                       through: LocalDate(daysSince1970: Int((to - 1) / day))) { "\(bind: Int64($0.daysSince1970) * day)" }
    }

    /// `boundary` writes a rate's first day as `column` holds it.
    private func rateDay(currency: String, column date: String, from: LocalDate, through: LocalDate,
                         boundary: (LocalDate) -> SQLQueryString) -> SQLQueryString {
        let currencies = rates.currencies
        guard !currencies.isEmpty else { return "NULL" }
        var sql: SQLQueryString = "CASE \(unsafeRaw: currency)"
        for code in currencies {
            let (inForce, changes) = rates.rateDays(of: code, from: from, through: through)
            let days = [inForce] + changes.map(Optional.some)
            // Rows dated before changes[mid - 1] take one of days[low..<mid].
            func tree(_ low: Int, _ high: Int) -> SQLQueryString {
                guard low < high else { return SQLQueryString(days[low].map(String.init) ?? "NULL") }
                let mid = (low + high + 1) / 2
                return "CASE WHEN \(unsafeRaw: date) < " + boundary(LocalDate(daysSince1970: changes[mid - 1]))
                    + " THEN " + tree(low, mid - 1) + " ELSE " + tree(mid, high) + " END"
            }
            sql = sql + " WHEN \(bind: code.code) THEN " + tree(0, changes.count)
        }
        return sql + " END"
    }

    /// The day of a `rate_day` column, for `convert`.
    static func rateDay(_ row: any SQLRow) throws -> Int? {
        try row.decode(column: "rate_day", as: Int?.self)
    }

    var missingJSON: JSONValue {
        .array(missing.sorted { $0.key < $1.key }.map { .object(JSONObject(["currency": .string($0.key), "amount": .string($0.value.plainString)])) })
    }

    static func load(tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> BaseCurrencySums {
        BaseCurrencySums(rates: try await ExchangeRateStore.exchangeRates(tenantId: tenantId, dialect: dialect, on: db))
    }
}
