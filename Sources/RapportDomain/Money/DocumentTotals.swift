import Foundation

/// One line's amounts, each already rounded to the currency's minor digits.
public struct LineAmounts: Sendable, Hashable {
    public let net: Money
    public let tax: Money
    /// nil when the line has no unit cost.
    public let cost: Money?

    public init(net: Money, tax: Money, cost: Money?) {
        self.net = net
        self.tax = tax
        self.cost = cost
    }

    public var gross: Money { Money(amount: net.amount + tax.amount, currency: net.currency) }
}

/// A document's amounts as the server computes them from its lines (see ``DocumentArithmetic``).
public struct DocumentTotals: Sendable, Hashable {
    public let currency: CurrencyCode
    /// In the order of the lines they were computed from.
    public let lines: [LineAmounts]
    /// Σ line nets.
    public let subtotal: Money
    /// Σ line taxes.
    public let tax: Money
    /// subtotal + tax.
    public let total: Money
    /// Σ line costs; a line without a unit cost adds nothing (see ``costIsComplete``).
    public let cost: Money
    /// subtotal − cost.
    public let margin: Money
    /// margin ÷ subtotal × 100 to 2 decimal places; nil when the subtotal is 0.
    public let marginPercent: Decimal?
    /// Whether every line has a unit cost, i.e. whether ``margin`` can be trusted.
    public let costIsComplete: Bool
    /// The highest line discount, 0 without lines; approval rules look at this.
    public let highestDiscountPercent: Decimal
}
