import Foundation
import RapportDomain
import SQLKit

/// How deals of one pipeline move through its stages, from the stage history: of the deals that
/// reached a stage, the share that reached the next one, and the average days a deal stayed in
/// each stage before it moved on. A deal reaches a stage when it was ever there or further; a won
/// deal has passed every open stage; a lost deal reached only as far as it got. "Further" is by the
/// stage order at the time of each move: after an administrator reorders stages, a deal keeps the
/// deepest stage it had reached (`FunnelHistory`). Deals are those created in the period, read
/// through the access scope.
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
            let stages = try await stages(principal.tenantId, on: db)
            let position = Dictionary(stages.map { ($0.id, $0.position) }, uniquingKeysWith: { first, _ in first })
            let steps = stages.filter { $0.pipelineId == filter.pipelineId && $0.kind != "lost" }
            var deepest: [Int: Int] = [:]
            for row in try await db.raw(reachQuery(principal, filter, keptStages: stages.filter { $0.kind != "lost" }.map(\.id))).all() {
                guard let stage = try codec.decodeID(row, "deepest_id"), let at = position[stage] else { continue }
                deepest[at, default: 0] += try row.decode(column: "deals", as: Int.self)
            }
            // A left stay in S counts once and takes away its start; the row after it (previous S) adds its end.
            var stays: [UUID: (milliseconds: Int64, count: Int)] = [:]
            for row in try await db.raw(stayQuery(principal, filter)).all() {
                let (rows, milliseconds) = (try row.decode(column: "moves", as: Int.self), try row.decode(column: "ms", as: Int64.self))
                if try row.decode(column: "latest", as: Int.self) == 0, let stage = try codec.decodeID(row, "stage_id") {
                    stays[stage, default: (0, 0)].count += rows
                    stays[stage, default: (0, 0)].milliseconds -= milliseconds
                }
                if let previous = try codec.decodeID(row, "previous_id") { stays[previous, default: (0, 0)].milliseconds += milliseconds }
            }
            let reached = steps.map { step in deepest.filter { $0.key >= step.position }.values.reduce(0, +) }
            return steps.enumerated().map { index, step in
                let next = index + 1 < steps.count ? reached[index + 1] : nil
                let stay = stays[step.id]
                let days = stay.flatMap { $0.count == 0 ? nil : (Decimal($0.milliseconds) / 86_400_000 / Decimal($0.count)).roundedHalfAwayFromZero(toPlaces: 2) }
                return Step(stageId: step.id, reached: reached[index],
                            conversionToNext: next.flatMap { reached[index] == 0 ? nil : (Decimal($0) * 100 / Decimal(reached[index])).roundedHalfAwayFromZero(toPlaces: 2) },
                            averageDays: days, completedStays: stay?.count ?? 0)
            }
        }
    }

    public func plans(principal: Principal, filter: Filter) async throws -> [String] {
        try await database.withConnection { db in
            let reader = PlanReader(dialect: database.dialect)
            let kept = try await stages(principal.tenantId, on: db).filter { $0.kind != "lost" }.map(\.id)
            return try await reader.plan(of: reachQuery(principal, filter, keptStages: kept), on: db) + reader.plan(of: stayQuery(principal, filter), on: db)
        }
    }

    /// Every stage of the tenant: a deal's kept deepest stage may be of another pipeline.
    private func stages(_ tenantId: UUID, on db: any SQLDatabase) async throws -> [(id: UUID, pipelineId: UUID, position: Int, kind: String)] {
        let codec = FieldCodec(dialect: database.dialect)
        return try await db.raw("""
            SELECT id, pipeline_id, position, kind FROM stages WHERE tenant_id = \(bind: database.dialect.bind(tenantId)) ORDER BY position
            """).all().map { (id: try codec.decodeID($0, "id")!, pipelineId: try codec.decodeID($0, "pipeline_id")!,
                              position: try $0.decode(column: "position", as: Int.self), kind: try $0.decode(column: "kind", as: String.self)) }
    }

    /// The deals of the report, as a condition on `opportunities`.
    private func deals(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        let d = database.dialect
        var sql = AccessScope(principal: principal, entity: .opportunity, dialect: d).condition(.read)
        sql = sql + " AND opportunities.pipeline_id = \(bind: d.bind(filter.pipelineId))"
        sql = sql + " AND opportunities.created_at >= \(bind: Timestamp.milliseconds(filter.from)) AND opportunities.created_at < \(bind: Timestamp.milliseconds(filter.to))"
        if let owner = filter.ownerId { sql = sql + " AND opportunities.owner_id = \(bind: d.bind(owner))" }
        if let teams = filter.teamIds { sql = sql + " AND opportunities.team_id IN \(d.idList(teams))" }
        if let product = filter.productId { sql = sql + " AND " + DealProducts.carries(product, d, tenantId: principal.tenantId) }
        return sql
    }

    /// How many deals got at most as deep as each kept stage (`FunnelHistory`), read from
    /// `rx_opportunities_funnel_depth` alone, one range per stage that can be kept (not lost).
    func reachQuery(_ principal: Principal, _ filter: Filter, keptStages: [UUID]) -> SQLQueryString {
        // No stage, no deal reached one: an empty list is not valid SQL on PostgreSQL.
        let stages = keptStages.isEmpty ? [UUID()] : keptStages
        return "SELECT opportunities.funnel_deepest_stage_id AS deepest_id, COUNT(*) AS deals FROM opportunities WHERE "
            + deals(principal, filter) + " AND opportunities.funnel_deepest_stage_id IN \(database.dialect.idList(stages))"
            + " GROUP BY opportunities.funnel_deepest_stage_id"
    }

    /// The history rows of the deals that left a stay, grouped by stage, stage before and whether
    /// the row is the deal's latest; `ms` sums `changed_at` from the period's start, so that the
    /// sums stay far from overflowing.
    func stayQuery(_ principal: Principal, _ filter: Filter) -> SQLQueryString {
        "SELECT stage_history.to_stage_id AS stage_id, stage_history.previous_stage_id AS previous_id, "
            + "CASE WHEN stage_history.latest THEN 1 ELSE 0 END AS latest, COUNT(*) AS moves, "
            + "CAST(SUM(stage_history.changed_at - \(bind: Timestamp.milliseconds(filter.from))) AS BIGINT) AS ms "
            + "FROM opportunities JOIN stage_history ON stage_history.tenant_id = opportunities.tenant_id AND stage_history.opportunity_id = opportunities.id WHERE "
            + deals(principal, filter) + " AND opportunities.funnel_completed_stays > 0 "
            + "GROUP BY stage_history.to_stage_id, stage_history.previous_stage_id, stage_history.latest"
    }
}
