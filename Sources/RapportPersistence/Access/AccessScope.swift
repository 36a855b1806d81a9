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
        tenantRows(includeDeleted: includeDeleted) + " AND " + roleCondition(purpose)
    }

    private func tenantRows(includeDeleted: Bool = false) -> SQLQueryString {
        var sql: SQLQueryString = "\(ident: entity.table).tenant_id = \(bind: dialect.bind(principal.tenantId))"
        if !includeDeleted { sql.appendInterpolation(unsafeRaw: " AND \(entity.table).deleted_at IS NULL") }
        return sql
    }

    /// What `read` allows, as disjoint parts, so that reports can read totals kept per team and
    /// owner (`KeptTotals`) for the parts they cover and rows only for the rest.
    enum Part: Sendable {
        /// The records of these teams (nil: of the whole tenant), of one owner if given, outside the excluded teams.
        case kept(teams: [UUID]?, owner: UUID?, excludingTeams: [UUID])
        /// Records shared with the user that no other part holds, or a partner's records.
        case rows(SQLQueryString)
    }

    func readParts() -> [Part] {
        let me = principal.userId
        if entity.ownership == .catalogue { return [.rows(condition(.read))] }
        switch principal.role {
        case .admin, .readOnly:
            return [.kept(teams: nil, owner: nil, excludingTeams: [])]
        case .partner:
            return [.rows(condition(.read))]
        case .rep, .manager:
            let teams = principal.role == .manager ? principal.teamSubtree : []
            var parts: [Part] = teams.isEmpty ? [] : [.kept(teams: teams, owner: nil, excludingTeams: [])]
            parts.append(.kept(teams: nil, owner: me, excludingTeams: teams))
            let table = entity.table
            var sharedOnly: SQLQueryString = """
                \(tenantRows()) AND \(shared(.read)) AND (\(ident: table).owner_id IS NULL OR \(ident: table).owner_id <> \(bind: dialect.bind(me)))
                """
            if !teams.isEmpty { sharedOnly = sharedOnly + outside(teams) }
            parts.append(.rows(sharedOnly))
            return parts
        }
    }

    /// `readParts()` narrowed to the records one owner holds (a user's own pipeline on Home).
    func readParts(ownedBy owner: UUID) -> [Part] {
        readParts().compactMap { part in
            switch part {
            case .kept(let teams, nil, let excluded):
                .kept(teams: teams, owner: owner, excludingTeams: excluded)
            case .kept(let teams, let only?, let excluded):
                only == owner ? .kept(teams: teams, owner: owner, excludingTeams: excluded) : nil
            case .rows(let condition):
                .rows(condition + " AND \(ident: entity.table).owner_id = \(bind: dialect.bind(owner))")
            }
        }
    }

    /// The rows of one part, for a report that reads rows for every part.
    func condition(of part: Part) -> SQLQueryString {
        switch part {
        case .kept(let teams, let owner, let excluded):
            return tenantRows() + kept(in: entity.table, teams: teams, owner: owner, excludingTeams: excluded)
        case .rows(let condition):
            return condition
        }
    }

    /// The rows of a kept part in `table`: a copy of this entity's live records that keeps their
    /// tenant, team and owner columns (`KeptDealProducts`).
    func condition(ofKept teams: [UUID]?, owner: UUID?, excludingTeams excluded: [UUID], in table: String) -> SQLQueryString {
        "\(ident: table).tenant_id = \(bind: dialect.bind(principal.tenantId))" + kept(in: table, teams: teams, owner: owner, excludingTeams: excluded)
    }

    private func kept(in table: String, teams: [UUID]?, owner: UUID?, excludingTeams excluded: [UUID]) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let teams { sql = sql + " AND \(ident: table).team_id IN \(dialect.idList(teams))" }
        if let owner { sql = sql + " AND \(ident: table).owner_id = \(bind: dialect.bind(owner))" }
        return excluded.isEmpty ? sql : sql + outside(excluded, in: table)
    }

    /// A manager's team records, one condition per team of their subtree (none for other roles):
    /// a short "most urgent first" list then walks each team's index in order and stops, where the
    /// whole subtree at once would sort every match (thousands of overdue tasks in a branch).
    func teamConditions() -> [SQLQueryString] {
        guard principal.role == .manager, entity.ownership == .owned else { return [] }
        return principal.teamSubtree.map { tenantRows() + " AND \(ident: entity.table).team_id = \(bind: dialect.bind($0))" }
    }

    private func outside(_ teams: [UUID], in table: String? = nil) -> SQLQueryString {
        let table = table ?? entity.table
        return " AND (\(ident: table).team_id IS NULL OR \(ident: table).team_id NOT IN \(dialect.idList(teams)))"
    }

    private func roleCondition(_ purpose: Purpose) -> SQLQueryString {
        // The role's say over the entity as a whole (a dealer only tracks orders) comes first;
        // the rows below narrow what it allows.
        if purpose == .write && !principal.mayWrite(entity) { return "1 = 0" }
        if entity.ownership == .catalogue { return catalogueCondition(purpose) }
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
            return ownOrShared(purpose)
        case (.manager, _):
            let teams = principal.teamSubtree
            if teams.isEmpty { return ownOrShared(purpose) }
            return "(\(ident: table).team_id IN \(dialect.idList(teams)) OR \(ident: table).owner_id = \(bind: me) OR \(shared(purpose)))"
        }
    }

    private func catalogueCondition(_ purpose: Purpose) -> SQLQueryString {
        switch (principal.role, purpose) {
        case (.admin, _), (.manager, _), (.rep, .read), (.readOnly, .read):
            return "1 = 1"
        case (.partner, .read):
            let own: SQLQueryString = principal.partnerId.map { " OR \(ident: entity.table).partner_id = \(bind: dialect.bind($0))" } ?? ""
            return "(\(ident: entity.table).partner_id IS NULL" + own + ")"
        case (.rep, .write), (.partner, .write), (.readOnly, .write):
            return "1 = 0"
        }
    }

    private func ownOrShared(_ purpose: Purpose) -> SQLQueryString {
        "(\(ident: entity.table).owner_id = \(bind: dialect.bind(principal.userId)) OR \(shared(purpose)))"
    }

    private func shared(_ purpose: Purpose) -> SQLQueryString {
        var records: SQLQueryString = """
            SELECT record_id FROM record_shares WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) \
            AND user_id = \(bind: dialect.bind(principal.userId)) AND entity = \(bind: entity.name)
            """
        if purpose == .write { records.appendInterpolation(unsafeRaw: " AND can_edit = \(dialect == .sqlite ? "1" : "TRUE")") }
        return dialect.id("\(entity.table).id", in: records)
    }
}
