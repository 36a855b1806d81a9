extension EntityDefinition {
    /// draft → issued → partiallyPaid → paid; a draft can be cancelled instead. An issued invoice
    /// is never edited: a mistake is corrected by a credit note against it.
    public static let invoiceStatuses = ["draft", "issued", "partiallyPaid", "paid", "cancelled"]
    public static let invoiceKinds = ["invoice", "creditNote"]

    /// An invoice or credit note's header. Its lines live in `document_lines`; an invoice made
    /// from an order links each line to the order line it bills (`source_line_id`), a credit
    /// note each line to the invoice line it credits. Every amount here is computed by the server:
    /// balance = total − paid − credited, kept in the transaction of each payment and credit note.
    ///
    /// The number is given at issue, not at creation, so that a draft that is cancelled takes
    /// no number with it and the issued series has no gap.
    public static let invoice = EntityDefinition(
        name: "invoice", plural: "invoices", title: "Invoice",
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Title", required: true, indexed: true, searchable: true),
            FieldDefinition("accountId", .reference("account"), label: "Account", required: true, indexed: true),
            FieldDefinition("orderId", .reference("order"), label: "Order", access: .readOnly, indexed: true),
            FieldDefinition("number", .text(maxLength: 40), label: "Number", access: .readOnly, indexed: true, searchable: true),
            FieldDefinition("kind", .choice(invoiceKinds), label: "Kind", access: .readOnly),
            FieldDefinition("creditedInvoiceId", .reference("invoice"), label: "Credits invoice", access: .readOnly, indexed: true),
            FieldDefinition("status", .choice(invoiceStatuses), label: "Status", access: .readOnly, indexed: true),
            FieldDefinition("currency", .currency, label: "Currency", indexed: true),
            FieldDefinition("issueDate", .date, label: "Issue date", indexed: true),
            FieldDefinition("dueDate", .date, label: "Due date", access: .readOnly, indexed: true),
            FieldDefinition("subtotal", .money, label: "Subtotal", access: .readOnly),
            FieldDefinition("tax", .money, label: "Tax", access: .readOnly),
            FieldDefinition("total", .money, label: "Total", access: .readOnly, indexed: true),
            FieldDefinition("paid", .money, label: "Paid", access: .readOnly),
            FieldDefinition("credited", .money, label: "Credited", access: .readOnly),
            FieldDefinition("balance", .money, label: "Balance", access: .readOnly, indexed: true),
            FieldDefinition("notes", .text(maxLength: 5_000), label: "Notes"),
        ],
        // status + dueDate: what falls due, soonest first (the overdue list).
        // Receivables aging has an index of the open invoices alone (`AgingReport.openInvoicesIndex`).
        compositeIndexes: [["status", "dueDate"], ["accountId", "status"]],
        defaultSort: [SortKey("updatedAt", descending: true)]
    )
}
