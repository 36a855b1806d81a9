import Foundation

/// The one rounding rule of quotes, orders and invoices.
///
/// Every figure is exact `Decimal` arithmetic, and rounding happens only on lines, each time
/// to the currency's minor digits (0 for JPY, 2 for EUR, 3 for KWD), a half going away from zero:
///
/// - line net  = round(quantity × unitPrice × (1 − discountPercent ÷ 100))
/// - line tax  = round(line net × taxRatePercent ÷ 100)
/// - line cost = round(quantity × unitCost)
///
/// The document's figures are sums of those already-rounded amounts and are never rounded
/// again, so the total always equals what a reader adds up from the printed lines:
///
/// - subtotal = Σ line nets, tax = Σ line taxes, total = subtotal + tax
/// - cost = Σ line costs, margin = subtotal − cost
/// - marginPercent = margin ÷ subtotal × 100, rounded to 2 places (nil when subtotal is 0)
///
/// The server always computes these from the lines; a total a client sends is only checked
/// (``DocumentTotals/mismatches(subtotal:tax:total:)``). docs/money.md works one example per digit count.
public enum DocumentArithmetic {
    public static func amounts(of line: DocumentLine, in currency: CurrencyCode) -> LineAmounts {
        let digits = currency.minorDigits
        let net = (line.quantity * line.unitPrice * (1 - line.discountPercent / 100)).roundedHalfAwayFromZero(toPlaces: digits)
        let tax = (net * line.taxRatePercent / 100).roundedHalfAwayFromZero(toPlaces: digits)
        let cost = line.unitCost.map { (line.quantity * $0).roundedHalfAwayFromZero(toPlaces: digits) }
        return LineAmounts(net: Money(amount: net, currency: currency), tax: Money(amount: tax, currency: currency),
                           cost: cost.map { Money(amount: $0, currency: currency) })
    }

    public static func totals(of lines: [DocumentLine], in currency: CurrencyCode) -> DocumentTotals {
        let amounts = lines.map { Self.amounts(of: $0, in: currency) }
        let subtotal = amounts.reduce(Decimal(0)) { $0 + $1.net.amount }
        let tax = amounts.reduce(Decimal(0)) { $0 + $1.tax.amount }
        let cost = amounts.reduce(Decimal(0)) { $0 + ($1.cost?.amount ?? 0) }
        let margin = subtotal - cost
        return DocumentTotals(
            currency: currency,
            lines: amounts,
            subtotal: Money(amount: subtotal, currency: currency),
            tax: Money(amount: tax, currency: currency),
            total: Money(amount: subtotal + tax, currency: currency),
            cost: Money(amount: cost, currency: currency),
            margin: Money(amount: margin, currency: currency),
            marginPercent: subtotal == 0 ? nil : (margin * 100 / subtotal).roundedHalfAwayFromZero(toPlaces: 2),
            costIsComplete: lines.allSatisfy { $0.unitCost != nil },
            highestDiscountPercent: lines.map(\.discountPercent).max() ?? 0
        )
    }
}
