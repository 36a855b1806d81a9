import Foundation
import RapportDomain
import SQLKit

/// What each salesperson did per day, ISO week (from Monday) or month of a period, in UTC days:
/// - calls, meetings and tasks done, by the activity's owner and the day it was done;
/// - new leads, by the lead's owner and the day it was received;
/// - of those, the leads answered within their deadline: a done activity linked to the lead was
///   done, or the audit log records a change of the lead's status, at or before its
///   `responseDueAt` (a lead without a deadline never counts);
/// - stage moves: changes of a deal's stage (not the stage a deal was created in), by who made
///   them and when.
/// Buckets at the edges hold only the days inside the period. Rows are read through the access
/// scope of activities, leads and (for moves) deals. The team filter takes activities and leads
/// of those teams, and moves made by those teams' users.
///
/// With a product, stage moves count only moves of deals that carry it (`DealProducts`, the rule
/// of the deal reports' product filter). Calls, meetings, tasks and leads have no product: they
/// are counted in full.
public struct ActivityReport: Sendable {
    public enum Bucket: String, Sendable, CaseIterable {
        case day, week, month

        /// The first day of the bucket holding `day`.
        public func start(of day: LocalDate) -> LocalDate {
            switch self {
            case .day: day
            // 1970-01-01 was a Thursday, three days after a Monday.
            case .week: LocalDate(daysSince1970: day.daysSince1970 - ((day.daysSince1970 + 3) % 7 + 7) % 7)
            case .month: LocalDate(year: day.year, month: day.month, day: 1)!
            }
        }
    }

    public struct Counts: Sendable, Hashable {
        public var calls = 0
        public var meetings = 0
        public var tasks = 0
        public var newLeads = 0
        public var leadsAnsweredInTime = 0
        public var stageMoves = 0

        public init() {}

        public mutating func add(_ other: Counts) {
            calls += other.calls; meetings += other.meetings; tasks += other.tasks
            newLeads += other.newLeads; leadsAnsweredInTime += other.leadsAnsweredInTime; stageMoves += other.stageMoves
        }
    }

    public struct Key: Sendable, Hashable {
        public let ownerId: UUID?
        public let bucketStart: LocalDate

        public init(ownerId: UUID?, bucketStart: LocalDate) {
            self.ownerId = ownerId
            self.bucketStart = bucketStart
        }
    }

    public struct Result: Sendable {
        public let bucket: Bucket
        public let cells: [Key: Counts]
        public let total: Counts

        /// Buckets in time order, then owners by id.
        public var keys: [Key] {
            cells.keys.sorted { ($0.bucketStart, $0.ownerId?.lowercaseString ?? "") < ($1.bucketStart, $1.ownerId?.lowercaseString ?? "") }
        }

        public var owners: [UUID?: Counts] {
            var owners: [UUID?: Counts] = [:]
            for (key, counts) in cells { owners[key.ownerId, default: Counts()].add(counts) }
            return owners
        }

        public var buckets: [LocalDate: Counts] {
            var buckets: [LocalDate: Counts] = [:]
            for (key, counts) in cells { buckets[key.bucketStart, default: Counts()].add(counts) }
            return buckets
        }
    }

    /// The measures a product filter narrows; the others are counted in full.
    public static let productMeasures = ["stageMoves"]

    /// What a `ProductPeriodFilter` holds (the product narrowing only the stage moves,
    /// `productMeasures`) and the buckets to count in.
    public struct Filter: Sendable, Hashable {
        public var period: ReportPeriod
        public var productId: UUID?
        public var bucket: Bucket

        public init(from: LocalDate, to: LocalDate, bucket: Bucket, ownerId: UUID? = nil, teamIds: [UUID]? = nil, productId: UUID? = nil) {
            self.init(ProductPeriodFilter(from: from, to: to, ownerId: ownerId, teamIds: teamIds, productId: productId), bucket: bucket)
        }

        public init(_ filter: ProductPeriodFilter, bucket: Bucket) {
            period = filter.period
            productId = filter.productId
            self.bucket = bucket
        }
    }

    let database: Database
    public init(database: Database) { self.database = database }

    public func run(principal: Principal, filter: Filter) async throws -> Result {
        try await database.withConnection { db in
            let codec = FieldCodec(dialect: database.dialect)
            var cells: [Key: Counts] = [:]
            func add(_ row: any SQLRow, _ change: (inout Counts, Int) throws -> Void) throws {
                let day = LocalDate(daysSince1970: try row.decode(column: "day", as: Int.self))
                let key = Key(ownerId: try codec.decodeID(row, "owner_id"), bucketStart: filter.bucket.start(of: day))
                try change(&cells[key, default: Counts()], try row.decode(column: "n", as: Int.self))
            }
            for row in try await db.raw(activitiesQuery(principal, filter)).all() {
                let type = try row.decode(column: "type", as: String.self)
                try add(row) { counts, n in
                    switch type {
                    case "call": counts.calls += n
                    case "meeting": counts.meetings += n
                    default: counts.tasks += n
                    }
                }
            }
            for row in try await db.raw(leadsQuery(principal, filter)).all() {
                let answered = try row.decode(column: "answered", as: Int?.self) ?? 0
                try add(row) { counts, n in
                    counts.newLeads += n
                    counts.leadsAnsweredInTime += answered
                }
            }
            for row in try await db.raw(movesQuery(principal, filter)).all() {
                try add(row) { counts, n in counts.stageMoves += n }
            }
            var total = Counts()
            for counts in cells.values { total.add(counts) }
            return Result(bucket: filter.bucket, cells: cells, total: total)
        }
    }

    public func plans(principal: Principal, filter: Filter) async throws -> [String] {
        try await database.withConnection { db in
            let reader = PlanReader(dialect: database.dialect)
            return try await reader.plan(of: activitiesQuery(principal, filter), on: db) + reader.plan(of: leadsQuery(principal, filter), on: db)
                + reader.plan(of: movesQuery(principal, filter), on: db)
        }
    }

    func activitiesQuery(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let d = database.dialect
        var sql: SQLQueryString = "SELECT activities.owner_id, activities.type, activities.done_at / 86400000 AS day, COUNT(*) AS n FROM activities WHERE "
        sql = sql + AccessScope(principal: principal, entity: .activity, dialect: d).condition(.read)
        sql = sql + " AND activities.done_at >= \(bind: filter.period.fromMilliseconds) AND activities.done_at < \(bind: filter.period.toMilliseconds)"
        sql = sql + " AND activities.done = \(bind: d.bind(true)) AND activities.type IN ('call', 'meeting', 'task')"
        if let owner = filter.period.ownerId { sql = sql + " AND activities.owner_id = \(bind: d.bind(owner))" }
        if let teams = filter.period.teamIds { sql = sql + " AND activities.team_id IN \(d.idList(teams))" }
        return sql + " GROUP BY activities.owner_id, activities.type, day"
    }

    func leadsQuery(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let d = database.dialect
        let statusChanged = d == .sqlite ? "json_extract(audit_log.changes, '$.status') IS NOT NULL" : "jsonb_exists(audit_log.changes, 'status')"
        var sql: SQLQueryString = """
            SELECT leads.owner_id, leads.received_at / 86400000 AS day, COUNT(*) AS n,
            SUM(CASE WHEN leads.response_due_at IS NOT NULL AND (
              EXISTS (SELECT 1 FROM activities WHERE activities.tenant_id = leads.tenant_id AND activities.related_id = leads.id
                      AND activities.deleted_at IS NULL AND activities.done = \(bind: d.bind(true)) AND activities.done_at <= leads.response_due_at)
              OR EXISTS (SELECT 1 FROM audit_log WHERE audit_log.tenant_id = leads.tenant_id AND audit_log.record_id = leads.id
                      AND audit_log.entity = 'lead' AND audit_log.action = 'update' AND audit_log.at <= leads.response_due_at AND \(unsafeRaw: statusChanged))
            ) THEN 1 ELSE 0 END) AS answered
            FROM leads WHERE 
            """
        sql = sql + AccessScope(principal: principal, entity: .lead, dialect: d).condition(.read)
        sql = sql + " AND leads.received_at >= \(bind: filter.period.fromMilliseconds) AND leads.received_at < \(bind: filter.period.toMilliseconds)"
        if let owner = filter.period.ownerId { sql = sql + " AND leads.owner_id = \(bind: d.bind(owner))" }
        if let teams = filter.period.teamIds { sql = sql + " AND leads.team_id IN \(d.idList(teams))" }
        return sql + " GROUP BY leads.owner_id, day"
    }

    func movesQuery(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let d = database.dialect, tenant = d.bind(principal.tenantId)
        var sql: SQLQueryString = """
            SELECT stage_history.changed_by AS owner_id, stage_history.changed_at / 86400000 AS day, COUNT(*) AS n
            FROM stage_history JOIN opportunities ON opportunities.id = stage_history.opportunity_id
            WHERE stage_history.tenant_id = \(bind: tenant) AND stage_history.changed_at >= \(bind: filter.period.fromMilliseconds)
            AND stage_history.changed_at < \(bind: filter.period.toMilliseconds) AND stage_history.from_stage_id IS NOT NULL
            AND stage_history.changed_by IS NOT NULL AND 
            """
        sql = sql + AccessScope(principal: principal, entity: .opportunity, dialect: d).condition(.read)
        if let owner = filter.period.ownerId { sql = sql + " AND stage_history.changed_by = \(bind: d.bind(owner))" }
        if let teams = filter.period.teamIds {
            sql = sql + " AND stage_history.changed_by IN (SELECT id FROM users WHERE tenant_id = \(bind: tenant) AND team_id IN \(d.idList(teams)))"
        }
        if let product = filter.productId { sql = sql + " AND " + DealProducts.carries(product, d, tenantId: principal.tenantId) }
        return sql + " GROUP BY stage_history.changed_by, day"
    }
}

private extension ReportPeriod {
    /// From the start of `from` to the end of `to` (UTC), as the stored instants count.
    var fromMilliseconds: Int64 { Int64(from.daysSince1970) * 86_400_000 }
    var toMilliseconds: Int64 { Int64(to.daysSince1970 + 1) * 86_400_000 }
}
