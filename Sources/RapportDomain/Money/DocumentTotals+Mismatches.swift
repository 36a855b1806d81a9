import Foundation

extension DocumentTotals {
    /// Errors for each figure a client sent that differs from the one computed from the lines
    /// (fields `subtotal`, `tax`, `total`; code `total_mismatch`). A figure left nil is not checked.
    ///
    /// Equal values match whatever their notation ("216.3" matches 216.30); a figure with more
    /// decimals than the currency has never matches, since the computed one cannot carry them.
    public func mismatches(subtotal sentSubtotal: Decimal? = nil, tax sentTax: Decimal? = nil,
                           total sentTotal: Decimal? = nil) -> [FieldError] {
        [("subtotal", sentSubtotal, subtotal), ("tax", sentTax, tax), ("total", sentTotal, total)]
            .compactMap { field, sent, computed in
                guard let sent, sent != computed.amount else { return nil }
                return mismatch(field, sent: sent, computed: computed)
            }
    }

    private func mismatch(_ field: String, sent: Decimal, computed: Money) -> FieldError {
        let sentText = sent.hasAtMostDecimals(currency.minorDigits)
            ? Money(amount: sent, currency: currency).amountText : sent.plainString
        let computedText = computed.amountText
        return FieldError(
            field: field, code: .totalMismatch,
            message: "The \(field) sent, \(sentText) \(currency.code), differs from \(computedText) \(currency.code) computed "
                + "from the lines. Send \(computedText) or correct the lines.",
            limits: ["sent": sentText, "computed": computedText, "currency": currency.code]
        )
    }
}
