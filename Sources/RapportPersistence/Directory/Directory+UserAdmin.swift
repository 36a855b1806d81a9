import Foundation
import RapportDomain
import SQLKit

/// Administrators' changes to users: role, team, partner organisation, and whether the account is active.
extension Directory {
    /// What to change; nil leaves a value as it is, and `.some(nil)` clears a team or partner organisation.
    public struct UserChange: Sendable {
        public var role: Role?
        public var teamId: UUID??
        public var partnerId: UUID??
        public var active: Bool?

        public init(role: Role? = nil, teamId: UUID?? = nil, partnerId: UUID?? = nil, active: Bool? = nil) {
            self.role = role
            self.teamId = teamId
            self.partnerId = partnerId
            self.active = active
        }
    }

    /// Changes a user of the principal's tenant, audited in the same transaction. A deactivated user
    /// cannot sign in and their sessions and API keys are refused until they are reactivated.
    /// Administrators may not deactivate or demote themselves: the tenant keeps someone who can undo it.
    public func updateUser(id: UUID, _ change: UserChange, principal: Principal) async throws -> User {
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators change users.") }
        if id == principal.userId { try Self.refuseLockingOut(change) }
        let d = dialect
        return try await database.transaction { db in
            guard let existing = try await db.raw("""
                SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE id = \(bind: d.bind(id)) AND tenant_id = \(bind: d.bind(principal.tenantId))
                \(unsafeRaw: d == .postgres ? "FOR NO KEY UPDATE" : "")
                """).first().map(decodeUser) else {
                throw StoreError.notFound(entity: "user")
            }
            let updated = User(
                id: id, tenantId: existing.tenantId, email: existing.email, name: existing.name, role: change.role ?? existing.role,
                teamId: change.teamId ?? existing.teamId, partnerId: change.partnerId ?? existing.partnerId,
                locale: existing.locale, timeZone: existing.timeZone, active: change.active ?? existing.active)
            try await validate(updated, replacing: existing, on: db)
            let changes = Self.changes(from: existing, to: updated)
            guard changes.count > 0 else { return existing }
            try await db.raw("""
                UPDATE users SET role = \(bind: updated.role.rawValue), team_id = \(Self.optionalID(updated.teamId, d)),
                partner_id = \(Self.optionalID(updated.partnerId, d)), active = \(bind: d.bind(updated.active))
                WHERE id = \(bind: d.bind(id)) AND tenant_id = \(bind: d.bind(principal.tenantId))
                """).run()
            try await AuditEntryWriter(dialect: d, tenantId: principal.tenantId, actorId: principal.userId)
                .append(entity: "user", recordId: id, action: "update", changes: changes, on: db)
            return updated
        }
    }

    private static func refuseLockingOut(_ change: UserChange) throws {
        var errors: [FieldError] = []
        if change.active == false {
            errors.append(FieldError(field: "active", code: "forbidden", message: "You cannot deactivate your own account; another administrator can."))
        }
        if let role = change.role, role != .admin {
            errors.append(FieldError(field: "role", code: "forbidden", message: "You cannot give up your own administrator role; another administrator can change it."))
        }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
    }

    private func validate(_ updated: User, replacing existing: User, on db: any SQLDatabase) async throws {
        var errors: [FieldError] = []
        if let team = updated.teamId, team != existing.teamId, !(try await exists(table: "teams", id: team, tenantId: updated.tenantId, on: db)) {
            errors.append(FieldError(field: "teamId", code: "not_found", message: "No team with this id in this tenant."))
        }
        if let partner = updated.partnerId, partner != existing.partnerId,
           !(try await exists(table: "partners", id: partner, tenantId: updated.tenantId, on: db)) {
            errors.append(FieldError(field: "partnerId", code: "not_found", message: "No partner organisation with this id in this tenant."))
        }
        if updated.role == .partner && updated.partnerId == nil {
            errors.append(FieldError(field: "partnerId", code: "required", message: "A partner user needs a partner organisation."))
        }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
    }

    private func exists(table: String, id: UUID, tenantId: UUID, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            SELECT id FROM \(ident: table) WHERE id = \(bind: dialect.bind(id)) AND tenant_id = \(bind: dialect.bind(tenantId))
            """).first() != nil
    }

    private static func changes(from old: User, to new: User) -> JSONObject {
        func id(_ value: UUID?) -> JSONValue { value.map { .string($0.lowercaseString) } ?? .null }
        var changes = JSONObject()
        if old.role != new.role { changes["role"] = AuditEntryWriter.change(.string(old.role.rawValue), .string(new.role.rawValue)) }
        if old.teamId != new.teamId { changes["teamId"] = AuditEntryWriter.change(id(old.teamId), id(new.teamId)) }
        if old.partnerId != new.partnerId { changes["partnerId"] = AuditEntryWriter.change(id(old.partnerId), id(new.partnerId)) }
        if old.active != new.active { changes["active"] = AuditEntryWriter.change(.bool(old.active), .bool(new.active)) }
        return changes
    }
}
