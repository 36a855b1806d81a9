import Foundation

/// Units of the tenant's base currency that one unit of `currency` was worth from `date` on.
public struct ExchangeRate: Sendable, Hashable {
    public let currency: CurrencyCode
    public let date: LocalDate
    public let rate: Decimal

    public init(currency: CurrencyCode, date: LocalDate, rate: Decimal) {
        self.currency = currency
        self.date = date
        self.rate = rate
    }
}

/// No rate for a currency on or before the date an amount needs converting on.
public struct MissingExchangeRate: Error, Sendable, Hashable, CustomStringConvertible {
    public let currency: CurrencyCode
    public let base: CurrencyCode
    public let date: LocalDate

    public var description: String {
        "No exchange rate from \(currency.code) to \(base.code) on or before \(date)."
    }
}

/// A tenant's dated rates into its base currency, indexed once for many conversions.
///
/// An amount converts at the latest rate dated on or before the amount's date, and the result
/// is rounded to the base currency's minor digits, a half going away from zero. Reports convert
/// each amount on its own date and then add the rounded results.
public struct ExchangeRates: Sendable {
    public let base: CurrencyCode
    /// Per currency, day numbers ascending with the rate from that day on.
    private let ratesByCurrency: [CurrencyCode: (days: [Int], rates: [Decimal])]

    /// Rates may come in any order. Of two rates for one currency and date, the later one given
    /// wins (a correction); rates for the base currency itself and rates of 0 or less are ignored.
    public init(base: CurrencyCode, rates: [ExchangeRate]) {
        self.base = base
        var byCurrency: [CurrencyCode: [Int: Decimal]] = [:]
        for rate in rates where rate.currency != base && rate.rate > 0 {
            byCurrency[rate.currency, default: [:]][rate.date.daysSince1970] = rate.rate
        }
        ratesByCurrency = byCurrency.mapValues { byDay in
            let sorted = byDay.sorted { $0.key < $1.key }
            return (sorted.map(\.key), sorted.map(\.value))
        }
    }

    /// Base units per unit of `currency` on `date`: 1 for the base currency, nil without a rate.
    public func rate(for currency: CurrencyCode, on date: LocalDate) -> Decimal? {
        guard currency != base else { return 1 }
        guard let table = ratesByCurrency[currency] else { return nil }
        let day = date.daysSince1970
        // Binary search for the number of rates dated on or before `day`.
        var low = 0, high = table.days.count
        while low < high {
            let middle = (low + high) / 2
            if table.days[middle] <= day { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : table.rates[low - 1]
    }

    /// The currencies with at least one rate, in code order.
    public var currencies: [CurrencyCode] { ratesByCurrency.keys.sorted { $0.code < $1.code } }

    /// The days (since 1970) of `currency`'s rates that apply from `from` through `through`: the
    /// one in force on `from` (nil when none is), then each that starts later in the period.
    public func rateDays(of currency: CurrencyCode, from: LocalDate, through: LocalDate) -> (inForce: Int?, changes: [Int]) {
        let days = ratesByCurrency[currency]?.days ?? []
        return (days.last { $0 <= from.daysSince1970 }, days.filter { $0 > from.daysSince1970 && $0 <= through.daysSince1970 })
    }

    /// `money` in the base currency at the rate of `date`.
    public func inBaseCurrency(_ money: Money, on date: LocalDate) throws(MissingExchangeRate) -> Money {
        guard let rate = rate(for: money.currency, on: date) else {
            throw MissingExchangeRate(currency: money.currency, base: base, date: date)
        }
        return Money(amount: (money.amount * rate).roundedHalfAwayFromZero(toPlaces: base.minorDigits), currency: base)
    }
}
