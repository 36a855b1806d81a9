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

    var missingJSON: JSONValue {
        .array(missing.sorted { $0.key < $1.key }.map { .object(JSONObject(["currency": .string($0.key), "amount": .string($0.value.plainString)])) })
    }

    static func load(tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> BaseCurrencySums {
        BaseCurrencySums(rates: try await ExchangeRateStore.exchangeRates(tenantId: tenantId, dialect: dialect, on: db))
    }
}
