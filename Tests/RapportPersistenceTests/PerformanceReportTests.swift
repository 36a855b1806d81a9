import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import SQLKit
import Testing

/// Plan vs actual and the salesperson activity report against figures computed here from the
/// records read back one by one; dates in 2026, base currency USD, some deals in EUR.
@Suite("Quotas, plan vs actual and activity reports", .serialized)
struct PerformanceReportTests {
    static func instant(_ text: String) -> Date { Timestamp.parse(text)! }
    static func day(_ instant: Date) -> LocalDate { LocalDate(daysSince1970: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))) }

    /// Sets a column the API keeps to itself (when a deal closed, when an account was made).
    static func backdate(_ fixture: TenantFixture, _ table: String, _ column: String, id: UUID, to instant: Date) async throws {
        let bound: any Encodable & Sendable = fixture.database.dialect == .sqlite ? id.lowercaseString : id
        try await fixture.database.withConnection { db in
            try await db.raw("UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = \(bind: Int64(instant.timeIntervalSince1970 * 1000)) WHERE id = \(bind: bound)").run()
        }
    }

    static func quota(_ target: Quota.Target, _ kind: String, _ start: String, won: Decimal, accounts: Int, activities: Int) -> QuotaStore.Input {
        var input = QuotaStore.Input(userId: nil, teamId: nil, periodKind: kind, periodStart: start, wonAmount: won, newAccounts: accounts, completedActivities: activities)
        switch target {
        case .user(let id): input.userId = id
        case .team(let id): input.teamId = id
        }
        return input
    }

    @Test("Only admins and managers set quotas; bad periods, amounts and targets are field errors; a second save replaces and is audited")
    func quotaRules() async throws {
        // setup
        let fixture = try await TenantFixture.make("quotas")
        let store = QuotaStore(database: fixture.database)
        let good = Self.quota(.user(fixture.rep.userId), "month", "2026-02-01", won: 1000, accounts: 1, activities: 2)
        // MUT + validate
        await #expect(throws: StoreError.self) { try await store.set([good], principal: fixture.rep) }
        do {
            try await store.set([Self.quota(.user(fixture.rep.userId), "quarter", "2026-02-01", won: Decimal(string: "1.001")!, accounts: -1, activities: 0),
                                 Self.quota(.team(UUID()), "week", "2026-02-01", won: 0, accounts: 0, activities: 0)], principal: fixture.admin)
            Issue.record("accepted bad quotas")
        } catch StoreError.validation(let errors) {
            #expect(Set(errors.map(\.field)) == ["quotas[0].periodStart", "quotas[0].wonAmount", "quotas[0].newAccounts", "quotas[1].teamId", "quotas[1].periodKind"])
        }
        let first = try await store.set([good], principal: fixture.manager)
        var changed = good
        changed.wonAmount = 2500
        let second = try await store.set([changed], principal: fixture.admin)
        #expect(second.first?.id == first.first?.id && second.first?.wonAmount == 2500)
        let listed = try await store.list(principal: fixture.admin, filter: .init(from: LocalDate(iso: "2026-01-01")!, to: LocalDate(iso: "2026-12-31")!))
        #expect(listed.count == 1 && listed.first?.wonAmount == 2500 && listed.first?.periodEnd == LocalDate(iso: "2026-03-01"))
        let trail = try await AuditLog(database: fixture.database).entries(recordId: try #require(first.first?.id), tenantId: fixture.tenant.id)
        #expect(trail.map(\.action) == ["update", "create"] && trail.first?.entity == "quota")
    }

    @Test("Plan vs actual per user and per team (with the teams below) equals the independent computation; a rep sees only their own quotas")
    func planVersusActual() async throws {
        // setup
        let fixture = try await TenantFixture.make("plan")
        _ = try await ExchangeRateStore(database: fixture.database).upsert([
            .init(currency: "EUR", date: "2026-01-01", rate: Decimal(string: "1.1")!),
            .init(currency: "EUR", date: "2026-03-01", rate: Decimal(string: "1.2")!),
        ], tenantId: fixture.tenant.id, by: fixture.admin.userId)
        let (rep, rep2, manager) = (fixture.rep, fixture.rep2, fixture.manager)
        let won = try await fixture.stage(named: "Won"), lost = try await fixture.stage(named: "Lost")
        let deals: [(Principal, UUID, String, String, String)] = [
            (rep, won, "5000", "USD", "2026-02-10T09:00:00Z"), (rep, won, "3000", "EUR", "2026-02-15T23:59:59Z"),
            (rep, won, "1000", "USD", "2026-03-05T00:00:00Z"), (rep2, won, "900", "EUR", "2026-03-02T12:00:00Z"),
            (rep2, lost, "700", "USD", "2026-02-12T12:00:00Z"), (manager, won, "10000", "USD", "2026-04-10T12:00:00Z"),
            (rep, won, "400", "USD", "2026-01-31T23:59:59Z"),
        ]
        var dealIds: [UUID] = []
        for (owner, stage, amount, currency, closed) in deals {
            let deal = try await fixture.create("opportunity", #"{"name": "Deal", "stageId": "\#(stage)", "amount": {"amount": "\#(amount)", "currency": "\#(currency)"}, "lostReason": "x"}"#, as: owner)
            try await Self.backdate(fixture, "opportunities", "closed_at", id: deal.id, to: Self.instant(closed))
            dealIds.append(deal.id)
        }
        var accountIds: [UUID] = []
        for (owner, created) in [(rep, "2026-02-01T00:00:00Z"), (rep, "2026-02-28T23:00:00Z"), (rep2, "2026-01-15T00:00:00Z"), (manager, "2026-03-31T10:00:00Z"), (rep, "2026-03-01T00:00:00Z")] {
            let account = try await fixture.create("account", #"{"name": "Acme"}"#, as: owner)
            try await Self.backdate(fixture, "accounts", "created_at", id: account.id, to: Self.instant(created))
            accountIds.append(account.id)
        }
        var activityIds: [UUID] = []
        for (owner, type, done) in [(rep, "call", "2026-02-03T10:00:00Z"), (rep, "note", "2026-02-04T10:00:00Z"), (rep, "task", nil), (rep2, "meeting", "2026-03-10T10:00:00Z"),
                                    (rep2, "email", "2026-01-10T10:00:00Z"), (manager, "task", "2026-02-20T10:00:00Z")] as [(Principal, String, String?)] {
            let json = done.map { #"{"type": "\#(type)", "subject": "S", "done": true, "doneAt": "\#($0)"}"# } ?? #"{"type": "\#(type)", "subject": "S"}"#
            activityIds.append(try await fixture.create("activity", json, as: owner).id)
        }
        let quotas = QuotaStore(database: fixture.database)
        try await quotas.set([
            Self.quota(.user(rep.userId), "month", "2026-02-01", won: 10000, accounts: 4, activities: 0),
            Self.quota(.user(rep.userId), "quarter", "2026-01-01", won: 20000, accounts: 3, activities: 5),
            Self.quota(.user(rep2.userId), "quarter", "2026-01-01", won: 5000, accounts: 1, activities: 2),
            Self.quota(.team(fixture.teams.north), "month", "2026-02-01", won: 8000, accounts: 2, activities: 1),
            Self.quota(.team(fixture.teams.head), "quarter", "2026-01-01", won: 30000, accounts: 6, activities: 4),
            Self.quota(.user(manager.userId), "month", "2026-04-01", won: 1, accounts: 1, activities: 1),
        ], principal: fixture.admin)
        let rates = try await ExchangeRateStore(database: fixture.database).exchangeRates(tenantId: fixture.tenant.id)
        let filter = PlanVersusActualReport.Filter(from: LocalDate(iso: "2026-01-01")!, to: LocalDate(iso: "2026-03-31")!)

        // MUT
        let result = try await PlanVersusActualReport(database: fixture.database).run(principal: fixture.admin, filter: filter)

        // validate: every figure from the records read back.
        let subtrees: [UUID: Set<UUID>] = [fixture.teams.head: [fixture.teams.head, fixture.teams.north, fixture.teams.south], fixture.teams.north: [fixture.teams.north]]
        func counts(_ quota: Quota, _ record: Record, at instant: Date?) -> Bool {
            guard let instant else { return false }
            let day = Self.day(instant)
            guard day >= quota.periodStart && day < quota.periodEnd else { return false }
            if let user = quota.userId { return record["ownerId"].idValue == user }
            return record["teamId"].idValue.map { subtrees[quota.teamId!]!.contains($0) } ?? false
        }
        #expect(result.rows.count == 5, "the April quota starts outside the period")
        for row in result.rows {
            let quota = row.quota
            var wonAmount: Decimal = 0, accounts = 0, activities = 0
            for id in dealIds {
                let deal = try await fixture.store.get(.opportunity, id: id, principal: fixture.admin)
                guard deal["status"] == .text("won"), counts(quota, deal, at: deal["closedAt"].timestampValue) else { continue }
                wonAmount += try rates.inBaseCurrency(try #require(deal["amount"].moneyValue), on: Self.day(deal["closedAt"].timestampValue!)).amount
            }
            for id in accountIds where counts(quota, try await fixture.store.get(.account, id: id, principal: fixture.admin),
                                                at: try await fixture.store.get(.account, id: id, principal: fixture.admin)["createdAt"].timestampValue) {
                accounts += 1
            }
            for id in activityIds {
                let activity = try await fixture.store.get(.activity, id: id, principal: fixture.admin)
                if activity["done"] == .bool(true), counts(quota, activity, at: activity["doneAt"].timestampValue) { activities += 1 }
            }
            #expect(row.wonAmount == .init(target: quota.wonAmount, actual: wonAmount), "\(quota.target) \(quota.periodStart)")
            #expect(row.newAccounts == .init(target: Decimal(quota.newAccounts), actual: Decimal(accounts)), "\(quota.target) \(quota.periodStart)")
            #expect(row.completedActivities == .init(target: Decimal(quota.completedActivities), actual: Decimal(activities)), "\(quota.target) \(quota.periodStart)")
        }
        // rep in February: 5000 + 3000 EUR at 1.1 = 8300 of 10000; two accounts of four.
        let repFebruary = try #require(result.rows.first { $0.quota.userId == rep.userId && $0.quota.periodKind == .month })
        #expect(repFebruary.wonAmount.actual == 8300 && repFebruary.wonAmount.attainment == 83 && repFebruary.newAccounts.attainment == 50)
        #expect(repFebruary.completedActivities.attainment == nil, "no target set")
        // Head office's quarter rolls up North and South: 400 + 8300 + 1000 + 900 × 1.2 = 10780, and five done activities of any type.
        let head = try #require(result.rows.first { $0.quota.teamId == fixture.teams.head })
        #expect(head.wonAmount.actual == 10780 && head.completedActivities.actual == 5)

        let asRep = try await PlanVersusActualReport(database: fixture.database).run(principal: rep, filter: filter)
        #expect(Set(asRep.rows.map(\.quota.target)) == [.user(rep.userId)], "a rep sees only their own quotas")
        #expect(asRep.rows.first { $0.quota.periodKind == .month }?.wonAmount.actual == 8300)
        let asPartner = try await PlanVersusActualReport(database: fixture.database).run(principal: fixture.partner, filter: filter)
        #expect(asPartner.rows.isEmpty)
    }

    @Test("Activity counts per owner and day, ISO week and month equal the independent computation, across a week boundary",
          arguments: ActivityReport.Bucket.allCases)
    func activity(bucket: ActivityReport.Bucket) async throws {
        // setup
        let fixture = try await TenantFixture.make("activity")
        let (rep, rep2, manager) = (fixture.rep, fixture.rep2, fixture.manager)
        // 2026-02-01 is a Sunday: its week starts on 26 January, the next day's on 2 February.
        var activityIds: [UUID] = []
        for (owner, type, done) in [(rep, "call", "2026-02-01T23:30:00Z"), (rep, "call", "2026-02-02T00:10:00Z"), (rep, "meeting", "2026-02-02T09:00:00Z"),
                                    (rep, "task", "2026-02-28T09:00:00Z"), (rep, "note", "2026-02-02T09:00:00Z"), (rep, "email", "2026-02-02T09:00:00Z"),
                                    (rep2, "task", "2026-03-01T00:00:00Z"), (rep2, "call", "2026-01-31T12:00:00Z")] {
            activityIds.append(try await fixture.create("activity", #"{"type": "\#(type)", "subject": "S", "done": true, "doneAt": "\#(done)"}"#, as: owner).id)
        }
        activityIds.append(try await fixture.create("activity", #"{"type": "call", "subject": "open", "dueAt": "2026-02-03T09:00:00Z"}"#, as: rep).id)
        // Leads: answered by a linked activity in time, by a status change before a far deadline, too late, and not at all.
        let answeredByCall = try await fixture.create("lead", #"{"name": "A", "receivedAt": "2026-02-03T08:00:00Z", "responseDueAt": "2026-02-05T08:00:00Z"}"#, as: rep)
        activityIds.append(try await fixture.create("activity", #"{"type": "call", "subject": "reply", "done": true, "doneAt": "2026-02-04T08:00:00Z", "relatedType": "lead", "relatedId": "\#(answeredByCall.id)"}"#, as: rep).id)
        let answeredByStatus = try await fixture.create("lead", #"{"name": "B", "receivedAt": "2026-02-09T08:00:00Z", "responseDueAt": "2099-01-01T00:00:00Z"}"#, as: rep)
        let patch = try RecordDecoder.decode(.object(JSONObject(["status": .string("working")])), entity: .lead, mode: .patch).get()
        _ = try await fixture.store.update(.lead, id: answeredByStatus.id, input: patch, principal: rep, expectedVersion: nil)
        let late = try await fixture.create("lead", #"{"name": "C", "receivedAt": "2026-02-03T08:00:00Z", "responseDueAt": "2026-02-04T08:00:00Z"}"#, as: rep2)
        activityIds.append(try await fixture.create("activity", #"{"type": "meeting", "subject": "late", "done": true, "doneAt": "2026-02-05T08:00:00Z", "relatedType": "lead", "relatedId": "\#(late.id)"}"#, as: rep2).id)
        let unanswered = try await fixture.create("lead", #"{"name": "D", "receivedAt": "2026-02-01T08:00:00Z"}"#, as: rep2)
        let leads = [answeredByCall.id: true, answeredByStatus.id: true, late.id: false, unanswered.id: false]
        // Stage moves: rep moves a deal twice, the manager once; creating a deal is no move.
        let stages = [try await fixture.stage(named: "Prospecting"), try await fixture.stage(named: "Qualification"), try await fixture.stage(named: "Proposal")]
        let deal = try await fixture.create("opportunity", #"{"name": "Moving", "stageId": "\#(stages[0])"}"#, as: rep)
        for (mover, stage) in [(rep, stages[1]), (rep, stages[2]), (manager, stages[1])] {
            let move = try RecordDecoder.decode(.object(JSONObject(["stageId": .string(stage.uuidString)])), entity: .opportunity, mode: .patch).get()
            _ = try await fixture.store.update(.opportunity, id: deal.id, input: move, principal: mover, expectedVersion: nil)
        }
        let moveTimes = ["2026-02-01T10:00:00Z", "2026-02-02T10:00:00Z", "2026-02-08T10:00:00Z", "2026-02-09T10:00:00Z"].map { Int64(Self.instant($0).timeIntervalSince1970 * 1000) }
        let moves: [(mover: UUID?, at: Int64, isMove: Bool)] = try await fixture.database.withConnection { db in
            let bound: any Encodable & Sendable = fixture.database.dialect == .sqlite ? deal.id.lowercaseString : deal.id
            let rows = try await db.raw("SELECT seq FROM stage_history WHERE opportunity_id = \(bind: bound) ORDER BY seq").all()
            for (row, at) in zip(rows, moveTimes) {
                try await db.raw("UPDATE stage_history SET changed_at = \(bind: at) WHERE seq = \(bind: try row.decode(column: "seq", as: Int64.self))").run()
            }
            let movers: [UUID?] = [rep.userId, rep.userId, rep.userId, manager.userId]
            return zip(movers, moveTimes).enumerated().map { index, pair in (pair.0, pair.1, index > 0) }
        }
        let filter = ActivityReport.Filter(from: LocalDate(iso: "2026-01-01")!, to: LocalDate(iso: "2026-03-31")!, bucket: bucket)

        // MUT
        let result = try await ActivityReport(database: fixture.database).run(principal: fixture.admin, filter: filter)

        // validate
        var expected: [ActivityReport.Key: ActivityReport.Counts] = [:]
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        func key(_ owner: UUID?, _ instant: Date) -> ActivityReport.Key {
            let day = Self.day(instant)
            let start: LocalDate = switch bucket {
            case .day: day
            case .week: LocalDate(daysSince1970: day.daysSince1970 - (utc.component(.weekday, from: instant) + 5) % 7)
            case .month: LocalDate(year: day.year, month: day.month, day: 1)!
            }
            return ActivityReport.Key(ownerId: owner, bucketStart: start)
        }
        for id in activityIds {
            let activity = try await fixture.store.get(.activity, id: id, principal: fixture.admin)
            guard activity["done"] == .bool(true), let done = activity["doneAt"].timestampValue else { continue }
            let k = key(activity["ownerId"].idValue, done)
            switch activity["type"].textValue {
            case "call": expected[k, default: .init()].calls += 1
            case "meeting": expected[k, default: .init()].meetings += 1
            case "task": expected[k, default: .init()].tasks += 1
            default: continue
            }
        }
        for (id, answered) in leads {
            let lead = try await fixture.store.get(.lead, id: id, principal: fixture.admin)
            let k = key(lead["ownerId"].idValue, try #require(lead["receivedAt"].timestampValue))
            expected[k, default: .init()].newLeads += 1
            if answered { expected[k, default: .init()].leadsAnsweredInTime += 1 }
        }
        for move in moves where move.isMove {
            expected[key(move.mover, Date(timeIntervalSince1970: Double(move.at) / 1000)), default: .init()].stageMoves += 1
        }
        #expect(result.cells == expected)
        if bucket == .week {
            let sunday = try #require(result.cells[.init(ownerId: rep.userId, bucketStart: LocalDate(iso: "2026-01-26")!)])
            let monday = try #require(result.cells[.init(ownerId: rep.userId, bucketStart: LocalDate(iso: "2026-02-02")!)])
            // Moves on Monday 2 and Sunday 8 February fall in one week.
            #expect(sunday.calls == 1 && monday.calls == 2 && monday.meetings == 1 && monday.stageMoves == 2 && monday.newLeads == 1 && monday.leadsAnsweredInTime == 1)
        }
        #expect(result.total.leadsAnsweredInTime == 2 && result.total.newLeads == 4 && result.total.stageMoves == 3)

        let asRep = try await ActivityReport(database: fixture.database).run(principal: rep, filter: filter)
        #expect(Set(asRep.cells.keys.map(\.ownerId)).isSubset(of: [rep.userId, manager.userId]), "a rep sees their own records (and moves made on them)")
        #expect(asRep.owners[rep.userId] == result.owners[rep.userId])
        let northOnly = try await ActivityReport(database: fixture.database).run(principal: fixture.admin, filter: .init(
            from: filter.period.from, to: filter.period.to, bucket: bucket, teamIds: [fixture.teams.north]))
        #expect(northOnly.owners.keys.allSatisfy { $0 == rep.userId })
    }
}
