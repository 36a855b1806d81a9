import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import SQLKit
import Testing

/// The forecast and win/loss reports against figures computed here, independently, from the
/// deals read back one by one: base currency USD, some deals in EUR at dated rates.
@Suite("Forecast and win/loss reports")
struct SalesReportTests {
    struct Deal {
        let owner: Principal
        let stage: String
        let amount: String
        let currency: String
        let close: String
        var category: String?
        var managerCategory: String?
        var lostReason: String?
        var competitors: [String] = []
    }

    /// A tenant whose deals spread over owners, teams, stages, currencies and months.
    struct World {
        let fixture: TenantFixture
        let deals: [Record]
        let rates: ExchangeRates

        static func make() async throws -> World {
            let fixture = try await TenantFixture.make("reports")
            _ = try await ExchangeRateStore(database: fixture.database).upsert([
                .init(currency: "EUR", date: "2026-01-01", rate: Decimal(string: "1.1")!),
                .init(currency: "EUR", date: "2026-03-01", rate: Decimal(string: "1.2")!),
            ], tenantId: fixture.tenant.id, by: fixture.admin.userId)
            let (rep, rep2, manager) = (fixture.rep, fixture.rep2, fixture.manager)
            let plan: [Deal] = [
                Deal(owner: rep, stage: "Prospecting", amount: "1000", currency: "USD", close: "2026-02-10"),
                Deal(owner: rep, stage: "Negotiation", amount: "2500.50", currency: "USD", close: "2026-02-20", category: "commit"),
                Deal(owner: rep, stage: "Proposal", amount: "3000", currency: "EUR", close: "2026-02-15", category: "bestCase"),
                Deal(owner: rep, stage: "Proposal", amount: "800", currency: "EUR", close: "2026-03-15", category: "pipeline", managerCategory: "commit"),
                Deal(owner: rep, stage: "Won", amount: "5000", currency: "USD", close: "2026-02-01", competitors: ["Acme"]),
                Deal(owner: rep, stage: "Lost", amount: "700", currency: "USD", close: "2026-02-03", lostReason: "Price", competitors: ["Acme", "Globex"]),
                Deal(owner: rep2, stage: "Qualification", amount: "1200", currency: "USD", close: "2026-03-05", category: "commit"),
                Deal(owner: rep2, stage: "Won", amount: "900", currency: "EUR", close: "2026-03-02", competitors: ["Globex"]),
                Deal(owner: rep2, stage: "Lost", amount: "400", currency: "USD", close: "2026-03-20", lostReason: "Timing"),
                Deal(owner: rep2, stage: "Lost", amount: "650", currency: "EUR", close: "2026-01-20", lostReason: "Price"),
                Deal(owner: manager, stage: "Won", amount: "10000", currency: "USD", close: "2026-04-10"),
                Deal(owner: manager, stage: "Negotiation", amount: "4000", currency: "USD", close: "2026-05-01", category: "commit"),
            ]
            var deals: [Record] = []
            for deal in plan {
                let stage = try await fixture.stage(named: deal.stage)
                var json = JSONObject(["name": .string("\(deal.stage) \(deal.amount)"), "stageId": .string(stage.uuidString),
                                       "amount": .object(JSONObject(["amount": .string(deal.amount), "currency": .string(deal.currency)])),
                                       "expectedCloseDate": .string(deal.close), "competitors": .array(deal.competitors.map(JSONValue.string))])
                if let category = deal.category { json["forecastCategory"] = .string(category) }
                if let reason = deal.lostReason { json["lostReason"] = .string(reason) }
                var record = try await fixture.create("opportunity", JSONWriter.string(.object(json)), as: deal.owner)
                if let override = deal.managerCategory {
                    let patch = try RecordDecoder.decode(.object(JSONObject(["managerForecastCategory": .string(override)])), entity: .opportunity, mode: .patch).get()
                    record = try await fixture.store.update(.opportunity, id: record.id, input: patch, principal: manager, expectedVersion: nil)
                }
                deals.append(record)
            }
            let rates = try await ExchangeRateStore(database: fixture.database).exchangeRates(tenantId: fixture.tenant.id)
            return World(fixture: fixture, deals: deals, rates: rates)
        }

        /// A deal's amount in USD at the rate of `day`.
        func usd(_ deal: Record, on day: LocalDate) throws -> Decimal {
            let money = try #require(deal["amount"].moneyValue)
            return try rates.inBaseCurrency(money, on: day).amount
        }
    }

    @Test("A rep may not set the manager's category; a won deal is forecast as closed and gets its closing time")
    func categoryRules() async throws {
        let world = try await World.make()
        let fixture = world.fixture
        let deal = world.deals[0]
        let patch = try RecordDecoder.decode(.object(JSONObject(["managerForecastCategory": .string("commit")])), entity: .opportunity, mode: .patch).get()
        await #expect(throws: StoreError.self) {
            _ = try await fixture.store.update(.opportunity, id: deal.id, input: patch, principal: fixture.rep, expectedVersion: nil)
        }
        let won = world.deals[4]
        #expect(won["forecastCategory"] == .text("closed"))
        #expect(won["closedAt"].timestampValue != nil)
        #expect(world.deals[0]["closedAt"] == .null && world.deals[0]["forecastCategory"] == .text("pipeline"))
    }

    @Test("Forecast figures per owner, per team with its subtree, and in total equal the independent computation")
    func forecast() async throws {
        let world = try await World.make()
        let fixture = world.fixture
        let (from, to) = (LocalDate(iso: "2026-02-01")!, LocalDate(iso: "2026-03-31")!)
        let result = try await ForecastReport(database: fixture.database).run(principal: fixture.admin, filter: .init(from: from, to: to))

        // Independent: every deal read back, filtered and summed here.
        var stored: [Record] = []
        for deal in world.deals { stored.append(try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.admin)) }
        let expected = ForecastExpectation.perOwner(stored, rates: world.rates, from: from, to: to)
        #expect(result.base.code == "USD")
        #expect(result.owners[fixture.rep.userId] == expected[fixture.rep.userId])
        #expect(result.owners[fixture.rep2.userId] == expected[fixture.rep2.userId])
        #expect(result.owners[fixture.manager.userId] == nil, "the manager's deals close outside the period")
        // rep: 3000 EUR on 2026-02-15 at 1.1 = 3300 best case; 800 EUR overridden to commit at 1.2 = 960.
        #expect(expected[fixture.rep.userId]?.bestCase == 3300 && expected[fixture.rep.userId]?.commit == Decimal(string: "3460.5"))
        var whole = ForecastReport.Figures()
        for figures in expected.values { whole.add(figures) }
        #expect(result.total == whole)
        #expect(result.teams[fixture.teams.head] == whole, "head office rolls up North and South")
        #expect(result.teams[fixture.teams.north] == expected[fixture.rep.userId])
        #expect(result.missingRates.isEmpty)

        let asRep = try await ForecastReport(database: fixture.database).run(principal: fixture.rep, filter: .init(from: from, to: to))
        #expect(asRep.total == expected[fixture.rep.userId], "a rep's forecast is their own deals")
    }

    @Test("Win rate, won amounts and average won deal by owner, lost reason and competitor equal the independent computation")
    func winLoss() async throws {
        let world = try await World.make()
        let fixture = world.fixture
        let from = Date(timeIntervalSince1970: 0), to = Date().addingTimeInterval(86_400)
        let report = WinLossReport(database: fixture.database)
        var closed: [Record] = []
        for deal in world.deals {
            let stored = try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.admin)
            if ["won", "lost"].contains(stored["status"].textValue ?? "") { closed.append(stored) }
        }
        func expected(_ key: (Record) -> [String?]) throws -> [String?: WinLossReport.Row] {
            var rows: [String?: WinLossReport.Row] = [:]
            for deal in closed {
                for value in key(deal) {
                    var row = rows[value] ?? WinLossReport.Row(key: value)
                    if deal["status"] == .text("won") {
                        row.won += 1
                        let day = LocalDate(daysSince1970: Int(deal["closedAt"].timestampValue!.timeIntervalSince1970 / 86_400))
                        row.wonAmount += try world.usd(deal, on: day)
                    } else {
                        row.lost += 1
                    }
                    rows[value] = row
                }
            }
            return rows
        }
        let byOwner = try await report.run(principal: fixture.admin, dimension: .owner, filter: .init(from: from, to: to))
        let ownerKey: (Record) -> [String?] = { [$0["ownerId"].idValue?.lowercaseString] }
        #expect(Dictionary(uniqueKeysWithValues: byOwner.rows.map { ($0.key, $0) }) == (try expected(ownerKey)))
        let repRow = try #require(byOwner.rows.first { $0.key == fixture.rep.userId.lowercaseString })
        #expect(repRow.won == 1 && repRow.lost == 1 && repRow.winRate == 50 && repRow.averageWon(byOwner.base) == 5000)

        let byReason = try await report.run(principal: fixture.admin, dimension: .lostReason, filter: .init(from: from, to: to))
        #expect(Dictionary(uniqueKeysWithValues: byReason.rows.map { ($0.key, $0) }) == (try expected { [$0["lostReason"].textValue] }))
        #expect(byReason.rows.first { $0.key == "Price" }?.lost == 2)

        let byRival = try await report.run(principal: fixture.admin, dimension: .competitor, filter: .init(from: from, to: to))
        let rivals: (Record) -> [String?] = { deal in
            let names = deal["competitors"].listValue ?? []
            return names.isEmpty ? [nil] : names.map { Optional($0) }
        }
        #expect(Dictionary(uniqueKeysWithValues: byRival.rows.map { ($0.key, $0) }) == (try expected(rivals)))
        let acme = try #require(byRival.rows.first { $0.key == "Acme" })
        #expect(acme.won == 1 && acme.lost == 1)

        let total = byOwner.total
        #expect(total.won == 3 && total.lost == 3 && total.winRate == 50)
        // 5000 + 900 EUR at 1.2 (2026-03-02) + 10000 = 16080 USD over 3 deals.
        #expect(total.wonAmount == 16080 && total.averageWon(byOwner.base) == 5360)
    }
}

@Suite("Funnel report")
struct FunnelReportTests {
    @Test("Conversion between consecutive stages and average days per stage equal the independent computation from the history")
    func funnel() async throws {
        let fixture = try await TenantFixture.make("funnel")
        let names = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Won", "Lost"]
        var stage: [String: UUID] = [:]
        for name in names { stage[name] = try await fixture.stage(named: name) }
        // Paths of six deals; each move is one day after the previous one, set below.
        let paths: [[String]] = [
            ["Prospecting", "Qualification", "Proposal", "Won"],
            ["Prospecting", "Qualification", "Lost"],
            ["Prospecting", "Lost"],
            ["Prospecting", "Qualification", "Proposal", "Negotiation"],
            ["Prospecting"],
            ["Qualification", "Negotiation", "Won"],
        ]
        var deals: [UUID] = []
        for (index, path) in paths.enumerated() {
            let deal = try await fixture.create("opportunity", #"{"name": "Deal \#(index)", "stageId": "\#(stage[path[0]]!)"}"#, as: fixture.rep)
            for next in path.dropFirst() {
                let patch = try RecordDecoder.decode(.object(JSONObject(["stageId": .string(stage[next]!.uuidString), "lostReason": .string("x")])),
                                                     entity: .opportunity, mode: .patch).get()
                _ = try await fixture.store.update(.opportunity, id: deal.id, input: patch, principal: fixture.rep, expectedVersion: nil)
            }
            deals.append(deal.id)
        }
        // Stays: deal i spends (i + 1) days in each stage, so averages are known exactly.
        try await fixture.database.withConnection { [deals] db in
            for (index, deal) in deals.enumerated() {
                let rows = try await db.raw("SELECT seq FROM stage_history WHERE opportunity_id = \(bind: fixture.database.dialect == .sqlite ? deal.lowercaseString as any Encodable & Sendable : deal) ORDER BY seq").all()
                for (step, row) in rows.enumerated() {
                    let seq = try row.decode(column: "seq", as: Int64.self)
                    let at = Int64(1_767_225_600_000) + Int64(step * (index + 1)) * 86_400_000
                    try await db.raw("UPDATE stage_history SET changed_at = \(bind: at) WHERE seq = \(bind: seq)").run()
                }
            }
        }
        let pipeline = try #require(try await fixture.store.get(.opportunity, id: deals[0], principal: fixture.rep)["pipelineId"].idValue)
        let steps = try await FunnelReport(database: fixture.database).run(
            principal: fixture.admin, filter: .init(pipelineId: pipeline, from: Date(timeIntervalSince1970: 0), to: Date().addingTimeInterval(60)))

        // Independent: reached = deals whose path holds the stage or a later one (Won beyond all; Lost not counted).
        let order = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Won"]
        let reached = order.map { name in
            paths.filter { path in path.contains { order.firstIndex(of: $0).map { $0 >= order.firstIndex(of: name)! } ?? false } }.count
        }
        #expect(steps.map(\.stageId) == order.map { stage[$0]! })
        #expect(steps.map(\.reached) == reached)
        #expect(reached == [6, 4, 3, 3, 2])
        #expect(steps[0].conversionToNext == Decimal(string: "66.67") && steps[2].conversionToNext == 100 && steps[4].conversionToNext == nil)
        // Prospecting stays: deals 0–3 left it after 1, 2, 3, 4 days (deal 4 never left) → 2.5 days.
        var stays: [String: [Int]] = [:]
        for (index, path) in paths.enumerated() { for name in path.dropLast() { stays[name, default: []].append(index + 1) } }
        for (position, name) in order.enumerated() {
            let days = stays[name] ?? []
            let expected = days.isEmpty ? nil : (Decimal(days.reduce(0, +)) / Decimal(days.count)).roundedHalfAwayFromZero(toPlaces: 2)
            #expect(steps[position].averageDays == expected, "\(name)")
            #expect(steps[position].completedStays == days.count, "\(name)")
        }
        #expect(steps[0].averageDays == Decimal(string: "2.5"))
    }
}
