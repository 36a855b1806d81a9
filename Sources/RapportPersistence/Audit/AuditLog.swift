import Foundation
import RapportDomain
import SQLKit

/// Reads the audit trail that every write leaves.
public struct AuditLog: Sendable {
    public struct Entry: Sendable {
        public let at: Date
        public let actorId: UUID?
        public let entity: String
        public let recordId: UUID
        public let action: String
        public let changes: JSONValue

        public var json: JSONValue {
            .object(JSONObject([
                "at": .string(Timestamp.format(at)),
                "actorId": actorId.map { .string($0.lowercaseString) } ?? .null,
                "entity": .string(entity),
                "recordId": .string(recordId.lowercaseString),
                "action": .string(action),
                "changes": changes,
            ]))
        }
    }

    let database: Database
    public init(database: Database) { self.database = database }

    /// Newest first, at most `limit` entries.
    public func entries(recordId: UUID, tenantId: UUID, limit: Int = 200) async throws -> [Entry] {
        let dialect = database.dialect
        let codec = FieldCodec(dialect: dialect)
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT at, actor_id, entity, record_id, action, \(unsafeRaw: dialect == .postgres ? "changes::text AS changes" : "changes")
                FROM audit_log WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND record_id = \(bind: dialect.bind(recordId))
                ORDER BY seq DESC LIMIT \(bind: limit)
                """).all().map { row in
                Entry(
                    at: Timestamp.date(milliseconds: try row.decode(column: "at", as: Int64.self)),
                    actorId: try codec.decodeID(row, "actor_id"), entity: try row.decode(column: "entity", as: String.self),
                    recordId: try codec.decodeID(row, "record_id")!, action: try row.decode(column: "action", as: String.self),
                    changes: (try? JSONParser.parse(try row.decode(column: "changes", as: String.self))) ?? .null)
            }
        }
    }
}
