import Foundation
import RapportDomain
import SQLKit

/// Named list views (search, filters, sort, columns as a query string), kept per user or
/// shared with the owner's team.
public struct SavedViewStore: Sendable {
    public struct View: Sendable, Hashable {
        public let id: UUID
        public let ownerId: UUID
        public let shared: Bool
        public let name: String
        public let query: String
    }

    let database: Database
    public init(database: Database) { self.database = database }

    /// My views, and those my team's members shared with the team.
    public func views(entity: String, principal: Principal) async throws -> [View] {
        let d = database.dialect, codec = FieldCodec(dialect: d)
        let team: any SQLExpression = principal.teamId.map { SQLBind(d.bind($0)) } ?? SQLLiteral.null
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT id, owner_id, shared_team_id, name, query FROM saved_views
                WHERE tenant_id = \(bind: d.bind(principal.tenantId)) AND entity = \(bind: entity)
                AND (owner_id = \(bind: d.bind(principal.userId)) OR shared_team_id = \(team))
                ORDER BY name LIMIT 100
                """).all().map { row in
                View(id: try codec.decodeID(row, "id")!, ownerId: try codec.decodeID(row, "owner_id")!,
                     shared: try codec.decodeID(row, "shared_team_id") != nil, name: try row.decode(column: "name", as: String.self),
                     query: try row.decode(column: "query", as: String.self))
            }
        }
    }

    public func save(entity: String, name: String, query: String, shareWithTeam: Bool, principal: Principal) async throws {
        let d = database.dialect
        let name = name.trimmed
        guard !name.isEmpty, name.count <= 100, !FieldDecoder.containsControlCharacters(name) else {
            throw StoreError.validation([FieldError(field: "name", code: "required", message: "Give the view a name of at most 100 characters.")])
        }
        guard principal.role != .readOnly || !shareWithTeam else { throw StoreError.forbidden("Read-only users cannot share views.") }
        let team: any SQLExpression = shareWithTeam ? (principal.teamId.map { SQLBind(d.bind($0)) } ?? SQLLiteral.null) : SQLLiteral.null
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO saved_views (id, tenant_id, owner_id, shared_team_id, entity, name, query, created_at)
                VALUES (\(bind: d.bind(UUID.timeOrdered())), \(bind: d.bind(principal.tenantId)), \(bind: d.bind(principal.userId)), \(team),
                \(bind: entity), \(bind: name), \(bind: String(query.prefix(4000))), \(bind: Timestamp.milliseconds(Date())))
                """).run()
        }
    }

    /// Only the owner removes a view.
    public func delete(id: UUID, principal: Principal) async throws {
        let d = database.dialect
        try await database.transaction { db in
            try await db.raw("""
                DELETE FROM saved_views WHERE id = \(bind: d.bind(id)) AND tenant_id = \(bind: d.bind(principal.tenantId))
                AND owner_id = \(bind: d.bind(principal.userId))
                """).run()
        }
    }
}
