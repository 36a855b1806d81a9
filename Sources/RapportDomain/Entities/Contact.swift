extension EntityDefinition {
    public static let decisionRoles = ["decisionMaker", "influencer", "evaluator", "user", "gatekeeper"]
    public static let channels = ["email", "phone", "sms", "meeting", "messenger"]

    public static let contact = EntityDefinition(
        name: "contact", plural: "contacts", title: "Contact",
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Name", required: true, indexed: true, searchable: true),
            FieldDefinition("accountId", .reference("account"), label: "Account", indexed: true),
            FieldDefinition("reportsToId", .reference("contact"), label: "Reports to", indexed: true),
            FieldDefinition("title", .text(maxLength: 200), label: "Job title", searchable: true),
            FieldDefinition("decisionRole", .choice(decisionRoles), label: "Decision role", indexed: true),
            FieldDefinition("influence", .integer(minimum: 1, maximum: 5), label: "Influence"),
            FieldDefinition("birthday", .date, label: "Birthday"),
            FieldDefinition("emails", .textList(.emails), label: "E-mails", searchable: true),
            FieldDefinition("phones", .textList(.phones), label: "Phones", searchable: true),
            FieldDefinition("preferredChannel", .choice(channels), label: "Preferred channel"),
            FieldDefinition("emailConsent", .boolean, label: "E-mail consent"),
            FieldDefinition("smsConsent", .boolean, label: "SMS consent"),
            FieldDefinition("tags", .textList(.tags), label: "Tags", searchable: true),
        ],
        compositeIndexes: [["ownerId", "updatedAt"], ["accountId", "name"]],
        defaultSort: [SortKey("name")]
    )
}
