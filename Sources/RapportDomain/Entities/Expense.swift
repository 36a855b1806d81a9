extension EntityDefinition {
    public static let expenseCategories = ["travel", "meals", "entertainment", "samples", "other"]
    /// submitted → approved or rejected, by the owner's manager or an administrator.
    public static let expenseStatuses = ["submitted", "approved", "rejected"]

    /// Money a salesperson spent to win business, linked to a deal or an account (a deal alone
    /// brings its account). Approved expenses of a won deal are its cost of sale. Once decided,
    /// what was claimed no longer changes; the decision fields are the server's own.
    ///
    /// `name` is a short description, so lists, pickers and the record page have a title.
    public static let expense = EntityDefinition(
        name: "expense", plural: "expenses", title: "Expense",
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Description", required: true, indexed: true, searchable: true),
            FieldDefinition("category", .choice(expenseCategories), label: "Category", indexed: true),
            FieldDefinition("amount", .money, label: "Amount", required: true, indexed: true),
            FieldDefinition("spentOn", .date, label: "Spent on", required: true, indexed: true),
            FieldDefinition("note", .text(maxLength: 5_000), label: "Note"),
            FieldDefinition("opportunityId", .reference("opportunity"), label: "Opportunity", indexed: true),
            FieldDefinition("accountId", .reference("account"), label: "Account", indexed: true),
            FieldDefinition("status", .choice(expenseStatuses), label: "Status", access: .readOnly, indexed: true),
            FieldDefinition("approverId", .reference("user"), label: "Decided by", access: .readOnly),
            FieldDefinition("decidedAt", .timestamp, label: "Decided at", access: .readOnly),
            FieldDefinition("decisionComment", .text(maxLength: 2_000), label: "Decision comment", access: .readOnly),
        ],
        // A deal's approved expenses (cost of sale); a manager's queue of submitted ones.
        compositeIndexes: [["opportunityId", "status"], ["status", "spentOn"]],
        defaultSort: [SortKey("spentOn", descending: true)]
    )
}
