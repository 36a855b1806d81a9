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
        var object = JSONObject()
        var custom = JSONObject()
        for field in entity.allFields {
            let value = self[field.name]
            if let key = field.name.split(separator: ".", maxSplits: 1).last, field.isCustom {
                custom[String(key)] = value.json
            } else {
                object[field.name] = value.json
            }
        }
        object["custom"] = .object(custom)
        if let deletedAt { object["deletedAt"] = .string(Timestamp.format(deletedAt)) }
        return .object(object)
    }
}
