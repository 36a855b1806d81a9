extension EntityDefinition {
    /// draft → confirmed → inProduction → shipped → delivered → closed; an order not yet shipped
    /// can be cancelled instead. Each move is kept in `order_status_history`.
    public static let orderStatuses = ["draft", "confirmed", "inProduction", "shipped", "delivered", "closed", "cancelled"]

    /// A sales order's header: made from an accepted quote (lines copied and linked) or entered
    /// directly. Its lines live in `document_lines` and are set through `PUT /orders/{id}/lines`
    /// while it is a draft; every amount here is computed from them by the server. A dealer
    /// tracks their organisation's orders and never changes one.
    public static let order = EntityDefinition(
        name: "order", plural: "orders", title: "Order", partnerAccess: .readOnly,
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Title", required: true, indexed: true, searchable: true),
            FieldDefinition("accountId", .reference("account"), label: "Account", required: true, indexed: true),
            FieldDefinition("opportunityId", .reference("opportunity"), label: "Opportunity", indexed: true),
            FieldDefinition("quoteId", .reference("quote"), label: "Quote", access: .readOnly, indexed: true),
            FieldDefinition("contactId", .reference("contact"), label: "Contact"),
            FieldDefinition("number", .text(maxLength: 40), label: "Number", access: .readOnly, indexed: true, searchable: true),
            FieldDefinition("status", .choice(orderStatuses), label: "Status", access: .readOnly, indexed: true),
            FieldDefinition("currency", .currency, label: "Currency", indexed: true),
            FieldDefinition("orderDate", .date, label: "Order date", indexed: true),
            FieldDefinition("shipBy", .date, label: "Ship by", indexed: true),
            FieldDefinition("deliveredAt", .timestamp, label: "Delivered at", access: .readOnly),
            FieldDefinition("subtotal", .money, label: "Subtotal", access: .readOnly),
            FieldDefinition("tax", .money, label: "Tax", access: .readOnly),
            FieldDefinition("total", .money, label: "Total", access: .readOnly, indexed: true),
            FieldDefinition("cost", .money, label: "Cost", access: .readOnly),
            FieldDefinition("notes", .text(maxLength: 5_000), label: "Notes"),
        ],
        // status + shipBy: what is due to ship, soonest first.
        compositeIndexes: [["status", "shipBy"], ["accountId", "orderDate"]],
        defaultSort: [SortKey("updatedAt", descending: true)]
    )
}
