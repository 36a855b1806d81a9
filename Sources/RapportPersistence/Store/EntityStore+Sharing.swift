import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    public struct Share: Sendable, Hashable {
        public let userId: UUID
        public let canEdit: Bool

        public init(userId: UUID, canEdit: Bool) {
            self.userId = userId
            self.canEdit = canEdit
        }

        public var json: JSONValue {
            .object(JSONObject(["userId": .string(userId.lowercaseString), "canEdit": .bool(canEdit)]))
        }
    }

    /// Who else a record is shared with. Needs read access to the record.
    public func shares(_ entity: EntityDefinition, id: UUID, principal: Principal) async throws -> [Share] {
        _ = try await get(entity, id: id, principal: principal)
        let codec = codec
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT user_id, can_edit FROM record_shares WHERE tenant_id = \(bind: dialect.bind(principal.tenantId))
                AND entity = \(bind: entity.name) AND record_id = \(bind: dialect.bind(id)) ORDER BY created_at
                """).all().map { Share(userId: try codec.decodeID($0, "user_id")!, canEdit: try codec.decodeBool($0, "can_edit")) }
        }
    }

    /// Shares a record with a user of the same tenant (or changes the share), for
    /// anyone who may change the record. Audited like any change.
    public func share(_ entity: EntityDefinition, id: UUID, with share: Share, principal: Principal) async throws {
        try await database.transaction { db in
            let record = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: nil, on: db)
            let user = try await db.raw("""
                SELECT id FROM users WHERE id = \(bind: dialect.bind(share.userId)) AND tenant_id = \(bind: dialect.bind(principal.tenantId))
                """).first()
            guard user != nil else {
                throw StoreError.validation([FieldError(field: "userId", code: "not_found", message: "No user with this id in this tenant.")])
            }
            try await db.raw("""
                DELETE FROM record_shares WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND user_id = \(bind: dialect.bind(share.userId))
                AND entity = \(bind: entity.name) AND record_id = \(bind: dialect.bind(record.id))
                """).run()
            try await db.raw("""
                INSERT INTO record_shares (id, tenant_id, entity, record_id, user_id, can_edit, created_at)
                VALUES (\(bind: dialect.bind(UUID())), \(bind: dialect.bind(principal.tenantId)), \(bind: entity.name),
                \(bind: dialect.bind(record.id)), \(bind: dialect.bind(share.userId)), \(bind: dialect.bind(share.canEdit)), \(bind: Timestamp.milliseconds(Date())))
                """).run()
            let writer = RecordWriter(entity: entity, principal: principal, db: db, codec: codec)
            try await writer.insertAudit([(record.id, "share", share.json)], at: Timestamp.milliseconds(Date()))
        }
    }

    public func unshare(_ entity: EntityDefinition, id: UUID, userId: UUID, principal: Principal) async throws {
        try await database.transaction { db in
            let record = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: nil, on: db)
            let removed = try await db.raw("""
                DELETE FROM record_shares WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND user_id = \(bind: dialect.bind(userId))
                AND entity = \(bind: entity.name) AND record_id = \(bind: dialect.bind(record.id)) RETURNING user_id
                """).first()
            guard removed != nil else { throw StoreError.notFound(entity: "share") }
            let writer = RecordWriter(entity: entity, principal: principal, db: db, codec: codec)
            try await writer.insertAudit([(record.id, "unshare", .object(JSONObject(["userId": .string(userId.lowercaseString)])))],
                                         at: Timestamp.milliseconds(Date()))
        }
    }
}
