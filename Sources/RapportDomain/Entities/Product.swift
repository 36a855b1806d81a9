extension EntityDefinition {
    public static let taxCategories = ["standard", "reduced", "zero", "exempt"]

    public static let product = EntityDefinition(
        name: "product", plural: "products", title: "Product", ownership: .catalogue,
        fields: [
            FieldDefinition("sku", .text(maxLength: 64), label: "SKU", required: true, indexed: true, searchable: true),
            FieldDefinition("name", .text(maxLength: 200), label: "Name", required: true, indexed: true, searchable: true),
            FieldDefinition("family", .text(maxLength: 100), label: "Family", indexed: true),
            FieldDefinition("unit", .text(maxLength: 20), label: "Unit"),
            FieldDefinition("unitCost", .money, label: "Unit cost"),
            FieldDefinition("active", .boolean, label: "Active", indexed: true),
            FieldDefinition("taxCategory", .choice(taxCategories), label: "Tax category", required: true),
            FieldDefinition("description", .text(maxLength: 2_000), label: "Description"),
        ],
        defaultSort: [SortKey("name")]
    )
}
