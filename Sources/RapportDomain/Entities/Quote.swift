extension EntityDefinition {
    /// draft → submitted → approved or rejected → sent → accepted, declined or expired.
    /// A quote within the tenant's rules skips `submitted` and is approved on submission.
    public static let quoteStatuses = ["draft", "submitted", "approved", "rejected", "sent", "accepted", "declined", "expired"]
    public static let documentLanguages = ["en", "zh-CN", "ru"]

    /// A quote's header. Its lines live in `document_lines` and are set through
    /// `PUT /quotes/{id}/lines`; every amount here is computed from them by the server.
    /// Revising a quote makes a new quote (revision + 1) and leaves the old one as it was.
    public static let quote = EntityDefinition(
        name: "quote", plural: "quotes", title: "Quote",
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Title", required: true, indexed: true, searchable: true),
            FieldDefinition("opportunityId", .reference("opportunity"), label: "Opportunity", required: true, indexed: true),
            FieldDefinition("accountId", .reference("account"), label: "Account", access: .readOnly, indexed: true),
            FieldDefinition("contactId", .reference("contact"), label: "Contact"),
            FieldDefinition("number", .text(maxLength: 40), label: "Number", access: .readOnly, indexed: true, searchable: true),
            FieldDefinition("revision", .integer(minimum: 1, maximum: 10_000), label: "Revision", access: .readOnly),
            FieldDefinition("previousId", .reference("quote"), label: "Revision of", access: .readOnly),
            FieldDefinition("status", .choice(quoteStatuses), label: "Status", access: .readOnly, indexed: true),
            FieldDefinition("currency", .currency, label: "Currency", indexed: true),
            FieldDefinition("pricebookId", .reference("pricebook"), label: "Price book"),
            FieldDefinition("validUntil", .date, label: "Valid until", indexed: true),
            FieldDefinition("language", .choice(documentLanguages), label: "Customer's language"),
            FieldDefinition("subtotal", .money, label: "Subtotal", access: .readOnly),
            FieldDefinition("tax", .money, label: "Tax", access: .readOnly),
            FieldDefinition("total", .money, label: "Total", access: .readOnly, indexed: true),
            FieldDefinition("cost", .money, label: "Expected cost", access: .readOnly),
            FieldDefinition("marginPercent", .number, label: "Expected margin %", access: .readOnly),
            FieldDefinition("maxDiscountPercent", .number, label: "Highest discount %", access: .readOnly),
            FieldDefinition("approverId", .reference("user"), label: "Approver", access: .readOnly, indexed: true),
            FieldDefinition("decisionComment", .text(maxLength: 2_000), label: "Approval comment", access: .readOnly),
            FieldDefinition("notes", .text(maxLength: 5_000), label: "Notes"),
        ],
        compositeIndexes: [["approverId", "status"], ["opportunityId", "revision"], ["status", "validUntil"]],
        defaultSort: [SortKey("updatedAt", descending: true)]
    )
}
