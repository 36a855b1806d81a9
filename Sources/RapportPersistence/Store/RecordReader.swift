import Foundation
import RapportDomain
import SQLKit

/// Selects and decodes whole records of one entity.
struct RecordReader: Sendable {
    let entity: EntityDefinition
    let codec: FieldCodec

    var selectList: String {
        let table = entity.table
        // SQLite returns every column as stored; a short statement also prepares faster.
        if codec.dialect == .sqlite { return "\(table).*" }
        let columns = entity.allFields.flatMap(\.columns).map { "\(table).\(codec.selectColumn($0))" }
        let custom = codec.dialect == .postgres ? "\(table).custom::text AS custom" : "\(table).custom"
        return (["\(table).seq"] + columns + [custom, "\(table).deleted_at"]).joined(separator: ", ")
    }

    func decode(_ row: any SQLRow) throws -> Record {
        var values: [String: FieldValue] = [:]
        values.reserveCapacity(entity.allFields.count)
        let customText = try row.decode(column: "custom", as: String?.self)
        // Most records have no custom values: "{}" needs no parser.
        let custom = customText.flatMap { $0 == "{}" ? nil : try? JSONParser.parse($0) }?.objectValue ?? JSONObject()
        for field in entity.allFields {
            if let key = field.customKey {
                values[field.name] = codec.customValue(custom[key], currency: custom["\(key)__ccy"], for: field)
            } else {
                values[field.name] = try codec.decode(row, field: field)
            }
        }
        guard let id = values["id"]?.idValue else { throw StoreError.badRequest("corrupt_row", "A stored row has no id.") }
        let deleted = try row.decode(column: "deleted_at", as: Int64?.self).map(Timestamp.date(milliseconds:))
        return Record(entity: entity, id: id, seq: try row.decode(column: "seq", as: Int64.self), values: values, deletedAt: deleted)
    }
}
