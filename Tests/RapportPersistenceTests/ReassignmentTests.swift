import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Synchronization
import Testing

/// Handing a leaver's records to a successor: what moves, what stays, the audit trail, reruns.
@Suite("Reassignment")
struct ReassignmentTests {
    /// The leaver (rep, North) owns, in Germany and in France, an account with a contact, a deal,
    /// a draft quote, an order and an open and a done activity on the deal; and a lead.
    struct Book: Sendable {
        let fixture: TenantFixture
        var ids: [String: UUID] = [:]
        let doneActivity: UUID
        let othersAccount: UUID

        static func make() async throws -> Book {
            let fixture = try await TenantFixture.make("reassign")
            let rep = fixture.rep
            let stage = try await fixture.stage()
            var ids: [String: UUID] = [:]
            var done: UUID?
            for country in ["DE", "FR"] {
                let account = try await fixture.create("account", """
                    {"name": "Account \(country)", "addresses": [{"kind": "billing", "city": "X", "country": "\(country)"}]}
                    """, as: rep).id
                ids["account.\(country)"] = account
                ids["contact.\(country)"] = try await fixture.create("contact", #"{"name": "Contact", "accountId": "\#(account)"}"#, as: rep).id
                let deal = try await fixture.create("opportunity", #"{"name": "Deal", "accountId": "\#(account)", "stageId": "\#(stage)"}"#, as: rep).id
                ids["opportunity.\(country)"] = deal
                ids["quote.\(country)"] = try await fixture.create("quote", #"{"name": "Quote", "opportunityId": "\#(deal)"}"#, as: rep).id
                ids["order.\(country)"] = try await fixture.create("order", #"{"name": "Order", "accountId": "\#(account)"}"#, as: rep).id
                ids["activity.\(country)"] = try await fixture.create("activity", """
                    {"type": "call", "subject": "Follow up", "relatedType": "opportunity", "relatedId": "\(deal)"}
                    """, as: rep).id
                let finished = try await fixture.create("activity", """
                    {"type": "meeting", "subject": "Kick-off", "relatedType": "opportunity", "relatedId": "\(deal)", "done": true}
                    """, as: rep).id
                if country == "DE" { done = finished }
            }
            ids["lead"] = try await fixture.create("lead", #"{"name": "Walk-in"}"#, as: rep).id
            let others = try await fixture.create("account", #"{"name": "Not the leaver's"}"#, as: fixture.rep2).id
            return Book(fixture: fixture, ids: ids, doneActivity: try #require(done), othersAccount: others)
        }

        func owner(_ key: String) async throws -> UUID? {
            let entity = String(key.split(separator: ".").first!)
            let record = try await fixture.store.get(try #require(try await fixture.store.entity(named: entity, tenantId: fixture.tenant.id)),
                                                     id: ids[key]!, principal: fixture.admin)
            return record["ownerId"].idValue
        }
    }

    final class Progress: Sendable {
        let reports = Mutex<[(Int, Int)]>([])
        func add(_ done: Int, _ total: Int) { reports.withLock { $0.append((done, total)) } }
    }

    /// Records of the tenant without an owner, over every owned entity.
    static func ownerless(_ fixture: TenantFixture) async throws -> Int {
        var count = 0
        for entity in Catalog.builtIn where entity.ownership == .owned {
            let request = ListRequest(entity, where: [("ownerId", .empty, [.bool(true)])], limit: ListRequest.maximumLimit)
            count += try await fixture.store.list(entity, request: request, principal: fixture.admin).records.count
        }
        return count
    }

    @Test("Everything of a deactivated leaver moves to the successor in batches, except done activities; audited as the admin; a rerun changes nothing")
    func everything() async throws {
        // setup
        let book = try await Book.make()
        let fixture = book.fixture
        _ = try await Directory(database: fixture.database).updateUser(id: fixture.rep.userId, .init(active: false), principal: fixture.admin)
        let reassignment = Reassignment(store: fixture.store)
        let request = Reassignment.Request(fromUserId: fixture.rep.userId, toUserId: fixture.rep2.userId)
        let progress = Progress()
        // MUT
        let plan = try await reassignment.plan(request, principal: fixture.admin)
        let outcome = try await reassignment.execute(plan, request: request, principal: fixture.admin, batchSize: 4) { progress.add($0, $1) }
        // validate
        #expect(plan.counts == ["account": 2, "contact": 2, "lead": 1, "opportunity": 2, "quote": 2, "order": 2, "activity": 2])
        #expect(outcome.moved == plan.counts && outcome.skipped.isEmpty)
        for key in book.ids.keys.sorted() {
            #expect(try await book.owner(key) == fixture.rep2.userId, "\(key)")
        }
        let activity = try #require(try await fixture.store.entity(named: "activity", tenantId: fixture.tenant.id))
        #expect(try await fixture.store.get(activity, id: book.doneActivity, principal: fixture.admin)["ownerId"] == .id(fixture.rep.userId))
        let account = try await fixture.store.get(.account, id: book.ids["account.DE"]!, principal: fixture.admin)
        #expect(account["teamId"] == .id(fixture.teams.south))
        let audit = try await AuditLog(database: fixture.database).entries(recordId: book.ids["order.FR"]!, tenantId: fixture.tenant.id)
        #expect(audit.first?.action == "update" && audit.first?.actorId == fixture.admin.userId)
        #expect(audit.count == 2, "the creation stays in the history")
        let reports = progress.reports.withLock { $0 }
        #expect(reports.first.map { [$0.0, $0.1] } == [0, 13] && reports.last.map { [$0.0, $0.1] } == [13, 13])
        #expect(reports.count == 5, "0, then after each batch of 4: 4, 8, 12, 13")
        #expect(try await Self.ownerless(fixture) == 0)

        // MUT: again
        let again = try await reassignment.plan(request, principal: fixture.admin)
        let rerun = try await reassignment.execute(plan, request: request, principal: fixture.admin)
        // validate
        #expect(again.total == 0)
        #expect(rerun.moved.isEmpty && rerun.skipped.isEmpty)
        #expect(try await AuditLog(database: fixture.database).entries(recordId: book.ids["order.FR"]!, tenantId: fixture.tenant.id).count == 2)
    }

    @Test("Narrowed to one country, only the leaver's accounts there move with their contacts, deals, quotes, orders and open activities")
    func oneCountry() async throws {
        // setup
        let book = try await Book.make()
        let fixture = book.fixture
        let reassignment = Reassignment(store: fixture.store)
        let request = Reassignment.Request(fromUserId: fixture.rep.userId, toUserId: fixture.manager.userId, accountCountry: " de ")
        // MUT
        let plan = try await reassignment.plan(request, principal: fixture.admin)
        _ = try await reassignment.execute(plan, request: request, principal: fixture.admin)
        // validate
        #expect(plan.total == 6)
        for key in book.ids.keys.sorted() {
            let expected = key.hasSuffix(".DE") ? fixture.manager.userId : fixture.rep.userId
            #expect(try await book.owner(key) == expected, "\(key)")
        }
        let others = try await fixture.store.get(.account, id: book.othersAccount, principal: fixture.admin)
        #expect(others["ownerId"] == .id(fixture.rep2.userId))
    }

    @Test("Only an admin reassigns, to an active user other than the leaver; entities can be chosen")
    func refusals() async throws {
        // setup
        let book = try await Book.make()
        let fixture = book.fixture
        let reassignment = Reassignment(store: fixture.store)
        _ = try await Directory(database: fixture.database).updateUser(id: fixture.rep2.userId, .init(active: false), principal: fixture.admin)
        func codes(_ request: Reassignment.Request, as principal: Principal) async -> [String] {
            do {
                try await reassignment.check(request, principal: principal)
                return []
            } catch StoreError.validation(let errors) {
                return errors.map(\.code)
            } catch StoreError.forbidden {
                return ["forbidden"]
            } catch {
                return ["\(error)"]
            }
        }
        // MUT & validate
        #expect(await codes(.init(fromUserId: fixture.rep.userId, toUserId: fixture.manager.userId), as: fixture.manager) == ["forbidden"])
        #expect(await codes(.init(fromUserId: fixture.rep.userId, toUserId: fixture.rep2.userId), as: fixture.admin) == ["deactivated_user"])
        #expect(await codes(.init(fromUserId: fixture.rep.userId, toUserId: fixture.rep.userId), as: fixture.admin) == ["invalid_value"])
        #expect(await codes(.init(fromUserId: fixture.rep.userId, toUserId: fixture.manager.userId, entities: ["payment"]), as: fixture.admin)
            == ["invalid_choice"])
        let leadsOnly = Reassignment.Request(fromUserId: fixture.rep.userId, toUserId: fixture.manager.userId, entities: ["lead"])
        let plan = try await reassignment.plan(leadsOnly, principal: fixture.admin)
        #expect(plan.counts == ["lead": 1])
    }

    @Test("A quote past draft moves with the rest: its content is fixed, its owner is not")
    func sentQuote() async throws {
        // setup
        let book = try await Book.make()
        let fixture = book.fixture
        let quote = try #require(try await fixture.store.entity(named: "quote", tenantId: fixture.tenant.id))
        let sent = try await fixture.store.create(quote, input: RecordInput(values: [
            "name": .text("Sent quote"), "opportunityId": .id(book.ids["opportunity.FR"]!), "status": .text("sent"),
        ]), principal: fixture.rep)
        let request = Reassignment.Request(fromUserId: fixture.rep.userId, toUserId: fixture.manager.userId, entities: ["quote"])
        let reassignment = Reassignment(store: fixture.store)
        // MUT
        let outcome = try await reassignment.execute(try await reassignment.plan(request, principal: fixture.admin), request: request, principal: fixture.admin)
        // validate
        #expect(outcome.moved["quote"] ?? 0 >= 2, "the drafts move")
        #expect(outcome.moved["quote"] == 3)
        #expect(outcome.skipped.isEmpty)
        let stored = try await fixture.store.get(quote, id: sent.id, principal: fixture.admin)
        #expect(stored["ownerId"] == .id(fixture.manager.userId))
        #expect(stored["status"] == .text("sent"), "the move changes the owner, nothing else")
    }
}
