import Foundation
import RapportDomain
import Testing

@Suite("Money")
struct MoneyTests {
    static func money(_ amount: String, _ currency: String) -> Money {
        Money(amount: Decimal(string: amount, locale: Locale(identifier: "en_US_POSIX"))!, currency: CurrencyCode(currency)!)
    }

    @Test("Storage units are 1/10,000 of the unit and round-trip exactly", arguments: [
        ("1234.56", "EUR", Int64(12_345_600)), ("1500", "JPY", 15_000_000), ("1.234", "KWD", 12_340),
        ("0.01", "USD", 100), ("-0.01", "USD", -100), ("0", "EUR", 0),
        ("99999999999999.99", "EUR", 999_999_999_999_999_900), ("0.1", "USD", 1_000),
    ])
    func storageUnits(amount: String, currency: String, units: Int64) {
        // setup
        let original = Self.money(amount, currency)
        // MUT
        let stored = original.storageUnits
        let restored = Money(storageUnits: stored, currency: original.currency)
        // validate
        #expect(stored == units)
        #expect(restored == original)
        #expect(restored.amountText == original.amountText)
    }

    @Test("amountText writes exactly the currency's minor digits", arguments: [
        ("1200.5", "EUR", "1200.50"), ("1200", "EUR", "1200.00"), ("0", "USD", "0.00"), ("-0.5", "EUR", "-0.50"),
        ("1500", "JPY", "1500"), ("0", "JPY", "0"), ("1.2", "KWD", "1.200"), ("1", "BHD", "1.000"),
        ("1234567.89", "EUR", "1234567.89"), ("99999999999999.99", "USD", "99999999999999.99"),
    ])
    func amountText(amount: String, currency: String, text: String) {
        #expect(Self.money(amount, currency).amountText == text)
    }

    @Test("Currency codes carry their ISO 4217 minor digits", arguments: [
        ("JPY", 0), ("KRW", 0), ("EUR", 2), ("USD", 2), ("CNY", 2), ("RUB", 2), ("KWD", 3), ("BHD", 3), ("TND", 3),
    ])
    func minorDigits(code: String, digits: Int) throws {
        #expect(try #require(CurrencyCode(code)).minorDigits == digits)
    }

    @Test("Unknown and lower-case currency codes are refused")
    func unknownCurrency() {
        #expect(CurrencyCode("XXX") == nil)
        #expect(CurrencyCode("eur") == nil)
        #expect(CurrencyCode("") == nil)
    }

    @Test("The API shape of money is a string amount and a code")
    func json() {
        let value = FieldValue.money(Self.money("10", "EUR"))
        #expect(JSONWriter.string(value.json) == #"{"amount":"10.00","currency":"EUR"}"#)
    }
}

@Suite("Exact decimals from text")
struct ExactDecimalTests {
    @Test("Plain decimals with a dot are read exactly; anything Decimal(string:) would half-read is refused")
    func exact() {
        #expect(Decimal.exact("12.5") == Decimal(string: "12.5"))
        #expect(Decimal.exact("-3") == -3)
        #expect(Decimal.exact("0.0125") == Decimal(sign: .plus, exponent: -4, significand: 125))
        for bad in ["", "-", ".5", "5.", "1e3", "12,5", "1.2.3", "1-2", "--1", " 1", "NaN", "١٢"] {
            #expect(Decimal.exact(bad) == nil, "\(bad)")
        }
    }
}
