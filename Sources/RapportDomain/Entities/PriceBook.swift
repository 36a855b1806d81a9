extension EntityDefinition {
    /// How a sale reaches the customer; a price book may be kept for one channel.
    public static let salesChannels = ["direct", "partner", "online"]

    /// A price book's prices and volume tiers are its entries (`PriceBookEntry`); the book
    /// itself says for which currency, channel and partner organisation (`partnerId`) it holds.
    public static let pricebook = EntityDefinition(
        name: "pricebook", plural: "pricebooks", title: "Price book", ownership: .catalogue,
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Name", required: true, indexed: true, searchable: true),
            FieldDefinition("currency", .currency, label: "Currency", required: true, indexed: true),
            FieldDefinition("channel", .choice(salesChannels), label: "Channel", indexed: true),
            FieldDefinition("active", .boolean, label: "Active", indexed: true),
            FieldDefinition("description", .text(maxLength: 2_000), label: "Description"),
        ],
        defaultSort: [SortKey("name")]
    )
}
