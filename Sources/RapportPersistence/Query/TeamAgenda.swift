import Foundation
import RapportDomain
import SQLKit

/// What a manager's team has to do (Home): its open activities due in a period and its leads
/// still waiting for an answer, most urgent first, a few of each.
///
/// Each team of the manager's subtree is read on its own, along its index (team, done, due) or
/// (team, status, due), stopping after `limit` rows; the first `limit` of all of them are kept.
/// A branch with tens of thousands of overdue tasks so costs a few short index reads.
public struct TeamAgenda: Sendable {
    let database: Database
    public init(database: Database) { self.database = database }

    /// The team's activities not yet done, due from `from` (if given) until before `before`, soonest first.
    public func activitiesDue(
        _ activity: EntityDefinition, from: Date? = nil, before: Date, limit: Int, principal: Principal
    ) async throws -> [Record] {
        try await mostUrgent(limit, of: activityQueries(activity, from: from, before: before, limit: limit, principal: principal),
                        entity: activity, sortField: "dueAt")
    }

    /// The team's unanswered leads whose response is due by `by` (or already past), soonest first.
    public func leadsDue(_ lead: EntityDefinition, by: Date, limit: Int, principal: Principal) async throws -> [Record] {
        try await mostUrgent(limit, of: leadQueries(lead, by: by, limit: limit, principal: principal), entity: lead, sortField: "responseDueAt")
    }

    /// The plans of every query the team section runs, for index checks. On the small test tables
    /// PostgreSQL may prefer sorting a handful of rows, so sorts are priced out: the plan then
    /// shows whether each team's index can give the rows in order.
    public func plans(activity: EntityDefinition, lead: EntityDefinition, at now: Date, limit: Int, principal: Principal) async throws -> [String] {
        let queries = activityQueries(activity, from: nil, before: now, limit: limit, principal: principal)
            + activityQueries(activity, from: now.addingTimeInterval(-86_400), before: now, limit: limit, principal: principal)
            + leadQueries(lead, by: now, limit: limit, principal: principal)
        return try await database.withConnection { db in
            var lines: [String] = []
            for query in queries { lines += try await PlanReader(dialect: database.dialect).plan(of: query, on: db, inIndexOrder: true) }
            return lines
        }
    }

    private var codec: FieldCodec { FieldCodec(dialect: database.dialect) }

    /// The order of the index (the column's nulls first on PostgreSQL, then seq), so the walk needs no sort.
    private func order(_ table: String, _ column: String) -> String {
        database.dialect.orderTerm("\(table).\(column)", descending: false) + ", \(table).seq ASC"
    }

    func activityQueries(_ activity: EntityDefinition, from: Date?, before: Date, limit: Int, principal: Principal) -> [SQLQueryString] {
        let scope = AccessScope(principal: principal, entity: activity, dialect: database.dialect)
        guard let done = activity.field(named: "done"), let due = activity.field(named: "dueAt") else { return [] }
        let table = activity.table
        let select = RecordReader(entity: activity, codec: codec).selectList
        return scope.teamConditions().map { team in
            var sql = SQLQueryString("SELECT \(unsafeRaw: select) FROM \(ident: table) WHERE ") + team
            sql.appendInterpolation(unsafeRaw: " AND \(table).done = ")
            sql.appendInterpolation(codec.comparable(.bool(false), for: done))
            if let from {
                sql.appendInterpolation(unsafeRaw: " AND \(table).due_at >= ")
                sql.appendInterpolation(codec.comparable(.timestamp(from), for: due))
            }
            sql.appendInterpolation(unsafeRaw: " AND \(table).due_at < ")
            sql.appendInterpolation(codec.comparable(.timestamp(before), for: due))
            sql.appendInterpolation(unsafeRaw: " ORDER BY \(order(table, "due_at")) LIMIT \(limit)")
            return sql
        }
    }

    func leadQueries(_ lead: EntityDefinition, by: Date, limit: Int, principal: Principal) -> [SQLQueryString] {
        let scope = AccessScope(principal: principal, entity: lead, dialect: database.dialect)
        guard let due = lead.field(named: "responseDueAt") else { return [] }
        let table = lead.table
        // One walk per status: with both in one IN list the database would sort every waiting lead of the team.
        let select = RecordReader(entity: lead, codec: codec).selectList
        return scope.teamConditions().flatMap { team in
            EntityDefinition.openLeadStatuses.map { status in
                var sql = SQLQueryString("SELECT \(unsafeRaw: select) FROM \(ident: table) WHERE ") + team
                sql.appendInterpolation(unsafeRaw: " AND \(table).status = ")
                sql.appendInterpolation(bind: status)
                sql.appendInterpolation(unsafeRaw: " AND \(table).response_due_at <= ")
                sql.appendInterpolation(codec.comparable(.timestamp(by), for: due))
                sql.appendInterpolation(unsafeRaw: " ORDER BY \(order(table, "response_due_at")) LIMIT \(limit)")
                return sql
            }
        }
    }

    private func mostUrgent(_ limit: Int, of queries: [SQLQueryString], entity: EntityDefinition, sortField: String) async throws -> [Record] {
        let reader = RecordReader(entity: entity, codec: codec)
        let records = try await database.withConnection { db in
            var records: [Record] = []
            for query in queries { records += try await db.raw(query).all().map(reader.decode) }
            return records
        }
        let distantFuture = Date.distantFuture
        return Array(records.sorted {
            let (a, b) = ($0[sortField].timestampValue ?? distantFuture, $1[sortField].timestampValue ?? distantFuture)
            return a != b ? a < b : $0.seq < $1.seq
        }.prefix(limit))
    }
}
