extension EntityDefinition {
    public static let account = EntityDefinition(
        name: "account", plural: "accounts", title: "Account",
        fields: [
            FieldDefinition("name", .text(maxLength: 200), label: "Name", required: true, indexed: true, searchable: true),
            FieldDefinition("parentId", .reference("account"), label: "Parent account", indexed: true),
            FieldDefinition("industry", .text(maxLength: 100), label: "Industry", indexed: true),
            FieldDefinition("size", .choice(["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+"]), label: "Company size"),
            FieldDefinition("tier", .choice(["strategic", "key", "standard", "small"]), label: "Tier", indexed: true),
            FieldDefinition("tags", .textList(.tags), label: "Tags", searchable: true),
            FieldDefinition("addresses", .addresses, label: "Addresses", searchable: true),
            FieldDefinition("phones", .textList(.phones), label: "Phones", searchable: true),
            FieldDefinition("website", .url, label: "Website", searchable: true),
        ],
        compositeIndexes: [["ownerId", "updatedAt"]],
        defaultSort: [SortKey("name")]
    )
}
