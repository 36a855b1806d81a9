import Foundation
import RapportDomain
@testable import RapportPersistence
import RapportTestSupport
import SQLKit
import Testing

/// The forecast reads whole tenants, teams and one owner's deals from `forecast_totals`; these
/// check the kept rows against the deals after every kind of write.
@Suite("Forecast totals")
struct ForecastTotalsTests {
    struct Setup {
        let fixture: TenantFixture
        let entity: EntityDefinition
        let period = (from: LocalDate(iso: "2026-02-01")!, to: LocalDate(iso: "2026-03-31")!)

        func deal(_ name: String, _ owner: Principal, _ amount: String?, _ currency: String = "USD", close: String,
                  stage: String = "Prospecting", category: String = "pipeline") async throws -> Record {
            let money = amount.map { #", "amount": {"amount": "\#($0)", "currency": "\#(currency)"}"# } ?? ""
            let stageId = try await fixture.stage(named: stage)
            return try await fixture.create("opportunity", #"""
                {"name": "\#(name)", "stageId": "\#(stageId)", "ownerId": "\#(owner.userId)", "expectedCloseDate": "\#(close)",
                 "forecastCategory": "\#(category)"\#(money)}
                """#, as: fixture.admin)
        }

        func change(_ record: Record, _ json: String, as principal: Principal? = nil) async throws {
            let input = try RecordDecoder.decode(try JSONParser.parse(json), entity: entity, mode: .patch).get()
            _ = try await fixture.store.update(entity, id: record.id, input: input, principal: principal ?? fixture.admin, expectedVersion: nil)
        }
    }

    /// Deals in every team, one shared with the manager from outside the teams, one without an
    /// amount, one in euros, then moved, re-categorised, reassigned, re-dated, won, deleted and restored.
    static func written() async throws -> Setup {
        let fixture = try await TenantFixture.make("fctotals")
        let entity = try #require(try await fixture.store.entity(named: "opportunity", tenantId: fixture.tenant.id))
        let setup = Setup(fixture: fixture, entity: entity)
        _ = try await ExchangeRateStore(database: fixture.database).upsert([.init(currency: "EUR", date: "2026-01-01", rate: Decimal(string: "1.5")!)],
                                                                           tenantId: fixture.tenant.id, by: fixture.admin.userId)
        let north = try await setup.deal("North", fixture.rep, "1200.50", close: "2026-02-10")
        let south = try await setup.deal("South", fixture.rep2, "99.99", close: "2026-03-01", category: "bestCase")
        let head = try await setup.deal("Head", fixture.manager, "7.10", "EUR", close: "2026-02-20", category: "commit")
        let toWin = try await setup.deal("To win", fixture.rep, "500.00", close: "2026-02-15")
        let toDelete = try await setup.deal("To delete", fixture.rep2, "40.00", close: "2026-02-05")
        let toRestore = try await setup.deal("To restore", fixture.rep, "0.01", close: "2026-02-25")
        _ = try await setup.deal("No amount", fixture.rep2, nil, close: "2026-02-11")
        let later = try await setup.deal("Later", fixture.rep, "50.00", close: "2026-05-01")
        let dealer = try await setup.deal("Dealer's", fixture.partner, "300.00", close: "2026-02-12")
        try await fixture.store.share(entity, id: dealer.id, with: .init(userId: fixture.manager.userId, canEdit: false), principal: fixture.admin)

        try await setup.change(north, #"{"stageId": "\#(try await fixture.stage(named: "Proposal"))", "probability": 35}"#)
        try await setup.change(south, #"{"ownerId": "\#(fixture.rep.userId)", "amount": {"amount": "150.00", "currency": "USD"}}"#)
        try await setup.change(head, #"{"managerForecastCategory": "bestCase"}"#, as: fixture.manager)
        try await setup.change(toWin, #"{"stageId": "\#(try await fixture.stage(named: "Won"))"}"#)
        try await setup.change(toWin, #"{"expectedCloseDate": "2026-03-20"}"#)
        try await setup.change(later, #"{"expectedCloseDate": "2026-03-31", "probability": 80}"#)
        try await setup.change(dealer, #"{"stageId": "\#(try await fixture.stage(named: "Won"))"}"#)
        try await fixture.store.delete(entity, id: toDelete.id, principal: fixture.admin, expectedVersion: nil)
        try await fixture.store.delete(entity, id: toRestore.id, principal: fixture.admin, expectedVersion: nil)
        _ = try await fixture.store.restore(entity, id: toRestore.id, principal: fixture.admin)
        return setup
    }

    @Test("The forecast from kept totals equals the one computed from the deals each role lists, whole and narrowed to an owner or a team")
    func followsWrites() async throws {
        // setup
        let setup = try await Self.written()
        let fixture = setup.fixture
        let rates = try await ExchangeRateStore(database: fixture.database).exchangeRates(tenantId: fixture.tenant.id)
        let report = ForecastReport(database: fixture.database)
        for (name, principal) in fixture.all {
            let listed = try await fixture.store.list(setup.entity, request: ListRequest(setup.entity, where: [], limit: 500), principal: principal).records
            let expected = ForecastExpectation.perOwner(listed, rates: rates, from: setup.period.from, to: setup.period.to)
            // MUT
            let result = try await report.run(principal: principal, filter: .init(from: setup.period.from, to: setup.period.to))
            let mine = try await report.run(principal: principal, filter: .init(from: setup.period.from, to: setup.period.to, ownerId: fixture.rep.userId))
            let north = try await report.run(principal: principal, filter: .init(from: setup.period.from, to: setup.period.to, teamIds: [fixture.teams.north]))
            // validate
            #expect(result.owners.filter { $0.value != ForecastReport.Figures() } == expected, "\(name)")
            var whole = ForecastReport.Figures()
            for figures in expected.values { whole.add(figures) }
            #expect(result.total == whole, "\(name)")
            #expect(mine.total == (expected[fixture.rep.userId] ?? ForecastReport.Figures()), "\(name) narrowed to the rep")
            let northDeals = listed.filter { $0["teamId"].idValue == fixture.teams.north }
            var northWhole = ForecastReport.Figures()
            for figures in ForecastExpectation.perOwner(northDeals, rates: rates, from: setup.period.from, to: setup.period.to).values { northWhole.add(figures) }
            #expect(north.total == northWhole, "\(name) narrowed to North")
            #expect(result.missingRates.isEmpty)
        }
        let admin = try await report.run(principal: fixture.admin, filter: .init(from: setup.period.from, to: setup.period.to))
        #expect(admin.total.openDeals == 6 && admin.total.wonDeals == 2, "North, South, Head, To restore, No amount, Later open; To win and Dealer's won")
        #expect(admin.total.bestCase == Decimal(string: "160.65"), "South 150 + Head 7.10 EUR at 1.5 overridden to best case")
    }

    @Test("The kept rows equal a recount of the deals in SQL (the backfill's query)")
    func keptRowsEqualRecount() async throws {
        // setup
        let setup = try await Self.written()
        let fixture = setup.fixture
        let tenant = fixture.tenant.id
        for table in KeptTotals.tables {
            // MUT
            let (kept, recounted) = try await fixture.database.withConnection { db in
                let columns = table.keys.map(\.column) + table.measures.map(\.column)
                func rows(_ sql: SQLQueryString) async throws -> Set<[String]> {
                    Set(try await db.raw(sql).all().map { row in
                        try table.keys.map { try row.decode(column: $0.column, as: String.self) }
                            + table.measures.map { String(try row.decode(column: $0.column, as: Int64.self)) }
                    }.filter { $0[table.keys.count] != "0" })
                }
                let stored = try await rows(SQLQueryString("SELECT \(columns.joined(separator: ", ")) FROM \(table.name) WHERE tenant_id = ")
                                            + "\(bind: tenant.lowercaseString)")
                return (stored, try await rows(table.recount(fixture.database.dialect, tenantId: tenant)))
            }
            // validate
            #expect(!kept.isEmpty, "\(table.name)")
            #expect(kept == recounted, "\(table.name)")
        }
    }
}
