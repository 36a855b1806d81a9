import Foundation

/// An exact amount in one currency. Amounts are `Decimal`, never `Double`.
public struct Money: Sendable, Hashable {
    public let amount: Decimal
    public let currency: CurrencyCode

    public init(amount: Decimal, currency: CurrencyCode) {
        self.amount = amount
        self.currency = currency
    }

    /// Storage keeps every amount as an integer count of 1/10,000 of the unit, which
    /// holds the minor units of every ISO 4217 currency (0, 2, 3 or 4 digits) exactly and
    /// lets SQL sort, filter and sum amounts as integers.
    public static let storageScale = 4

    public var storageUnits: Int64 { Self.storageUnits(of: amount) }

    /// Any exact amount with at most `storageScale` decimals (a unit price of 0.0125) as stored.
    public static func storageUnits(of amount: Decimal) -> Int64 {
        var scaled = amount * Decimal(sign: .plus, exponent: Self.storageScale, significand: 1)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    public init(storageUnits: Int64, currency: CurrencyCode) {
        self.amount = Self.amount(storageUnits: storageUnits)
        self.currency = currency
    }

    /// The decimal amount that `storageUnits` stand for (sums in SQL come back as units).
    public static func amount(storageUnits: Int64) -> Decimal {
        Decimal(storageUnits) / Decimal(sign: .plus, exponent: storageScale, significand: 1)
    }

    /// The amount written with exactly the currency's minor digits ("1200.50", "1500" for JPY).
    public var amountText: String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, currency.minorDigits, .plain)
        let plain = rounded.plainString
        guard currency.minorDigits > 0 else { return plain }
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return "\(parts[0]).\(fraction.padding(toLength: currency.minorDigits, withPad: "0", startingAt: 0))"
    }
}

/// An ISO 4217 currency code with its number of minor digits.
public struct CurrencyCode: Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let minorDigits: Int

    public var description: String { code }

    public init?(_ code: String) {
        guard let digits = Self.minorDigitsByCode[code] else { return nil }
        self.code = code
        self.minorDigits = digits
    }

    /// The currencies a CRM tenant in our markets trades in. Codes outside this
    /// table are rejected with a field error rather than guessed at.
    static let minorDigitsByCode: [String: Int] = [
        "AED": 2, "ARS": 2, "AUD": 2, "BHD": 3, "BRL": 2, "BYN": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2,
        "COP": 2, "CZK": 2, "DKK": 2, "EGP": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2, "ILS": 2,
        "INR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "KZT": 2, "MXN": 2, "MYR": 2, "NOK": 2,
        "NZD": 2, "OMR": 3, "PHP": 2, "PLN": 2, "QAR": 2, "RON": 2, "RUB": 2, "SAR": 2, "SEK": 2, "SGD": 2,
        "THB": 2, "TND": 3, "TRY": 2, "TWD": 2, "UAH": 2, "USD": 2, "UZS": 2, "VND": 0, "ZAR": 2,
    ]

    public static var allCodes: [String] { minorDigitsByCode.keys.sorted() }
}
