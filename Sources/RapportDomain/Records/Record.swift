import Foundation

/// A stored CRM record: its declared, system and custom field values by API name.
public struct Record: Sendable {
    public let entity: EntityDefinition
    public let id: UUID
    /// The storage order of the row; cursors use it to break ties.
    public let seq: Int64
    public var values: [String: FieldValue]
    public var deletedAt: Date?

    public init(entity: EntityDefinition, id: UUID, seq: Int64, values: [String: FieldValue], deletedAt: Date? = nil) {
        self.entity = entity
        self.id = id
        self.seq = seq
        self.values = values
        self.deletedAt = deletedAt
    }

    public subscript(name: String) -> FieldValue {
        values[name] ?? .null
    }

    public var version: Int64 { values["version"]?.integerValue ?? 1 }

    /// The record as the API returns it: declared order, custom fields under `custom`.
    public var json: JSONValue {
        // Field names are unique in a declaration, so pairs are appended without lookups.
        var object = JSONObject()
        object.reserveCapacity(entity.allFields.count + 2)
        var custom = JSONObject()
        for field in entity.allFields {
            let value = self[field.name]
            if field.isCustom {
                custom.append(String(field.name.dropFirst("custom.".count)), value.json)
            } else {
                object.append(field.name, value.json)
            }
        }
        object.append("custom", .object(custom))
        if let deletedAt { object.append("deletedAt", .string(Timestamp.format(deletedAt))) }
        return .object(object)
    }
}
