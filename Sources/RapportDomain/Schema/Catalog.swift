/// The built-in CRM entities, and a tenant's view of them with its custom fields.
public struct Catalog: Sendable {
    public static let builtIn: [EntityDefinition] = [.account, .contact, .lead, .opportunity, .activity, .product, .pricebook, .quote, .order, .invoice, .payment, .expense]

    public static func builtIn(named name: String) -> EntityDefinition? {
        builtIn.first { $0.name == name || $0.plural == name }
    }

    public let entities: [EntityDefinition]

    public init(customFields: [CustomField] = []) {
        entities = Self.builtIn.map { entity in
            let extra = customFields.filter { $0.entity == entity.name }.map(\.definition)
            return extra.isEmpty ? entity : entity.adding(extra)
        }
    }

    public func entity(named name: String) -> EntityDefinition? {
        entities.first { $0.name == name || $0.plural == name }
    }
}

extension EntityDefinition {
    func adding(_ extra: [FieldDefinition]) -> EntityDefinition {
        EntityDefinition(
            name: name, plural: plural, title: title, ownership: ownership, partnerAccess: partnerAccess,
            fields: fields + extra, compositeIndexes: compositeIndexes, reportIndexes: reportIndexes, defaultSort: defaultSort
        )
    }
}
