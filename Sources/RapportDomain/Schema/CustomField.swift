import Foundation

/// A tenant's run-time field on a built-in entity.
public struct CustomField: Sendable, Hashable {
    public static let allowedTypes = ["text", "number", "money", "date", "boolean", "choice", "multiChoice", "reference"]

    public let id: UUID
    public let entity: String
    /// Lower camelCase key, unique per tenant and entity.
    public let key: String
    public let label: String
    public let type: FieldType

    public init(id: UUID, entity: String, key: String, label: String, type: FieldType) {
        self.id = id
        self.entity = entity
        self.key = key
        self.label = label
        self.type = type
    }

    /// Keys inside the `custom` JSON are derived from the field's id, not its API key,
    /// so two tenants' fields of the same name but different types never share an index.
    public var storageKey: String {
        "f" + id.lowercaseString.replacingOccurrences(of: "-", with: "").prefix(12)
    }

    public var definition: FieldDefinition {
        FieldDefinition(customKey: key, storageKey: storageKey, label: label, type: type)
    }

    /// Builds the field type from the API's `type`, `choices` and `referenceEntity`.
    public static func fieldType(named name: String, choices: [String], referenceEntity: String?) -> FieldType? {
        switch name {
        case "text": .text(maxLength: 1000)
        case "number": .number
        case "money": .money
        case "date": .date
        case "boolean": .boolean
        case "choice": choices.isEmpty ? nil : .choice(choices)
        case "multiChoice": choices.isEmpty ? nil : .multiChoice(choices)
        case "reference":
            referenceEntity.flatMap { Catalog.builtIn(named: $0)?.name }.map(FieldType.reference)
        default: nil
        }
    }

    public static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first), key.count <= 40 else { return false }
        return key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
