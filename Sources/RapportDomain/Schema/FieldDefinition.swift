/// One field of an entity, declared once. Tables, API, OpenAPI, validation,
/// filters, sorting, bulk mapping and search all read this declaration.
public struct FieldDefinition: Sendable, Hashable {
    public enum Storage: Sendable, Hashable {
        /// A column of the entity's table.
        case column(String)
        /// A key in the record's `custom` JSON column (a tenant's custom field).
        case custom(String)
    }

    public enum Access: Sendable, Hashable {
        case readWrite
        /// Set by the server; a client that sends it gets a field error.
        case readOnly
    }

    /// The API name: camelCase, or `custom.<key>` for custom fields.
    public let name: String
    public let label: String
    public let type: FieldType
    public let storage: Storage
    public var required: Bool
    public var access: Access
    /// An index exists, so filtering and sorting on it stay fast at scale.
    public var indexed: Bool
    /// Included in the full-text search document.
    public var searchable: Bool

    public init(
        _ name: String, _ type: FieldType, label: String? = nil, column: String? = nil,
        required: Bool = false, access: Access = .readWrite, indexed: Bool = false, searchable: Bool = false
    ) {
        self.name = name
        self.label = label ?? name
        self.type = type
        self.storage = .column(column ?? Self.snakeCase(name))
        self.required = required
        self.access = access
        self.indexed = indexed
        self.searchable = searchable
    }

    public init(customKey key: String, storageKey: String, label: String, type: FieldType, required: Bool = false) {
        self.name = "custom.\(key)"
        self.label = label
        self.type = type
        self.storage = .custom(storageKey)
        self.required = required
        self.access = .readWrite
        self.indexed = true
        self.searchable = Self.isTextual(type)
    }

    public var column: String? { if case .column(let column) = storage { column } else { nil } }
    public var customKey: String? { if case .custom(let key) = storage { key } else { nil } }
    public var isCustom: Bool { customKey != nil }

    public static func isTextual(_ type: FieldType) -> Bool {
        switch type {
        case .text, .email, .phone, .textList: true
        default: false
        }
    }

    public static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
