import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import SQLKit
import Testing

/// The funnel's kept values (`FunnelHistory`): written with each move, and the same when rebuilt
/// from the history by the migration's backfill.
@Suite("Funnel history")
struct FunnelHistoryTests {
    struct Row: Equatable, CustomStringConvertible {
        let stage: String
        let previous: String?
        let latest: Bool
        var description: String { "\(previous ?? "-")→\(stage)\(latest ? " (latest)" : "")" }
    }

    static func move(_ deal: UUID, to stage: UUID, _ fixture: TenantFixture) async throws {
        let patch = try RecordDecoder.decode(.object(JSONObject(["stageId": .string(stage.uuidString), "lostReason": .string("x")])),
                                             entity: .opportunity, mode: .patch).get()
        _ = try await fixture.store.update(.opportunity, id: deal, input: patch, principal: fixture.rep, expectedVersion: nil)
    }

    static func bound(_ id: UUID, _ database: RapportPersistence.Database) -> any Encodable & Sendable {
        database.dialect == .sqlite ? id.lowercaseString : id
    }

    /// A deal's history rows in order and its kept deepest stage and left stays, ids as lowercase text.
    static func kept(_ deal: UUID, _ database: RapportPersistence.Database) async throws -> (rows: [Row], deepest: String?, completed: Int) {
        try await database.withConnection { db in
            let rows = try await db.raw("""
                SELECT CAST(to_stage_id AS TEXT) AS stage, CAST(previous_stage_id AS TEXT) AS previous, CASE WHEN latest THEN 1 ELSE 0 END AS latest
                FROM stage_history WHERE opportunity_id = \(bind: bound(deal, database)) ORDER BY seq
                """).all().map { Row(stage: try $0.decode(column: "stage", as: String.self), previous: try $0.decode(column: "previous", as: String?.self),
                                     latest: try $0.decode(column: "latest", as: Int.self) == 1) }
            let deal = try #require(try await db.raw("""
                SELECT CAST(funnel_deepest_stage_id AS TEXT) AS deepest, funnel_completed_stays AS completed FROM opportunities WHERE id = \(bind: bound(deal, database))
                """).first())
            return (rows, try deal.decode(column: "deepest", as: String?.self), try deal.decode(column: "completed", as: Int.self))
        }
    }

    @Test("A move leaves the deal's previous row, names its stage on the new one and keeps the deepest stage, back moves and Lost included")
    func movesKeepValues() async throws {
        // setup
        let fixture = try await TenantFixture.make("funnel-kept")
        var stage: [String: UUID] = [:]
        for name in ["Prospecting", "Qualification", "Proposal", "Lost"] { stage[name] = try await fixture.stage(named: name) }
        func text(_ name: String) -> String { stage[name]!.lowercaseString }
        let deal = try await fixture.create("opportunity", #"{"name": "Back and forth", "stageId": "\#(stage["Prospecting"]!)"}"#, as: fixture.rep)
        let lostAtOnce = try await fixture.create("opportunity", #"{"name": "Lost at once", "stageId": "\#(stage["Lost"]!)", "lostReason": "x"}"#, as: fixture.rep)
        let created = try await Self.kept(deal.id, fixture.database)

        // MUT
        for name in ["Proposal", "Qualification", "Lost"] { try await Self.move(deal.id, to: stage[name]!, fixture) }

        // validate
        #expect(created.rows == [Row(stage: text("Prospecting"), previous: nil, latest: true)])
        #expect(created.deepest == text("Prospecting") && created.completed == 0)
        let moved = try await Self.kept(deal.id, fixture.database)
        #expect(moved.rows == [
            Row(stage: text("Prospecting"), previous: nil, latest: false),
            Row(stage: text("Proposal"), previous: text("Prospecting"), latest: false),
            Row(stage: text("Qualification"), previous: text("Proposal"), latest: false),
            Row(stage: text("Lost"), previous: text("Qualification"), latest: true),
        ])
        // Back to Qualification and then Lost: the deal still reached Proposal.
        #expect(moved.deepest == text("Proposal"), "\(moved)")
        #expect(moved.completed == 3)
        let lost = try await Self.kept(lostAtOnce.id, fixture.database)
        #expect(lost.rows == [Row(stage: text("Lost"), previous: nil, latest: true)])
        #expect(lost.deepest == nil && lost.completed == 0)
    }

    @Test("The backfill gives the same kept values and figures as the live path, and both equal the stage history read move by move")
    func backfillMatchesLivePath() async throws {
        // setup
        let fixture = try await TenantFixture.make("funnel-backfill")
        let database = fixture.database
        let names = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Won", "Lost"]
        var stage: [String: UUID] = [:]
        for name in names { stage[name] = try await fixture.stage(named: name) }
        let paths: [[String]] = [
            ["Prospecting", "Qualification", "Proposal", "Won"],
            ["Prospecting", "Proposal", "Qualification", "Lost"],
            ["Qualification", "Prospecting", "Qualification", "Negotiation"],
            ["Prospecting"],
            ["Lost"],
            ["Negotiation", "Lost", "Negotiation", "Won"],
        ]
        var deals: [UUID] = []
        for (index, path) in paths.enumerated() {
            let deal = try await fixture.create("opportunity", #"{"name": "Deal \#(index)", "stageId": "\#(stage[path[0]]!)", "lostReason": "x"}"#, as: fixture.rep)
            for next in path.dropFirst() { try await Self.move(deal.id, to: stage[next]!, fixture) }
            deals.append(deal.id)
        }
        // Move i of deal d happens (d + 1) · i · 7 hours after the start, so stays differ in length.
        try await database.withConnection { [deals] db in
            for (index, deal) in deals.enumerated() {
                let rows = try await db.raw("SELECT seq FROM stage_history WHERE opportunity_id = \(bind: Self.bound(deal, database)) ORDER BY seq").all()
                for (step, row) in rows.enumerated() {
                    let at = Int64(1_767_225_600_000) + Int64(step * (index + 1) * 7) * 3_600_000
                    try await db.raw("UPDATE stage_history SET changed_at = \(bind: at) WHERE seq = \(bind: try row.decode(column: "seq", as: Int64.self))").run()
                }
            }
        }
        let pipeline = try #require(try await fixture.store.get(.opportunity, id: deals[0], principal: fixture.rep)["pipelineId"].idValue)
        let filter = FunnelReport.Filter(pipelineId: pipeline, from: Date(timeIntervalSince1970: 0), to: Date().addingTimeInterval(60))
        let live = try await FunnelReport(database: database).run(principal: fixture.admin, filter: filter)
        var liveKept: [[String]] = []
        for deal in deals { liveKept.append(["\(try await Self.kept(deal, database))"]) }
        try await database.withConnection { db in
            try await db.raw("UPDATE stage_history SET previous_stage_id = NULL, latest = \(bind: database.dialect == .sqlite ? 0 as any Encodable & Sendable : false) WHERE tenant_id = \(bind: Self.bound(fixture.tenant.id, database))").run()
            try await db.raw("UPDATE opportunities SET funnel_deepest_stage_id = NULL, funnel_completed_stays = 0 WHERE tenant_id = \(bind: Self.bound(fixture.tenant.id, database))").run()
        }

        // MUT
        try await FunnelHistory(database: database).rebuild(tenantId: fixture.tenant.id)

        // validate
        let rebuilt = try await FunnelReport(database: database).run(principal: fixture.admin, filter: filter)
        var rebuiltKept: [[String]] = []
        for deal in deals { rebuiltKept.append(["\(try await Self.kept(deal, database))"]) }
        #expect(rebuiltKept == liveKept)
        #expect(rebuilt == live)
        // Independent: reach by the deepest open or won stage on the path; a stay ends at the next move.
        let order = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Won"]
        let deepest = paths.map { path in path.compactMap { order.firstIndex(of: $0) }.max() }
        #expect(live.map(\.stageId) == order.map { stage[$0]! })
        #expect(live.map(\.reached) == order.indices.map { step in deepest.filter { ($0 ?? -1) >= step }.count })
        var stays: [String: [Int]] = [:]
        for (index, path) in paths.enumerated() { for name in path.dropLast() { stays[name, default: []].append((index + 1) * 7) } }
        for (position, name) in order.enumerated() {
            let hours = stays[name] ?? []
            let expected = hours.isEmpty ? nil : (Decimal(hours.reduce(0, +)) / 24 / Decimal(hours.count)).roundedHalfAwayFromZero(toPlaces: 2)
            #expect(live[position].averageDays == expected, "\(name)")
            #expect(live[position].completedStays == hours.count, "\(name)")
        }
        // Running the migration again changes nothing.
        try await SchemaMigrator(database: database).migrate()
        #expect(try await FunnelReport(database: database).run(principal: fixture.admin, filter: filter) == live)
    }
}
