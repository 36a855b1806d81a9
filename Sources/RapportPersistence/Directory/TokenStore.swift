import Foundation
import RapportDomain
import SQLKit

/// Bearer credentials: sign-in sessions and long-lived API keys. Only a hash of
/// each token is stored, so a copy of the database does not hand out access.
public struct TokenStore: Sendable {
    public enum Kind: String, Sendable { case session, apiKey }

    public struct Token: Sendable, Hashable {
        public let id: UUID
        public let userId: UUID
        public let kind: Kind
        public let name: String
        public let prefix: String
        public let createdAt: Date
        public let expiresAt: Date?
        public let revokedAt: Date?
    }

    let database: Database
    var dialect: Dialect { database.dialect }

    public init(database: Database) { self.database = database }

    public func insert(tokenHash: String, prefix: String, kind: Kind, name: String, user: Directory.User, expiresAt: Date?) async throws -> Token {
        let token = Token(id: .timeOrdered(), userId: user.id, kind: kind, name: name, prefix: prefix, createdAt: Date(), expiresAt: expiresAt, revokedAt: nil)
        let d = dialect
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO api_tokens (id, tenant_id, user_id, kind, name, token_hash, prefix, created_at, expires_at)
                VALUES (\(bind: d.bind(token.id)), \(bind: d.bind(user.tenantId)), \(bind: d.bind(user.id)), \(bind: kind.rawValue),
                \(bind: name), \(bind: tokenHash), \(bind: prefix), \(bind: Timestamp.milliseconds(token.createdAt)),
                \(bind: expiresAt.map(Timestamp.milliseconds)))
                """).run()
        }
        return token
    }

    /// The user a live, unrevoked, unexpired token belongs to.
    public func user(forTokenHash hash: String, directory: Directory, now: Date = Date()) async throws -> Directory.User? {
        try await database.withConnection { db in
            let columns = Directory.userColumns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
            return try await db.raw("""
                SELECT \(unsafeRaw: columns) FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL
                AND (t.expires_at IS NULL OR t.expires_at > \(bind: Timestamp.milliseconds(now)))
                """).first().map(directory.decodeUser)
        }
    }

    public func apiKeys(userId: UUID) async throws -> [Token] {
        let codec = FieldCodec(dialect: dialect)
        return try await database.withConnection { db in
            try await db.raw("""
                SELECT id, user_id, kind, name, prefix, created_at, expires_at, revoked_at FROM api_tokens
                WHERE user_id = \(bind: dialect.bind(userId)) AND kind = 'apiKey' ORDER BY created_at
                """).all().map { row in
                Token(
                    id: try codec.decodeID(row, "id")!, userId: try codec.decodeID(row, "user_id")!, kind: .apiKey,
                    name: try row.decode(column: "name", as: String.self), prefix: try row.decode(column: "prefix", as: String.self),
                    createdAt: Timestamp.date(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
                    expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Timestamp.date(milliseconds:)),
                    revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.date(milliseconds:)))
            }
        }
    }

    /// Revokes one of the user's tokens; returns its hash, or nil when it is not theirs.
    public func revoke(id: UUID, userId: UUID) async throws -> String? {
        let d = dialect
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE api_tokens SET revoked_at = \(bind: Timestamp.milliseconds(Date()))
                WHERE id = \(bind: d.bind(id)) AND user_id = \(bind: d.bind(userId)) AND revoked_at IS NULL RETURNING token_hash
                """).first()?.decode(column: "token_hash", as: String.self)
        }
    }

    public func revoke(tokenHash: String) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: Timestamp.milliseconds(Date())) WHERE token_hash = \(bind: tokenHash)").run()
        }
    }
}
