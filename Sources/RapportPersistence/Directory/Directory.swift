import Foundation
import RapportDomain
import SQLKit

/// Tenants, users, teams, partner organisations and credentials.
public struct Directory: Sendable {
    let database: Database
    var dialect: Dialect { database.dialect }

    public init(database: Database) { self.database = database }

    public struct Tenant: Sendable, Hashable {
        public let id: UUID
        public let name: String
        public let baseCurrency: String
        public let leadResponseDays: Int
    }

    public struct User: Sendable, Hashable {
        public let id: UUID
        public let tenantId: UUID
        public let email: String
        public let name: String
        public let role: Role
        public let teamId: UUID?
        public let partnerId: UUID?
        public let locale: String
        public let timeZone: String
        public let active: Bool
    }

    // MARK: Tenants

    /// Creates a tenant with a default sales pipeline.
    public func createTenant(name: String, baseCurrency: String = "USD") async throws -> Tenant {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw StoreError.validation([FieldError(field: "name", code: "required", message: "A tenant name of 1 to 100 characters is required.")])
        }
        guard CurrencyCode(baseCurrency) != nil else {
            throw StoreError.validation([FieldError(field: "baseCurrency", code: "invalid_currency", message: "\(baseCurrency) is not a supported currency.")])
        }
        if try await tenant(named: trimmed) != nil {
            throw StoreError.conflict("tenant_exists", "A tenant named \"\(trimmed)\" already exists.")
        }
        let tenant = Tenant(id: UUID(), name: trimmed, baseCurrency: baseCurrency, leadResponseDays: 7)
        let d = dialect
        try await database.transaction { db in
            let now = Timestamp.milliseconds(Date())
            try await db.raw("""
                INSERT INTO tenants (id, name, base_currency, lead_response_days, created_at)
                VALUES (\(bind: d.bind(tenant.id)), \(bind: tenant.name), \(bind: baseCurrency), 7, \(bind: now))
                """).run()
            let pipeline = UUID()
            try await db.raw("""
                INSERT INTO pipelines (id, tenant_id, name, is_default, position, created_at)
                VALUES (\(bind: d.bind(pipeline)), \(bind: d.bind(tenant.id)), 'Sales', \(bind: d.bind(true)), 1, \(bind: now))
                """).run()
            for (position, stage) in Self.defaultStages.enumerated() {
                try await db.raw("""
                    INSERT INTO stages (id, tenant_id, pipeline_id, name, position, probability, kind, created_at)
                    VALUES (\(bind: d.bind(UUID())), \(bind: d.bind(tenant.id)), \(bind: d.bind(pipeline)), \(bind: stage.name),
                    \(bind: position + 1), \(bind: stage.probability), \(bind: stage.kind), \(bind: now))
                    """).run()
            }
        }
        return tenant
    }

    static let defaultStages: [(name: String, probability: Int, kind: String)] = [
        ("Prospecting", 10, "open"), ("Qualification", 20, "open"), ("Proposal", 50, "open"),
        ("Negotiation", 75, "open"), ("Won", 100, "won"), ("Lost", 0, "lost"),
    ]

    public func tenant(named name: String) async throws -> Tenant? {
        try await database.withConnection { db in
            try await db.raw("SELECT id, name, base_currency, lead_response_days FROM tenants WHERE name = \(bind: name)")
                .first().map(decodeTenant)
        }
    }

    public func tenant(id: UUID) async throws -> Tenant? {
        try await database.withConnection { db in
            try await db.raw("SELECT id, name, base_currency, lead_response_days FROM tenants WHERE id = \(bind: dialect.bind(id))")
                .first().map(decodeTenant)
        }
    }

    public func setLeadResponseDays(_ days: Int, tenantId: UUID) async throws {
        guard (1...365).contains(days) else {
            throw StoreError.validation([FieldError(field: "leadResponseDays", code: "out_of_range", message: "leadResponseDays must be between 1 and 365.",
                                                    limits: ["min": "1", "max": "365"])])
        }
        try await database.transaction { db in
            try await db.raw("UPDATE tenants SET lead_response_days = \(bind: days) WHERE id = \(bind: dialect.bind(tenantId))").run()
        }
    }

    private func decodeTenant(_ row: any SQLRow) throws -> Tenant {
        Tenant(
            id: try FieldCodec(dialect: dialect).decodeID(row, "id")!, name: try row.decode(column: "name", as: String.self),
            baseCurrency: try row.decode(column: "base_currency", as: String.self),
            leadResponseDays: try row.decode(column: "lead_response_days", as: Int.self))
    }

    // MARK: Teams and partners

    public func createTeam(tenantId: UUID, name: String, parentId: UUID?) async throws -> UUID {
        let id = UUID()
        let d = dialect
        try await database.transaction { db in
            if let parentId {
                let parent = try await db.raw("SELECT id FROM teams WHERE id = \(bind: d.bind(parentId)) AND tenant_id = \(bind: d.bind(tenantId))").first()
                guard parent != nil else {
                    throw StoreError.validation([FieldError(field: "parentId", code: "not_found", message: "No team with this id in this tenant.")])
                }
            }
            try await db.raw("""
                INSERT INTO teams (id, tenant_id, parent_id, name, created_at)
                VALUES (\(bind: d.bind(id)), \(bind: d.bind(tenantId)), \(parentId.map { SQLBind(d.bind($0)) as any SQLExpression } ?? SQLLiteral.null),
                \(bind: name), \(bind: Timestamp.milliseconds(Date())))
                """).run()
        }
        return id
    }

    public func team(named name: String, tenantId: UUID) async throws -> UUID? {
        try await lookupID(table: "teams", name: name, tenantId: tenantId)
    }

    public func createPartner(tenantId: UUID, name: String) async throws -> UUID {
        let id = UUID()
        let d = dialect
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO partners (id, tenant_id, name, created_at)
                VALUES (\(bind: d.bind(id)), \(bind: d.bind(tenantId)), \(bind: name), \(bind: Timestamp.milliseconds(Date())))
                """).run()
        }
        return id
    }

    public func partner(named name: String, tenantId: UUID) async throws -> UUID? {
        try await lookupID(table: "partners", name: name, tenantId: tenantId)
    }

    private func lookupID(table: String, name: String, tenantId: UUID) async throws -> UUID? {
        try await database.withConnection { db in
            try await db.raw("SELECT id FROM \(ident: table) WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND name = \(bind: name)")
                .first().flatMap { try FieldCodec(dialect: dialect).decodeID($0, "id") }
        }
    }

    /// `teamId` and every team below it.
    /// Team names by id, for showing and choosing teams.
    public func teamNames(tenantId: UUID) async throws -> [UUID: String] { try await names(table: "teams", tenantId: tenantId) }

    /// Partner organisation names by id.
    public func partnerNames(tenantId: UUID) async throws -> [UUID: String] { try await names(table: "partners", tenantId: tenantId) }

    private func names(table: String, tenantId: UUID) async throws -> [UUID: String] {
        let codec = FieldCodec(dialect: dialect)
        return try await database.withConnection { db in
            var names: [UUID: String] = [:]
            for row in try await db.raw("SELECT id, name FROM \(ident: table) WHERE tenant_id = \(bind: dialect.bind(tenantId))").all() {
                if let id = try codec.decodeID(row, "id") { names[id] = try row.decode(column: "name", as: String.self) }
            }
            return names
        }
    }

    public func teamSubtree(of teamId: UUID, tenantId: UUID) async throws -> [UUID] {
        let codec = FieldCodec(dialect: dialect)
        let edges: [(UUID, UUID?)] = try await database.withConnection { db in
            try await db.raw("SELECT id, parent_id FROM teams WHERE tenant_id = \(bind: dialect.bind(tenantId))").all().map {
                (try codec.decodeID($0, "id")!, try codec.decodeID($0, "parent_id"))
            }
        }
        var children: [UUID: [UUID]] = [:]
        for (id, parent) in edges { if let parent { children[parent, default: []].append(id) } }
        var result: [UUID] = []
        var queue = [teamId]
        while let next = queue.popLast() {
            result.append(next)
            queue.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    // MARK: Users

    public struct NewUser: Sendable {
        public var email: String
        public var name: String
        public var passwordHash: String
        public var role: Role
        public var teamId: UUID?
        public var partnerId: UUID?
        public var locale: String

        public init(email: String, name: String, passwordHash: String, role: Role, teamId: UUID? = nil, partnerId: UUID? = nil, locale: String = Directory.browserLocale) {
            self.email = email
            self.name = name
            self.passwordHash = passwordHash
            self.role = role
            self.teamId = teamId
            self.partnerId = partnerId
            self.locale = locale
        }
    }

    public func addUser(_ new: NewUser, tenantId: UUID) async throws -> User {
        let email = new.email.trimmingCharacters(in: .whitespaces).lowercased()
        let emailField = FieldDefinition("email", .email, label: "E-mail")
        guard case .success = FieldDecoder.decode(.string(email), for: emailField) else {
            throw StoreError.validation([FieldError(field: "email", code: "invalid_email", message: "\"\(new.email)\" is not an e-mail address.")])
        }
        if new.role == .partner && new.partnerId == nil {
            throw StoreError.validation([FieldError(field: "partnerId", code: "required", message: "A partner user needs a partner organisation.")])
        }
        let user = User(id: UUID(), tenantId: tenantId, email: email, name: new.name, role: new.role, teamId: new.teamId,
                        partnerId: new.partnerId, locale: new.locale, timeZone: "UTC", active: true)
        let d = dialect
        try await database.transaction { db in
            if try await db.raw("SELECT id FROM users WHERE email = \(bind: email)").first() != nil {
                throw StoreError.conflict("email_taken", "A user with the e-mail \(email) already exists.")
            }
            try await db.raw("""
                INSERT INTO users (id, tenant_id, email, name, role, team_id, partner_id, password_hash, locale, time_zone, active, created_at)
                VALUES (\(bind: d.bind(user.id)), \(bind: d.bind(tenantId)), \(bind: email), \(bind: new.name), \(bind: new.role.rawValue),
                \(Self.optionalID(new.teamId, d)), \(Self.optionalID(new.partnerId, d)), \(bind: new.passwordHash),
                \(bind: new.locale), 'UTC', \(bind: d.bind(true)), \(bind: Timestamp.milliseconds(Date())))
                """).run()
        }
        return user
    }

    /// The locale of a user who has not chosen one: the web app follows the browser's Accept-Language.
    public static let browserLocale = "auto"

    /// Saves a user's language and time zone; audited like every other change.
    public func setPreferences(userId: UUID, tenantId: UUID, locale: String, timeZone: String) async throws {
        let d = dialect
        try await database.transaction { db in
            try await db.raw("""
                UPDATE users SET locale = \(bind: locale), time_zone = \(bind: timeZone)
                WHERE id = \(bind: d.bind(userId)) AND tenant_id = \(bind: d.bind(tenantId))
                """).run()
            try await auditUserChange(userId: userId, tenantId: tenantId, action: "preferences",
                                      changes: JSONObject(["locale": .string(locale), "timeZone": .string(timeZone)]), on: db)
        }
    }

    /// Replaces a user's password hash and ends their other sessions.
    public func setPasswordHash(_ hash: String, userId: UUID, tenantId: UUID, keepingSession keptTokenHash: String?) async throws {
        let d = dialect
        try await database.transaction { db in
            try await db.raw("""
                UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: d.bind(userId)) AND tenant_id = \(bind: d.bind(tenantId))
                """).run()
            try await db.raw("""
                UPDATE api_tokens SET revoked_at = \(bind: Timestamp.milliseconds(Date()))
                WHERE user_id = \(bind: d.bind(userId)) AND kind = 'session' AND revoked_at IS NULL AND token_hash <> \(bind: keptTokenHash ?? "")
                """).run()
            try await auditUserChange(userId: userId, tenantId: tenantId, action: "password", changes: JSONObject(), on: db)
        }
    }

    private func auditUserChange(userId: UUID, tenantId: UUID, action: String, changes: JSONObject, on db: any SQLDatabase) async throws {
        try await AuditEntryWriter(dialect: dialect, tenantId: tenantId, actorId: userId)
            .append(entity: "user", recordId: userId, action: action, changes: changes, on: db)
    }

    static func optionalID(_ id: UUID?, _ dialect: Dialect) -> any SQLExpression {
        id.map { SQLBind(dialect.bind($0)) } ?? SQLLiteral.null
    }

    static let userColumns = "id, tenant_id, email, name, role, team_id, partner_id, locale, time_zone, active"

    public func user(id: UUID) async throws -> User? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE id = \(bind: dialect.bind(id))").first().map(decodeUser)
        }
    }

    /// The user and password hash for a sign-in by e-mail.
    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        try await database.withConnection { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: Self.userColumns), password_hash FROM users WHERE email = \(bind: email.lowercased())").first() else { return nil }
            return (try decodeUser(row), try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func users(tenantId: UUID) async throws -> [User] {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE tenant_id = \(bind: dialect.bind(tenantId)) ORDER BY email").all().map(decodeUser)
        }
    }

    func decodeUser(_ row: any SQLRow) throws -> User {
        let codec = FieldCodec(dialect: dialect)
        return User(
            id: try codec.decodeID(row, "id")!, tenantId: try codec.decodeID(row, "tenant_id")!,
            email: try row.decode(column: "email", as: String.self), name: try row.decode(column: "name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .readOnly,
            teamId: try codec.decodeID(row, "team_id"), partnerId: try codec.decodeID(row, "partner_id"),
            locale: try row.decode(column: "locale", as: String.self), timeZone: try row.decode(column: "time_zone", as: String.self),
            active: try codec.decodeBool(row, "active"))
    }

    public func principal(for user: User) async throws -> Principal {
        var subtree: [UUID] = []
        if let teamId = user.teamId { subtree = try await teamSubtree(of: teamId, tenantId: user.tenantId) }
        return Principal(tenantId: user.tenantId, userId: user.id, role: user.role, teamId: user.teamId,
                         teamSubtree: subtree, partnerId: user.partnerId)
    }
}
