import Foundation
import RapportDomain
import SQLKit

/// Writes audit entries for changes made outside the entity store (users, pipelines, stages),
/// on the caller's transaction so that a change and its entry commit or roll back together.
struct AuditEntryWriter: Sendable {
    let dialect: Dialect
    let tenantId: UUID
    let actorId: UUID

    func append(entity: String, recordId: UUID, action: String, changes: JSONObject, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO audit_log (id, tenant_id, at, actor_id, entity, record_id, action, changes)
            VALUES (\(bind: dialect.bind(UUID.timeOrdered())), \(bind: dialect.bind(tenantId)), \(bind: Timestamp.milliseconds(Date())),
            \(bind: dialect.bind(actorId)), \(bind: entity), \(bind: dialect.bind(recordId)), \(bind: action),
            \(dialect.jsonPlaceholder(JSONWriter.string(.object(changes)))))
            """).run()
    }

    /// The `{old, new}` pair the audit log keeps for each changed value.
    static func change(_ old: JSONValue, _ new: JSONValue) -> JSONValue {
        .object(JSONObject(["old": old, "new": new]))
    }
}
