import Foundation
import RapportDomain
import SQLKit

/// The one place that decides which rows a principal may read or write.
///
/// Every query the store runs over CRM records starts from `read` or `write`; no
/// other code filters rows by tenant, owner, team or partner.
struct AccessScope: Sendable {
    enum Purpose: Sendable { case read, write }

    let principal: Principal
    let entity: EntityDefinition
    let dialect: Dialect

    /// Tenant, not deleted, and what the role allows. `alias` qualifies columns in joins.
    func condition(_ purpose: Purpose, includeDeleted: Bool = false) -> SQLQueryString {
        var sql: SQLQueryString = "\(ident: entity.table).tenant_id = \(bind: dialect.bind(principal.tenantId))"
        if !includeDeleted { sql.appendInterpolation(unsafeRaw: " AND \(entity.table).deleted_at IS NULL") }
        sql.appendInterpolation(unsafeRaw: " AND ")
        sql.appendInterpolation(roleCondition(purpose))
        return sql
    }

    /// What `read` allows, as disjoint parts: whole teams or the whole tenant, which totals kept
    /// per team can answer, and the remaining rows, which only the rows can.
    enum Part: Sendable {
        case tenant
        case teams([UUID])
        case rows(SQLQueryString)
    }

    func readParts() -> [Part] {
        switch principal.role {
        case .admin, .readOnly:
            return [.tenant]
        case .manager where !principal.teamSubtree.isEmpty:
            let teams = principal.teamSubtree
            let outsideTeams: SQLQueryString = " AND (\(ident: entity.table).team_id IS NULL OR \(ident: entity.table).team_id NOT IN \(dialect.idList(teams)))"
            return [.teams(teams), .rows(condition(.read) + outsideTeams)]
        case .manager, .rep, .partner:
            return [.rows(condition(.read))]
        }
    }

    private func roleCondition(_ purpose: Purpose) -> SQLQueryString {
        let me = dialect.bind(principal.userId)
        let table = entity.table
        switch (principal.role, purpose) {
        case (.readOnly, .write):
            return "1 = 0"
        case (.admin, _), (.readOnly, .read):
            return "1 = 1"
        case (.partner, _):
            guard let partner = principal.partnerId else { return "1 = 0" }
            return "\(ident: table).partner_id = \(bind: dialect.bind(partner))"
        case (.rep, _):
            return "(\(ident: table).owner_id = \(bind: me) OR \(shared(purpose)))"
        case (.manager, _):
            let teams = principal.teamSubtree
            if teams.isEmpty { return "(\(ident: table).owner_id = \(bind: me) OR \(shared(purpose)))" }
            return "(\(ident: table).team_id IN \(dialect.idList(teams)) OR \(ident: table).owner_id = \(bind: me) OR \(shared(purpose)))"
        }
    }

    private func shared(_ purpose: Purpose) -> SQLQueryString {
        var sql: SQLQueryString = """
            \(ident: entity.table).id IN (SELECT record_id FROM record_shares WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) \
            AND user_id = \(bind: dialect.bind(principal.userId)) AND entity = \(bind: entity.name)
            """
        if purpose == .write { sql.appendInterpolation(unsafeRaw: " AND can_edit = \(dialect == .sqlite ? "1" : "TRUE")") }
        sql.appendInterpolation(unsafeRaw: ")")
        return sql
    }
}
