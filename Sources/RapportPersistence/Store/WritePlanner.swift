import Foundation
import RapportDomain
import SQLKit

/// Completes and checks pending writes inside the write transaction: ownership,
/// each entity's rules, references within the tenant and hierarchy cycles.
/// Problems become field errors on the row; nothing here writes.
struct WritePlanner: Sendable {
    let entity: EntityDefinition
    let principal: Principal
    let db: any SQLDatabase
    let codec: FieldCodec
    let now: Date
    var dialect: Dialect { codec.dialect }

    static func referenceTable(_ target: String) -> String? {
        switch target {
        case "account": "accounts"
        case "contact": "contacts"
        case "lead": "leads"
        case "opportunity": "opportunities"
        case "activity": "activities"
        case "product": "products"
        case "pricebook": "pricebooks"
        case "quote": "quotes"
        case "order": "orders"
        case "invoice": "invoices"
        case "payment": "payments"
        case "expense": "expenses"
        case "user": "users"
        case "team": "teams"
        case "partner": "partners"
        case "pipeline": "pipelines"
        case "stage": "stages"
        default: nil
        }
    }

    /// Takes `writes` over (`consume` them at the call) so that each is completed in place, not copied.
    func plan(_ writes: consuming [PendingWrite]) async throws -> [PendingWrite] {
        for index in writes.indices {
            stampSystemFields(&writes[index])
            checkRequired(&writes[index])
        }
        try await resolveOwnership(&writes)
        writes = try await EntityRules(planner: self).apply(writes)
        writes = try await checkReferences(writes)
        writes = try await checkExternalIds(writes)
        writes = try await checkCycles(writes)
        return writes
    }

    private func stampSystemFields(_ write: inout PendingWrite) {
        let stamp = FieldValue.timestamp(Timestamp.date(milliseconds: Timestamp.milliseconds(now)))
        if write.isCreate {
            write.values["id"] = .id(.timeOrdered(at: now))
            write.values["version"] = .integer(1)
            write.values["createdAt"] = stamp
            write.values["createdBy"] = .id(principal.userId)
        } else {
            write.values["version"] = .integer((write.existing?.version ?? 0) + 1)
        }
        write.values["updatedAt"] = stamp
        write.values["updatedBy"] = .id(principal.userId)
    }

    /// Required fields hold a value, whichever path built the record (API, bulk, conversion).
    private func checkRequired(_ write: inout PendingWrite) {
        for field in entity.allFields where field.required {
            switch write.values[field.name] ?? .null {
            case .null:
                write.reject(field.name, "required", "\(field.label) is required.")
            case .text(let text) where text.trimmed.isEmpty:
                write.reject(field.name, "required", "\(field.label) must not be blank.")
            default: break
            }
        }
    }

    // MARK: Ownership

    private func resolveOwnership(_ writes: inout [PendingWrite]) async throws {
        for index in writes.indices where writes[index].isCreate {
            if writes[index].values["ownerId"] == nil || writes[index].values["ownerId"] == .null {
                writes[index].values["ownerId"] = .id(principal.userId)
            }
            if principal.role == .partner {
                if let given = writes[index].input["partnerId"]?.idValue, given != principal.partnerId {
                    writes[index].reject("partnerId", "forbidden", "Partner users can only assign records to their own partner organisation.")
                }
                writes[index].values["partnerId"] = principal.partnerId.map(FieldValue.id) ?? .null
            }
        }
        let ownerIds = Set(writes.compactMap { $0.values["ownerId"]?.idValue })
        let owners = try await loadUsers(ownerIds)
        // In place: a changed copy of a write would copy its values too.
        for index in writes.indices {
            assignTeam(&writes[index], owners: owners)
        }
    }

    private func assignTeam(_ write: inout PendingWrite, owners: [UUID: UserFacts]) {
        if !write.isCreate && principal.role == .partner && write.changes("partnerId") {
            write.reject("partnerId", "forbidden", "Partner users cannot move records to another partner organisation.")
        }
        guard let ownerId = write.values["ownerId"]?.idValue else { return }
        guard let owner = owners[ownerId] else {
            return write.reject("ownerId", "not_found", "No user with this id in this tenant.")
        }
        // A deactivated user keeps the records they own (they can still be edited) but is given no more.
        if !owner.active && write.changes("ownerId") {
            return write.reject("ownerId", "deactivated_user", "This user is deactivated; records cannot be given to them.")
        }
        if write.changes("ownerId") && !principal.mayGiveRecords(toUser: ownerId, teamId: owner.teamId, partnerId: owner.partnerId) {
            return write.reject("ownerId", "forbidden_owner", "You cannot give records to this user (outside your \(principal.role == .partner ? "partner organisation" : "team")).")
        }
        write.values["teamId"] = owner.teamId.map(FieldValue.id) ?? .null
    }

    struct UserFacts: Sendable { let teamId: UUID?; let partnerId: UUID?; let active: Bool }

    private func loadUsers(_ ids: Set<UUID>) async throws -> [UUID: UserFacts] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT id, team_id, partner_id, active FROM users
            WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND id IN \(dialect.idList(Array(ids)))
            """).all()
        var users: [UUID: UserFacts] = [:]
        for row in rows {
            users[try codec.decodeID(row, "id")!] = UserFacts(
                teamId: try codec.decodeID(row, "team_id"), partnerId: try codec.decodeID(row, "partner_id"),
                active: try codec.decodeBool(row, "active"))
        }
        return users
    }

    // MARK: References

    private func checkReferences(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        var wanted: [String: Set<UUID>] = [:]
        var checks: [(write: Int, field: String, target: String, table: String, id: UUID)] = []
        let referring = entity.allFields.filter { field in
            guard field.access == .readWrite, field.name != "ownerId" else { return false }
            if case .reference = field.type { return true }
            return field.type == .uuid && field.name == "relatedId"
        }
        for (position, write) in writes.enumerated() where write.errors.isEmpty {
            for field in referring {
                guard write.changes(field.name), let id = write.values[field.name]?.idValue else { continue }
                let target: String?
                if case .reference(let name) = field.type { target = name } else { target = write.values["relatedType"]?.textValue }
                guard let target, let table = Self.referenceTable(target) else {
                    if field.name == "relatedId" { checks.append((position, field.name, "", "", id)) }
                    continue
                }
                wanted[table, default: []].insert(id)
                checks.append((position, field.name, target, table, id))
            }
        }
        var found: [String: Set<UUID>] = [:]
        for (table, ids) in wanted {
            let rows = try await db.raw(Self.liveIds(in: table, ids, tenantId: principal.tenantId, dialect: dialect)).all()
            found[table] = Set(try rows.compactMap { try codec.decodeID($0, "id") })
        }
        var writes = writes
        for check in checks where found[check.table]?.contains(check.id) != true {
            let message = check.table.isEmpty ? "relatedType must be set together with relatedId." : "No \(check.target) with this id in this tenant."
            writes[check.write].reject(check.field, "not_found", message)
        }
        return writes
    }

    /// Which of `ids` are live rows of `table` in the tenant: one id-index lookup per id.
    static func liveIds(in table: String, _ ids: Set<UUID>, tenantId: UUID, dialect: Dialect) -> SQLQueryString {
        let liveOnly = Catalog.builtIn.contains { $0.table == table } ? " AND deleted_at IS NULL" : ""
        return """
            SELECT id FROM \(ident: table) WHERE \(unsafeRaw: dialect.unindexed("tenant_id")) = \(bind: dialect.bind(tenantId))
            AND id IN \(dialect.idList(Array(ids)))\(unsafeRaw: liveOnly)
            """
    }

    // MARK: External ids

    /// An external id names one record per tenant and entity.
    private func checkExternalIds(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        let wanted = writes.filter { $0.changes("externalId") }.compactMap { $0.values["externalId"]?.textValue }
        guard !wanted.isEmpty else { return writes }
        var taken: [String: UUID] = [:]
        for chunk in stride(from: 0, to: wanted.count, by: 500).map({ Array(wanted[$0..<min($0 + 500, wanted.count)]) }) {
            let rows = try await db.raw("""
                SELECT id, external_id FROM \(ident: entity.table) WHERE tenant_id = \(bind: dialect.bind(principal.tenantId))
                AND external_id IN \(SQLGroupExpression(SQLList(chunk.map { SQLBind($0) })))
                """).all()
            for row in rows { taken[try row.decode(column: "external_id", as: String.self)] = try codec.decodeID(row, "id") }
        }
        return writes.map { write in
            guard write.changes("externalId"), let externalId = write.values["externalId"]?.textValue,
                  let owner = taken[externalId], owner != write.id else { return write }
            return write.fail("externalId", "taken", "Another \(entity.title.lowercased()) already has the externalId \"\(externalId)\".")
        }
    }

    // MARK: Hierarchies

    /// Parent-account and reports-to links may not loop back to the record itself.
    private func checkCycles(_ writes: [PendingWrite]) async throws -> [PendingWrite] {
        let selfLinks = entity.fields.filter { $0.type == .reference(entity.name) }
        guard !selfLinks.isEmpty else { return writes }
        var writes = writes
        for index in writes.indices where !writes[index].isCreate && writes[index].errors.isEmpty {
            for field in selfLinks where writes[index].changes(field.name) {
                guard let parent = writes[index].values[field.name]?.idValue, let column = field.column else { continue }
                let me = writes[index].id
                if parent == me {
                    writes[index].reject(field.name, "cycle", "A record cannot be its own \(field.label.lowercased()).")
                    continue
                }
                let loop = try await db.raw("""
                    WITH RECURSIVE chain(id, depth) AS (
                      SELECT \(ident: column), 1 FROM \(ident: entity.table) WHERE id = \(bind: dialect.bind(parent)) AND tenant_id = \(bind: dialect.bind(principal.tenantId))
                      UNION ALL
                      SELECT t.\(ident: column), chain.depth + 1 FROM \(ident: entity.table) t JOIN chain ON t.id = chain.id
                      WHERE chain.depth < 10000
                    )
                    SELECT 1 AS found FROM chain WHERE id = \(bind: dialect.bind(me)) LIMIT 1
                    """).first()
                if loop != nil {
                    writes[index].reject(field.name, "cycle", "\(field.label) would create a loop: this record is already above the chosen one.")
                }
            }
        }
        return writes
    }
}
