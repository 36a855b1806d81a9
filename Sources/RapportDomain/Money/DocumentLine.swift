import Foundation

/// One line of a quote, order or invoice as entered, before any rounding.
///
/// Every amount is in the document's currency. ``DocumentArithmetic`` turns lines into
/// rounded amounts; ``DocumentArithmetic/validate(_:in:)`` states what a valid line holds.
public struct DocumentLine: Sendable, Hashable {
    /// How many units; more than 0, at most 4 decimal places (2.5 hours, 0.75 kg).
    public var quantity: Decimal
    /// Price of one unit before discount and tax; 0 or more, at most 4 decimal places,
    /// so a unit may cost less than the currency's minor unit (0.0125 EUR per SMS).
    public var unitPrice: Decimal
    /// 0...100, taken off the line's price before tax.
    public var discountPercent: Decimal
    /// 0...100, charged on the line's discounted net.
    public var taxRatePercent: Decimal
    /// What one unit costs the seller, for margins; nil when not known.
    public var unitCost: Decimal?

    public init(quantity: Decimal, unitPrice: Decimal, discountPercent: Decimal = 0,
                taxRatePercent: Decimal = 0, unitCost: Decimal? = nil) {
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discountPercent = discountPercent
        self.taxRatePercent = taxRatePercent
        self.unitCost = unitCost
    }
}
