extension Catalogue {
    /// English for sales management and order-to-cash where the declarations' own words are not enough.
    static let englishSalesMessages: [String: String] = [
        "entities.pricebook": "Price books",
        "field.product.sku": "SKU",
        "choice.pricebook.channel.online": "Online shop",
    ]
}
