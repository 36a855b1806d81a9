import Foundation
import RapportDomain
import SQLKit

/// How deals of one pipeline move through its stages, from the stage history: of the deals that
/// reached a stage, the share that reached the next one, and the average days a deal stayed in
/// each stage before it moved on. A deal reaches a stage when it was ever there or further; a won
/// deal has passed every open stage; a lost deal reached only as far as it got. Deals are those
/// created in the period, read through the access scope.
public struct FunnelReport: Sendable {
    public struct Step: Sendable, Hashable {
        public let stageId: UUID
        public let reached: Int
        /// Percent of this stage's deals that reached the next one; nil for the last step or none reached.
        public let conversionToNext: Decimal?
        /// Average whole stays, in days with two decimals; nil when no deal has left the stage yet.
        public let averageDays: Decimal?
        public let completedStays: Int

        public var json: JSONValue {
            .object(JSONObject([
                "stageId": .string(stageId.lowercaseString), "reached": .int(reached),
                "conversionToNext": conversionToNext.map(JSONValue.decimal) ?? .null,
                "averageDays": averageDays.map(JSONValue.decimal) ?? .null, "completedStays": .int(completedStays),
            ]))
        }
    }

    /// Deals of a pipeline created from `from` (included) to `to` (excluded), optionally of one
    /// owner, of a team and its subtree, or carrying a product (`DealProducts`: a line on any of
    /// their quotes).
    public struct Filter: Sendable {
        public var pipelineId: UUID
        public var from: Date
        public var to: Date
        public var ownerId: UUID?
        public var teamIds: [UUID]?
        public var productId: UUID?

        public init(pipelineId: UUID, from: Date, to: Date, ownerId: UUID? = nil, teamIds: [UUID]? = nil, productId: UUID? = nil) {
            self.pipelineId = pipelineId
            self.from = from
            self.to = to
            self.ownerId = ownerId
            self.teamIds = teamIds
            self.productId = productId
        }
    }

    let database: Database
    public init(database: Database) { self.database = database }

    /// Open stages in order, then the won stage.
    public func run(principal: Principal, filter: Filter) async throws -> [Step] {
        try await database.withConnection { db in
            let d = database.dialect, codec = FieldCodec(dialect: d)
            let stages = try await db.raw("""
                SELECT id, position, kind FROM stages WHERE tenant_id = \(bind: d.bind(principal.tenantId)) AND pipeline_id = \(bind: d.bind(filter.pipelineId))
                ORDER BY position
                """).all().map { (id: try codec.decodeID($0, "id")!, position: try $0.decode(column: "position", as: Int.self),
                                  kind: try $0.decode(column: "kind", as: String.self)) }
            let steps = stages.filter { $0.kind != "lost" }
            var deepest: [Int: Int] = [:]
            for row in try await db.raw(reachQuery(principal, filter)).all() {
                deepest[try row.decode(column: "deepest", as: Int.self), default: 0] += try row.decode(column: "deals", as: Int.self)
            }
            var stays: [UUID: (milliseconds: Decimal, count: Int)] = [:]
            for row in try await db.raw(stayQuery(principal, filter)).all() {
                guard let stage = try codec.decodeID(row, "stage_id") else { continue }
                stays[stage] = (Decimal(try row.decode(column: "total_ms", as: Int64?.self) ?? 0), try row.decode(column: "stays", as: Int.self))
            }
            let reached = steps.map { step in deepest.filter { $0.key >= step.position }.values.reduce(0, +) }
            return steps.enumerated().map { index, step in
                let next = index + 1 < steps.count ? reached[index + 1] : nil
                let stay = stays[step.id]
                let days = stay.flatMap { $0.count == 0 ? nil : ($0.milliseconds / 86_400_000 / Decimal($0.count)).roundedHalfAwayFromZero(toPlaces: 2) }
                return Step(stageId: step.id, reached: reached[index],
                            conversionToNext: next.flatMap { reached[index] == 0 ? nil : (Decimal($0) * 100 / Decimal(reached[index])).roundedHalfAwayFromZero(toPlaces: 2) },
                            averageDays: days, completedStays: stay?.count ?? 0)
            }
        }
    }

    public func plans(principal: Principal, filter: Filter) async throws -> [String] {
        try await database.withConnection { db in
            let reader = PlanReader(dialect: database.dialect)
            return try await reader.plan(of: reachQuery(principal, filter), on: db) + reader.plan(of: stayQuery(principal, filter), on: db)
        }
    }

    private func deals(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let d = database.dialect
        var sql: SQLQueryString = "SELECT opportunities.id FROM opportunities WHERE "
        sql = sql + AccessScope(principal: principal, entity: .opportunity, dialect: d).condition(.read)
        sql = sql + " AND opportunities.pipeline_id = \(bind: d.bind(filter.pipelineId))"
        sql = sql + " AND opportunities.created_at >= \(bind: Timestamp.milliseconds(filter.from)) AND opportunities.created_at < \(bind: Timestamp.milliseconds(filter.to))"
        if let owner = filter.ownerId { sql = sql + " AND opportunities.owner_id = \(bind: d.bind(owner))" }
        if let teams = filter.teamIds { sql = sql + " AND opportunities.team_id IN \(d.idList(teams))" }
        if let product = filter.productId { sql = sql + " AND " + DealProducts.carries(product, d, tenantId: principal.tenantId) }
        return sql
    }

    /// How many deals got at most as deep as each position (lost stages left out).
    func reachQuery(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let tenant = database.dialect.bind(principal.tenantId)
        return "SELECT deepest, COUNT(*) AS deals FROM (SELECT MAX(stages.position) AS deepest FROM stage_history "
            + "JOIN stages ON stages.id = stage_history.to_stage_id AND stages.kind <> 'lost' "
            + "WHERE stage_history.tenant_id = \(bind: tenant) AND stage_history.opportunity_id IN (" + deals(principal, filter) + ") "
            + "GROUP BY stage_history.opportunity_id) AS reach GROUP BY deepest"
    }

    /// Per stage: the finished stays (entered, then left for another stage) and their total length.
    func stayQuery(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let tenant = database.dialect.bind(principal.tenantId)
        return "SELECT stage_id, COUNT(left_at) AS stays, CAST(SUM(left_at - changed_at) AS BIGINT) AS total_ms FROM ("
            + "SELECT stage_history.to_stage_id AS stage_id, stage_history.changed_at, "
            + "LEAD(stage_history.changed_at) OVER (PARTITION BY stage_history.opportunity_id ORDER BY stage_history.seq) AS left_at "
            + "FROM stage_history WHERE stage_history.tenant_id = \(bind: tenant) AND stage_history.opportunity_id IN (" + deals(principal, filter) + ")"
            + ") AS moves GROUP BY stage_id"
    }
}
