import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// The product filter of plan vs actual and the activity report, on the deals of
/// `ProductFilterReportTests.World`: it narrows the measures about deals (won amount, stage
/// moves) by the deal reports' rule, and leaves those without a product whole.
@Suite("Product filter on plan vs actual and activity")
struct ProductFilterPerformanceTests {
    typealias World = ProductFilterReportTests.World

    static var today: LocalDate { LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)) }

    /// Every measure but the one the product narrows.
    static func withoutMoves(_ counts: ActivityReport.Counts?) -> ActivityReport.Counts {
        var counts = counts ?? ActivityReport.Counts()
        counts.stageMoves = 0
        return counts
    }

    @Test("Plan vs actual: with a product the won amount is that of the won deals carrying it; new accounts and completed activities stay whole")
    func planVersusActual() async throws {
        // setup: this month's quotas for rep (North), rep2 (South) and Head office, above both.
        let world = try await World.make()
        let fixture = world.fixture
        let month = LocalDate(year: Self.today.year, month: Self.today.month, day: 1)!
        _ = try await fixture.create("account", #"{"name": "New customer"}"#, as: fixture.rep)
        _ = try await fixture.create("activity", #"{"type": "call", "subject": "Hello", "done": true}"#, as: fixture.rep)
        _ = try await fixture.create("activity", #"{"type": "task", "subject": "Follow up", "done": true}"#, as: fixture.rep2)
        try await QuotaStore(database: fixture.database).set([
            PerformanceReportTests.quota(.user(fixture.rep.userId), "month", month.description, won: 8000, accounts: 2, activities: 4),
            PerformanceReportTests.quota(.user(fixture.rep2.userId), "month", month.description, won: 10000, accounts: 1, activities: 2),
            PerformanceReportTests.quota(.team(fixture.teams.head), "month", month.description, won: 20000, accounts: 3, activities: 6),
        ], principal: fixture.admin)
        let report = PlanVersusActualReport(database: fixture.database)
        func run(_ product: UUID?, as principal: Principal? = nil) async throws -> [Quota.Target: PlanVersusActualReport.Row] {
            let rows = try await report.run(principal: principal ?? fixture.admin, filter: .init(from: month, to: Self.today, productId: product)).rows
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.quota.target, $0) })
        }
        /// Independent: the amounts of the won deals (all USD, the base currency) of the quota's owner or teams.
        func won(_ target: Quota.Target, _ product: UUID?) -> Decimal {
            world.deals.filter { deal in
                guard deal.record["status"] == .text("won"), product.map(deal.carries.contains) ?? true,
                      let closed = deal.record["closedAt"].timestampValue, PerformanceReportTests.day(closed) >= month else { return false }
                switch target {
                case .user(let user): return deal.record["ownerId"] == .id(user)
                case .team: return true  // Head office: North and South, every deal's team.
                }
            }.reduce(0) { $0 + ($1.record["amount"].moneyValue?.amount ?? 0) }
        }

        // MUT
        let all = try await run(nil), laptop = try await run(world.laptop), support = try await run(world.support)
        let repLaptop = try await run(world.laptop, as: fixture.rep)

        // validate
        #expect(all.count == 3 && laptop.count == 3 && support.count == 3)
        for (target, row) in all {
            for (result, product) in [(all, nil), (laptop, world.laptop), (support, world.support)] as [([Quota.Target: PlanVersusActualReport.Row], UUID?)] {
                let filtered = try #require(result[target])
                #expect(filtered.wonAmount == .init(target: row.quota.wonAmount, actual: won(target, product)), "\(target) \(String(describing: product))")
                #expect(filtered.newAccounts == row.newAccounts && filtered.completedActivities == row.completedActivities, "\(target)")
            }
        }
        // rep: the laptop twin (3000) of 8000; rep2: "Both, won" (7000) under either product; Head office: both.
        #expect(laptop[.user(fixture.rep.userId)]?.wonAmount.actual == 3000 && laptop[.user(fixture.rep.userId)]?.wonAmount.attainment == Decimal(string: "37.5"))
        #expect(all[.user(fixture.rep.userId)]?.wonAmount.actual == 6000)
        #expect(support[.user(fixture.rep2.userId)]?.wonAmount.actual == 7000)
        #expect(laptop[.team(fixture.teams.head)]?.wonAmount.actual == 10000 && all[.team(fixture.teams.head)]?.wonAmount.actual == 13000)
        #expect(laptop[.user(fixture.rep.userId)]?.newAccounts.actual == 1 && laptop[.team(fixture.teams.head)]?.completedActivities.actual == 2)
        #expect(Set(repLaptop.keys) == [.user(fixture.rep.userId)] && repLaptop[.user(fixture.rep.userId)] == laptop[.user(fixture.rep.userId)])
    }

    @Test("Activity: with a product only moves of deals carrying it count; calls, tasks and leads stay whole")
    func activity() async throws {
        // setup: the world's moves (each won or lost deal moved once, by its owner), a call and a lead.
        let world = try await World.make()
        let fixture = world.fixture
        _ = try await fixture.create("activity", #"{"type": "call", "subject": "Hello", "done": true}"#, as: fixture.rep)
        _ = try await fixture.create("lead", #"{"name": "Walk-in", "receivedAt": "\#(Timestamp.format(Date()))"}"#, as: fixture.rep2)
        let report = ActivityReport(database: fixture.database)
        let (from, to) = (LocalDate(daysSince1970: Self.today.daysSince1970 - 1), Self.today)
        func run(_ product: UUID?, as principal: Principal? = nil) async throws -> ActivityReport.Result {
            try await report.run(principal: principal ?? fixture.admin, filter: .init(from: from, to: to, bucket: .month, productId: product))
        }
        /// Independent: each deal's moves after its first stage, by its owner, who made them.
        func moves(_ product: UUID?) -> [UUID?: Int] {
            var moves: [UUID?: Int] = [:]
            for deal in world.deals where (product.map(deal.carries.contains) ?? true) && deal.path.count > 1 {
                moves[deal.record["ownerId"].idValue, default: 0] += deal.path.count - 1
            }
            return moves
        }

        // MUT
        let all = try await run(nil), laptop = try await run(world.laptop), support = try await run(world.support)
        let repSupport = try await run(world.support, as: fixture.rep)

        // validate
        for (result, product) in [(all, nil), (laptop, world.laptop), (support, world.support)] as [(ActivityReport.Result, UUID?)] {
            #expect(result.owners.mapValues(\.stageMoves).filter { $0.value > 0 } == moves(product), "\(String(describing: product))")
            for owner in Set(all.owners.keys).union(result.owners.keys) {
                #expect(Self.withoutMoves(result.owners[owner]) == Self.withoutMoves(all.owners[owner]), "\(String(describing: owner))")
            }
        }
        #expect(laptop.owners[fixture.rep.userId]?.stageMoves == 1 && laptop.owners[fixture.rep2.userId]?.stageMoves == 2)
        #expect(all.total.stageMoves == 5 && laptop.total.stageMoves == 3 && support.total.stageMoves == 3)
        #expect(laptop.total.calls == 1 && laptop.total.newLeads == 1)
        #expect(repSupport.owners[fixture.rep.userId] == support.owners[fixture.rep.userId], "a rep sees their own moves of the product's deals")
    }
}
