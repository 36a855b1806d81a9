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

    @Test("The report query uses an index on both databases")
    func usesIndex() async throws {
        let fixture = try await TenantFixture.make("report-plan")
        let plan = try await PipelineReport(database: fixture.database).plan(principal: fixture.admin)
        #expect(PlanReader.fullScans(in: plan, dialect: fixture.database.dialect).isEmpty, "\(plan)")
        #expect(plan.joined(separator: " ").contains("rx_opportunities"), "\(plan)")
        if fixture.database.dialect == .sqlite {
            // Groups stream out of the index in order; a temporary sort would read every open deal twice.
            #expect(!plan.joined(separator: " ").contains("TEMP B-TREE"), "\(plan)")
        }
        // One owner's pipeline (Home) reads the owner-led index.
        let mine = try await PipelineReport(database: fixture.database).plan(principal: fixture.manager, ownerId: fixture.manager.userId)
        #expect(PlanReader.fullScans(in: mine, dialect: fixture.database.dialect).isEmpty, "\(mine)")
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
        let plan = try await report.plan(principal: fixture.admin, from: start)
        #expect(PlanReader.fullScans(in: plan, dialect: fixture.database.dialect).isEmpty, "\(plan)")
        #expect(try await report.run(principal: fixture.admin, from: start, ownerId: fixture.rep2.userId).map(\.month) == ["2026-10"])
        let ownerPlan = try await report.plan(principal: fixture.rep, from: start, ownerId: fixture.rep.userId)
        #expect(PlanReader.fullScans(in: ownerPlan, dialect: fixture.database.dialect).isEmpty, "\(ownerPlan)")
    }
}
