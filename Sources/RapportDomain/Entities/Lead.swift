extension EntityDefinition {
    public static let leadGrades = ["H", "A", "B", "C"]
    /// Lead statuses that still wait for an answer (the inbox, Home and the team's leads).
    public static let openLeadStatuses = ["new", "working"]
    public static let leadStatuses = ["new", "working", "qualified", "disqualified", "converted"]

    public static let lead = EntityDefinition(
        name: "lead", plural: "leads", title: "Lead",
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Name", required: true, indexed: true, searchable: true),
            FieldDefinition("company", .text(maxLength: 200), label: "Company", indexed: true, searchable: true),
            FieldDefinition("email", .email, label: "E-mail", indexed: true, searchable: true),
            FieldDefinition("phone", .phone, label: "Phone", searchable: true),
            FieldDefinition("source", .text(maxLength: 100), label: "Source", indexed: true),
            FieldDefinition("grade", .choice(leadGrades), label: "Grade", indexed: true),
            FieldDefinition("status", .choice(leadStatuses), label: "Status", indexed: true),
            FieldDefinition("receivedAt", .timestamp, label: "Received at", indexed: true),
            FieldDefinition("responseDueAt", .timestamp, label: "Response due at", indexed: true),
            FieldDefinition("convertedAccountId", .reference("account"), label: "Converted account", access: .readOnly),
            FieldDefinition("convertedContactId", .reference("contact"), label: "Converted contact", access: .readOnly),
            FieldDefinition("convertedOpportunityId", .reference("opportunity"), label: "Converted opportunity", access: .readOnly),
            FieldDefinition("tags", .textList(.tags), label: "Tags", searchable: true),
        ],
        // teamId + status + responseDueAt: a manager's team's leads to answer, soonest first (Home).
        compositeIndexes: [["status", "responseDueAt"], ["ownerId", "updatedAt"], ["ownerId", "status", "responseDueAt"],
                           ["teamId", "status", "responseDueAt"]],
        defaultSort: [SortKey("receivedAt", descending: true)]
    )
}
