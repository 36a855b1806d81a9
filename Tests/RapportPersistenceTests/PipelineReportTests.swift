import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

@Suite("Pipeline report")
struct PipelineReportTests {
    @Test("Sums open opportunities by stage, owner and currency exactly, within the caller's scope")
    func sums() async throws {
        // setup
        let fixture = try await TenantFixture.make("report")
        let stages = try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id)
        let open = stages.filter { $0.kind == "open" }
        let won = try #require(stages.first { $0.kind == "won" })
        var expected: [String: (count: Int, amount: Decimal)] = [:]
        let amounts = ["1200.50", "99.99", "100000.00", "0.01", "7.10"]
        for (index, amount) in amounts.enumerated() {
            let stage = open[index % 2]
            let owner = index % 2 == 0 ? fixture.rep : fixture.rep2
            try await fixture.create("opportunity", #"{"name": "Deal \#(index)", "stageId": "\#(stage.id)", "ownerId": "\#(owner.userId)", "amount": {"amount": "\#(amount)", "currency": "EUR"}}"#, as: fixture.admin)
            let key = "\(stage.id)|\(owner.userId)"
            expected[key, default: (0, 0)].count += 1
            expected[key, default: (0, 0)].amount += Decimal(string: amount)!
        }
        try await fixture.create("opportunity", #"{"name": "Won deal", "stageId": "\#(won.id)", "amount": {"amount": "5", "currency": "EUR"}}"#, as: fixture.rep)
        let report = PipelineReport(database: fixture.database)
        // MUT
        let rows = try await report.run(principal: fixture.admin)
        let repRows = try await report.run(principal: fixture.rep)
        // validate
        var actual: [String: (count: Int, amount: Decimal)] = [:]
        for row in rows { actual["\(row.stageId)|\(row.ownerId!)"] = (row.count, row.amount) }
        #expect(actual.count == expected.count)
        for (key, value) in expected {
            #expect(actual[key]?.count == value.count)
            #expect(actual[key]?.amount == value.amount)
        }
        #expect(repRows.allSatisfy { $0.ownerId == fixture.rep.userId })
        #expect(repRows.map(\.count).reduce(0, +) == 3)
        #expect(rows.allSatisfy { $0.currency == "EUR" })
    }

    @Test("The report's queries use an index on both databases")
    func usesIndex() async throws {
        let fixture = try await TenantFixture.make("report-plan")
        let report = PipelineReport(database: fixture.database)
        // The whole tenant, and a manager's teams, are read from the kept totals.
        let admin = try await report.plan(principal: fixture.admin)
        #expect(PlanReader.fullScans(in: admin, dialect: fixture.database.dialect).isEmpty, "\(admin)")
        #expect(admin.joined(separator: " ").contains("deal_totals"), "\(admin)")
        let manager = try await report.plan(principal: fixture.manager)
        #expect(PlanReader.fullScans(in: manager, dialect: fixture.database.dialect).isEmpty, "\(manager)")
        #expect(manager.joined(separator: " ").contains("deal_totals"), "\(manager)")
        // A rep's own deals come from the totals too; only deals shared with them are summed from the rows.
        let rep = try await report.plan(principal: fixture.rep)
        #expect(PlanReader.fullScans(in: rep, dialect: fixture.database.dialect).isEmpty, "\(rep)")
        #expect(rep.joined(separator: " ").contains("deal_totals"), "\(rep)")
        // One owner's pipeline (Home) reads the kept totals too, and the partner's deals their own index.
        let mine = try await report.plan(principal: fixture.manager, ownerId: fixture.manager.userId)
        #expect(PlanReader.fullScans(in: mine, dialect: fixture.database.dialect).isEmpty, "\(mine)")
        #expect(mine.joined(separator: " ").contains("deal_totals"), "\(mine)")
        let partner = try await report.plan(principal: fixture.partner)
        #expect(PlanReader.fullScans(in: partner, dialect: fixture.database.dialect).isEmpty, "\(partner)")
    }
}

@Suite("Won by month report")
struct WonByMonthReportTests {
    @Test("Won deals are summed by close month and currency within the user's scope, from an index")
    func sums() async throws {
        let fixture = try await TenantFixture.make("won-month")
        let won = try await fixture.stage(named: "Won"), open = try await fixture.stage(named: "Proposal")
        for (name, date, amount, owner) in [("A", "2026-09-10", "100.00", fixture.rep), ("B", "2026-09-30", "50.50", fixture.rep),
                                            ("C", "2026-10-01", "70.00", fixture.rep2), ("D", "2026-03-01", "999.00", fixture.rep)] {
            try await fixture.create("opportunity", #"{"name": "\#(name)", "stageId": "\#(won.lowercaseString)", "expectedCloseDate": "\#(date)", "amount": {"amount": "\#(amount)", "currency": "EUR"}}"#, as: owner)
        }
        try await fixture.create("opportunity", #"{"name": "Open", "stageId": "\#(open.lowercaseString)", "expectedCloseDate": "2026-09-15", "amount": {"amount": "5.00", "currency": "EUR"}}"#, as: fixture.rep)
        let report = WonByMonthReport(database: fixture.database)
        let start = try #require(LocalDate(iso: "2026-06-01"))
        let admin = try await report.run(principal: fixture.admin, from: start)
        #expect(admin.map(\.month) == ["2026-09", "2026-10"])
        #expect(admin.first?.amount == Decimal(string: "150.5"))
        #expect(admin.first?.count == 2)
        let rep = try await report.run(principal: fixture.rep, from: start)
        #expect(rep.map(\.month) == ["2026-09"])
        // A manager: their teams' wins and, outside their teams, a dealer's win shared with them.
        let dealer = try await fixture.create("opportunity", #"{"name": "E", "stageId": "\#(won.lowercaseString)", "ownerId": "\#(fixture.partner.userId)", "expectedCloseDate": "2026-10-05", "amount": {"amount": "30.00", "currency": "EUR"}}"#, as: fixture.admin)
        let entity = try #require(try await fixture.store.entity(named: "opportunity", tenantId: fixture.tenant.id))
        try await fixture.store.share(entity, id: dealer.id, with: .init(userId: fixture.manager.userId, canEdit: false), principal: fixture.admin)
        let manager = try await report.run(principal: fixture.manager, from: start)
        #expect(manager.map(\.month) == ["2026-09", "2026-10"])
        #expect(manager.last?.count == 2 && manager.last?.amount == Decimal(string: "100"))
        let managerPlan = try await report.plan(principal: fixture.manager, from: start)
        #expect(PlanReader.fullScans(in: managerPlan, dialect: fixture.database.dialect).isEmpty, "\(managerPlan)")
        let plan = try await report.plan(principal: fixture.admin, from: start)
        #expect(PlanReader.fullScans(in: plan, dialect: fixture.database.dialect).isEmpty, "\(plan)")
        #expect(try await report.run(principal: fixture.admin, from: start, ownerId: fixture.rep2.userId).map(\.month) == ["2026-10"])
        let ownerPlan = try await report.plan(principal: fixture.rep, from: start, ownerId: fixture.rep.userId)
        #expect(PlanReader.fullScans(in: ownerPlan, dialect: fixture.database.dialect).isEmpty, "\(ownerPlan)")
    }
}

@Suite("Deal totals")
struct DealTotalsTests {
    @Test("Totals kept per team agree with the deals themselves after creates, moves, reassignment, deletes and restores, for every role")
    func followWrites() async throws {
        // setup: deals in every team, one outside all teams shared with the manager, one without an amount
        let fixture = try await TenantFixture.make("totals")
        let entity = try #require(try await fixture.store.entity(named: "opportunity", tenantId: fixture.tenant.id))
        let prospecting = try await fixture.stage(), proposal = try await fixture.stage(named: "Proposal"), won = try await fixture.stage(named: "Won")
        func deal(_ name: String, _ owner: Principal, _ amount: String?) async throws -> Record {
            let money = amount.map { #", "amount": {"amount": "\#($0)", "currency": "EUR"}"# } ?? ""
            return try await fixture.create("opportunity", #"{"name": "\#(name)", "stageId": "\#(prospecting)", "ownerId": "\#(owner.userId)"\#(money)}"#, as: fixture.admin)
        }
        func change(_ record: Record, _ json: String) async throws {
            let input = try RecordDecoder.decode(try JSONParser.parse(json), entity: entity, mode: .patch).get()
            _ = try await fixture.store.update(entity, id: record.id, input: input, principal: fixture.admin, expectedVersion: nil)
        }
        let north = try await deal("North", fixture.rep, "1200.50")
        let south = try await deal("South", fixture.rep2, "99.99")
        let head = try await deal("Head", fixture.manager, "7.10")
        let toWin = try await deal("To win", fixture.rep, "500.00")
        let toDelete = try await deal("To delete", fixture.rep2, "40.00")
        let toRestore = try await deal("To restore", fixture.rep, "0.01")
        _ = try await deal("No amount", fixture.rep2, nil)
        let dealer = try await deal("Dealer's", fixture.partner, "300.00")
        try await fixture.store.share(entity, id: dealer.id, with: .init(userId: fixture.manager.userId, canEdit: false), principal: fixture.admin)

        // MUT
        try await change(north, #"{"stageId": "\#(proposal)"}"#)
        try await change(south, #"{"ownerId": "\#(fixture.rep.userId)", "amount": {"amount": "150.00", "currency": "EUR"}}"#)
        try await change(head, #"{"amount": {"amount": "8.00", "currency": "USD"}}"#)
        try await change(toWin, #"{"stageId": "\#(won)", "expectedCloseDate": "2026-03-15"}"#)
        try await change(toWin, #"{"expectedCloseDate": "2026-04-02"}"#)
        try await change(dealer, #"{"stageId": "\#(won)", "expectedCloseDate": "2026-04-20"}"#)
        try await fixture.store.delete(entity, id: toDelete.id, principal: fixture.admin, expectedVersion: nil)
        try await fixture.store.delete(entity, id: toRestore.id, principal: fixture.admin, expectedVersion: nil)
        _ = try await fixture.store.restore(entity, id: toRestore.id, principal: fixture.admin)

        // validate: the report equals the open deals each role can list, summed here
        let report = PipelineReport(database: fixture.database)
        for (name, principal) in fixture.all {
            let open = ListRequest(entity, where: [("status", .eq, [.text("open")])], limit: 500)
            var expected: [String: (count: Int, amount: Decimal)] = [:]
            for record in try await fixture.store.list(entity, request: open, principal: principal).records {
                let money = record["amount"].moneyValue
                let key = "\(record["stageId"].idValue!)|\(record["ownerId"].idValue?.uuidString ?? "-")|\(money?.currency.code ?? "-")"
                expected[key, default: (0, 0)].count += 1
                expected[key, default: (0, 0)].amount += money?.amount ?? 0
            }
            var actual: [String: (count: Int, amount: Decimal)] = [:]
            for row in try await report.run(principal: principal) {
                actual["\(row.stageId)|\(row.ownerId?.uuidString ?? "-")|\(row.currency ?? "-")"] = (row.count, row.amount)
            }
            #expect(actual.keys.sorted() == expected.keys.sorted(), "\(name)")
            for (key, value) in expected {
                #expect(actual[key]?.count == value.count && actual[key]?.amount == value.amount, "\(name) \(key)")
            }
            // One owner's share of what the role sees (Home's own pipeline), for every owner.
            for (_, owner) in fixture.all {
                let mine = expected.filter { $0.key.contains("|\(owner.userId.uuidString)|") }
                var ownRows: [String: Int] = [:]
                for row in try await report.run(principal: principal, ownerId: owner.userId) {
                    ownRows["\(row.stageId)|\(row.ownerId?.uuidString ?? "-")|\(row.currency ?? "-")"] = row.count
                }
                #expect(ownRows == mine.mapValues(\.count), "\(name) seeing \(owner.userId)'s deals")
            }
        }
        let managerDeals = try await report.run(principal: fixture.manager).map(\.count).reduce(0, +)
        #expect(managerDeals == 5, "the manager's teams' five open deals (the dealer's shared deal was won)")
        // Won by month, from the kept totals, agrees with the won deals each role lists.
        let wonReport = WonByMonthReport(database: fixture.database)
        let since = try #require(LocalDate(iso: "2026-01-01"))
        for (name, principal) in fixture.all {
            let wonDeals = ListRequest(entity, where: [("status", .eq, [.text("won")])], limit: 500)
            var expected: [String: Decimal] = [:]
            for record in try await fixture.store.list(entity, request: wonDeals, principal: principal).records {
                guard let date = record["expectedCloseDate"].dateValue, let money = record["amount"].moneyValue else { continue }
                expected["\(date.description.prefix(7))|\(money.currency.code)", default: 0] += money.amount
            }
            let actual = try await wonReport.run(principal: principal, from: since)
            #expect(Dictionary(uniqueKeysWithValues: actual.map { ("\($0.month)|\($0.currency ?? "-")", $0.amount) }) == expected, "\(name)")
        }
    }
}
