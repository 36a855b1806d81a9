extension EntityDefinition {
    public static let paymentMethods = ["bankTransfer", "card", "cash", "other"]

    /// Money received against one issued invoice, in the invoice's currency and at most its
    /// balance. Recording it raises the invoice's `paid` in the same transaction. Its amount and
    /// invoice never change; an admin or manager deletes a mistaken payment, which gives the
    /// invoice its balance back.
    public static let payment = EntityDefinition(
        name: "payment", plural: "payments", title: "Payment",
        fields: [
            FieldDefinition("invoiceId", .reference("invoice"), label: "Invoice", required: true, indexed: true),
            FieldDefinition("accountId", .reference("account"), label: "Account", access: .readOnly, indexed: true),
            FieldDefinition("amount", .money, label: "Amount", required: true, indexed: true),
            FieldDefinition("receivedOn", .date, label: "Received on", required: true, indexed: true),
            FieldDefinition("method", .choice(paymentMethods), label: "Method"),
            FieldDefinition("reference", .text(maxLength: 200), label: "Reference", searchable: true),
            FieldDefinition("notes", .text(maxLength: 5_000), label: "Notes"),
        ],
        defaultSort: [SortKey("receivedOn", descending: true)]
    )
}
