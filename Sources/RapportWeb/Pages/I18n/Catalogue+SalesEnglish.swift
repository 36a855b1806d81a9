extension Catalogue {
    /// English for sales management and order-to-cash where the declarations' own words are not enough.
    static let englishSalesMessages: [String: String] = [
        "entities.pricebook": "Price books",
        "field.product.sku": "SKU",
        "choice.pricebook.channel.online": "Online shop",
        "validation.quote_locked": "{field}: this quote is no longer a draft; revise it to change it.",
        "validation.invalid_transition": "{field}: the document's status does not allow this step.",
        "validation.no_price": "{field}: no active price book lists this product for this quantity; enter a unit price.",
        "validation.product_inactive": "{field}: this product is no longer sold.",
        "validation.too_many_decimals": "{field} has too many decimal places.",
        "validation.too_many_decimals.limits": "{field} has more than {max} decimal places.",
        "validation.total_mismatch": "{field} does not match the figure computed from the lines.",
        "validation.total_mismatch.limits": "{field}: {sent} {currency} was sent, but the lines come to {computed} {currency}.",
        "field.quote.marginPercent": "Expected margin, %",
        "field.quote.maxDiscountPercent": "Highest discount, %",
        "choice.quote.language.en": "English",
        "choice.quote.language.zh-CN": "Chinese (simplified)",
        "choice.quote.language.ru": "Russian",
        "record.quotes": "Quotes",
    ]
}
