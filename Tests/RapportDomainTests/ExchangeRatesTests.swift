import Foundation
import RapportDomain
import Testing

@Suite("Exchange rates")
struct ExchangeRatesTests {
    static func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
    static func money(_ amount: String, _ code: String) -> Money { Money(amount: d(amount), currency: CurrencyCode(code)!) }
    static func rate(_ code: String, _ iso: String, _ rate: String) -> ExchangeRate {
        ExchangeRate(currency: CurrencyCode(code)!, date: date(iso), rate: d(rate))
    }

    /// A euro tenant; given out of order on purpose.
    static let rates = ExchangeRates(base: CurrencyCode("EUR")!, rates: [
        rate("USD", "2024-03-01", "0.95"), rate("USD", "2024-01-01", "0.90"), rate("USD", "2024-02-01", "0.92"),
        rate("JPY", "2024-01-01", "0.0062"), rate("KWD", "2024-01-01", "2.95"),
    ])

    @Test("An amount converts at the latest rate dated on or before its date", arguments: [
        ("2024-01-01", "90.00"), ("2024-01-31", "90.00"), ("2024-02-01", "92.00"), ("2024-02-15", "92.00"),
        ("2024-03-01", "95.00"), ("2030-12-31", "95.00"),
    ])
    func dated(date: String, euros: String) throws {
        let converted = try Self.rates.inBaseCurrency(Self.money("100", "USD"), on: Self.date(date))
        #expect(converted.currency.code == "EUR")
        #expect(converted.amountText == euros)
    }

    @Test("The result is rounded to the base currency's minor digits, half away from zero")
    func rounding() throws {
        #expect(try Self.rates.inBaseCurrency(Self.money("12345", "JPY"), on: Self.date("2024-01-10")).amount == Self.d("76.54"),
                "12345 × 0.0062 = 76.539")
        #expect(try Self.rates.inBaseCurrency(Self.money("1.001", "KWD"), on: Self.date("2024-01-10")).amount == Self.d("2.95"),
                "1.001 × 2.95 = 2.95295")
        #expect(try Self.rates.inBaseCurrency(Self.money("0.05", "USD"), on: Self.date("2024-01-10")).amount == Self.d("0.05"),
                "0.05 × 0.90 = 0.045, a half")
        let yenTenant = ExchangeRates(base: CurrencyCode("JPY")!, rates: [Self.rate("USD", "2024-01-01", "151.234")])
        #expect(try yenTenant.inBaseCurrency(Self.money("10.01", "USD"), on: Self.date("2024-06-01")).amountText == "1514",
                "10.01 × 151.234 = 1513.85234")
    }

    @Test("Base-currency amounts convert 1:1 on any date, with or without rates")
    func base() throws {
        #expect(try Self.rates.inBaseCurrency(Self.money("19.99", "EUR"), on: Self.date("1999-01-01")) == Self.money("19.99", "EUR"))
        #expect(Self.rates.rate(for: CurrencyCode("EUR")!, on: Self.date("1999-01-01")) == 1)
    }

    @Test("Before the first rate, or for a currency without rates, conversion fails with a clear error")
    func missing() {
        #expect(Self.rates.rate(for: CurrencyCode("USD")!, on: Self.date("2023-12-31")) == nil)
        #expect(throws: MissingExchangeRate.self) { try Self.rates.inBaseCurrency(Self.money("1", "GBP"), on: Self.date("2024-06-01")) }
        do {
            _ = try Self.rates.inBaseCurrency(Self.money("100", "USD"), on: Self.date("2023-12-31"))
            Issue.record("converted without a rate")
        } catch {
            #expect(error.description == "No exchange rate from USD to EUR on or before 2023-12-31.")
        }
    }

    @Test("A later correction for the same date wins; base-currency and non-positive rates are ignored")
    func corrections() {
        // setup
        let rates = ExchangeRates(base: CurrencyCode("EUR")!, rates: [
            Self.rate("USD", "2024-01-01", "0.90"), Self.rate("USD", "2024-01-01", "0.91"), Self.rate("USD", "2024-02-01", "0"),
            Self.rate("EUR", "2024-01-01", "2"),
        ])
        // MUT / validate
        #expect(rates.rate(for: CurrencyCode("USD")!, on: Self.date("2024-01-01")) == Self.d("0.91"))
        #expect(rates.rate(for: CurrencyCode("USD")!, on: Self.date("2024-02-10")) == Self.d("0.91"))
        #expect(rates.rate(for: CurrencyCode("EUR")!, on: Self.date("2024-01-01")) == 1)
    }

    @Test("Many dated rates: each day finds its own rate")
    func manyRates() {
        // setup
        let start = Self.date("2020-01-01").daysSince1970
        let rates = ExchangeRates(base: CurrencyCode("EUR")!, rates: (0..<2000).reversed().map { offset in
            ExchangeRate(currency: CurrencyCode("USD")!, date: LocalDate(daysSince1970: start + 2 * offset), rate: Decimal(offset + 1))
        })
        // MUT / validate
        for offset in 0..<3999 {
            let expected = Decimal(offset / 2 + 1)
            #expect(rates.rate(for: CurrencyCode("USD")!, on: LocalDate(daysSince1970: start + offset)) == expected)
        }
        #expect(rates.rate(for: CurrencyCode("USD")!, on: LocalDate(daysSince1970: start - 1)) == nil)
    }

    @Test("A period's rate days: the one in force on its first day, then each that starts within it")
    func rateDays() {
        // setup
        let usd = CurrencyCode("USD")!
        func days(_ isos: String...) -> [Int] { isos.map { Self.date($0).daysSince1970 } }
        // MUT / validate
        #expect(Self.rates.currencies.map(\.code) == ["JPY", "KWD", "USD"])
        let february = Self.rates.rateDays(of: usd, from: Self.date("2024-01-15"), through: Self.date("2024-03-01"))
        #expect(february.inForce == days("2024-01-01").first && february.changes == days("2024-02-01", "2024-03-01"))
        let onItsDay = Self.rates.rateDays(of: usd, from: Self.date("2024-02-01"), through: Self.date("2024-02-29"))
        #expect(onItsDay.inForce == days("2024-02-01").first && onItsDay.changes.isEmpty)
        let before = Self.rates.rateDays(of: usd, from: Self.date("2023-06-01"), through: Self.date("2024-01-31"))
        #expect(before.inForce == nil && before.changes == days("2024-01-01"))
        #expect(Self.rates.rateDays(of: CurrencyCode("GBP")!, from: Self.date("2024-01-01"), through: Self.date("2024-12-31")) == (nil, []))
    }
}
