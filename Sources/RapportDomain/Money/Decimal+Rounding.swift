import Foundation

extension Decimal {
    /// The value rounded to `places` decimal places, a half going away from zero
    /// (2.675 → 2.68, −2.675 → −2.68, 0.5 → 1), so that a credit and its debit round alike.
    ///
    /// `Decimal` holds 2.675 exactly, where `Double` holds 2.67499999… and would give 2.67.
    public func roundedHalfAwayFromZero(toPlaces places: Int) -> Decimal {
        var value = self
        var rounded = Decimal()
        // `.plain` rounds a half up for positive values and down for negative ones.
        NSDecimalRound(&rounded, &value, places, .plain)
        return rounded
    }

    /// Whether the value needs no more than `places` decimal places (1.50 needs 1).
    public func hasAtMostDecimals(_ places: Int) -> Bool {
        roundedHalfAwayFromZero(toPlaces: places) == self
    }
}
