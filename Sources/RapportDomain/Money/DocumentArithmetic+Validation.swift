import Foundation

extension DocumentArithmetic {
    /// The largest quantity a line takes, so that no product of line figures leaves `Decimal`'s 38 digits.
    public static let maxQuantity: Decimal = 1_000_000_000
    /// Quantities, unit prices, unit costs and percentages keep at most this many decimal places:
    /// as many as ``Money/storageScale``, so each one is stored exactly.
    public static let maxDecimalPlaces = Money.storageScale
    /// Every line amount and the document total stay below this, as a money field does.
    public static let amountLimit: Decimal = 100_000_000_000_000

    /// The field errors of a document's lines, with paths like `lines[2].quantity` (indexes from 0).
    /// When every line is valid, also checks that the document's total stays below ``amountLimit``.
    public static func validate(_ lines: [DocumentLine], in currency: CurrencyCode) -> [FieldError] {
        let errors = lines.enumerated().flatMap { index, line in validate(line, path: "lines[\(index)]") }
        guard errors.isEmpty else { return errors }
        let total = totals(of: lines, in: currency).total
        guard total.amount >= amountLimit else { return [] }
        let max = Money(amount: amountLimit - Decimal(sign: .plus, exponent: -currency.minorDigits, significand: 1), currency: currency)
        return [FieldError(field: "lines", code: .outOfRange,
                           message: "The document's total \(total.amountText) \(currency.code) must stay below \(amountLimit) \(currency.code).",
                           limits: ["min": "0", "max": max.amountText])]
    }

    static func validate(_ line: DocumentLine, path: String) -> [FieldError] {
        let smallestQuantity = Decimal(sign: .plus, exponent: -maxDecimalPlaces, significand: 1)
        let largestAmount = amountLimit - smallestQuantity
        var errors = [
            check(line.quantity, "\(path).quantity", in: smallestQuantity...maxQuantity),
            check(line.unitPrice, "\(path).unitPrice", in: 0...largestAmount),
            check(line.discountPercent, "\(path).discountPercent", in: 0...100),
            check(line.taxRatePercent, "\(path).taxRatePercent", in: 0...100),
        ]
        if let unitCost = line.unitCost { errors.append(check(unitCost, "\(path).unitCost", in: 0...largestAmount)) }
        if errors.allSatisfy({ $0 == nil }), (line.quantity * line.unitPrice) >= amountLimit {
            errors.append(FieldError(field: "\(path).unitPrice", code: .outOfRange,
                                     message: "\(path): quantity × unitPrice must stay below \(amountLimit).",
                                     limits: ["min": "0", "max": largestAmount.plainString]))
        }
        return errors.compactMap(\.self)
    }

    private static func check(_ value: Decimal, _ field: String, in range: ClosedRange<Decimal>) -> FieldError? {
        guard range.contains(value) else {
            return FieldError(field: field, code: .outOfRange,
                              message: "\(field) must be between \(range.lowerBound.plainString) and \(range.upperBound.plainString).",
                              limits: ["min": range.lowerBound.plainString, "max": range.upperBound.plainString])
        }
        guard value.hasAtMostDecimals(maxDecimalPlaces) else {
            return FieldError(field: field, code: .tooManyDecimals,
                              message: "\(field) has more than \(maxDecimalPlaces) decimal places.",
                              limits: ["max": "\(maxDecimalPlaces)"])
        }
        return nil
    }
}
