import Foundation
import NIOCore
import RapportDomain
@testable import RapportPersistence
import RapportTestSupport
import Testing

@Suite("Point reads on the event loop")
struct ReadOnEventLoopTests {
    @Test("A point read is answered at once while an SQLite handle is free, and left to get while all four are busy",
          .enabled(if: TestDatabase.kind == .sqlite))
    func busyPool() async throws {
        // setup: a file of its own, so that only this test holds its handles
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-idle-\(UUID().uuidString).sqlite").path
        let database = try await Database.open(.sqliteFile(path))
        try await SchemaMigrator(database: database).migrate()
        let fixture = try await TenantFixture.make(database: database)
        let contact = try await fixture.create("contact", #"{"name": "Ada Lovelace"}"#, as: fixture.rep)
        let entity = try #require(try await fixture.store.entity(named: "contact", tenantId: fixture.tenant.id))
        let (held, holding) = AsyncStream<Void>.makeStream()
        let holders = (0..<4).map { _ in
            Task { try await database.withConnection { _ in holding.yield(); try await Task.sleep(for: .seconds(60)) } }
        }
        var holdingCount = 0
        for await _ in held {
            holdingCount += 1
            if holdingCount == 4 { break }
        }

        // MUT
        let whileBusy = fixture.store.getOnEventLoop(entity, id: contact.id, principal: fixture.rep, on: TestDatabase.eventLoop)
        for holder in holders { holder.cancel() }
        for holder in holders { _ = await holder.result }
        let whenFree = try await fixture.store.getOnEventLoop(entity, id: contact.id, principal: fixture.rep, on: TestDatabase.eventLoop)?.get()
        let awaited = try await fixture.store.get(entity, id: contact.id, principal: fixture.rep)

        // validate
        #expect(whileBusy == nil)
        #expect(whenFree?.id == contact.id)
        #expect(whenFree.map { JSONWriter.string($0.json) } == JSONWriter.string(awaited.json))
        await #expect(throws: StoreError.self) {
            try await fixture.store.getOnEventLoop(entity, id: contact.id, principal: fixture.rep2, on: TestDatabase.eventLoop)?.get()
        }
        await database.shutdown()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test("On PostgreSQL a point read runs a statement prepared once per connection and answers what get answers, in every scope",
          .enabled(if: TestDatabase.kind == .postgres))
    func preparedOnPostgres() async throws {
        // setup: a pool of its own, so the statements counted are this test's
        let database = try await Database.open(TestDatabase.location)
        let fixture = try await TenantFixture.make(database: database)
        let entity = try #require(try await fixture.store.entity(named: "contact", tenantId: fixture.tenant.id))
        let mine = try await fixture.create("contact", #"{"name": "Ада Лавлейс"}"#, as: fixture.rep)
        let loop = TestDatabase.eventLoop

        // MUT: twice per reader, so the second run finds the statement prepared by the first
        var answers: [String] = []
        var awaited: [String] = []
        for (_, principal) in fixture.all {
            for _ in 0..<2 {
                let future = try #require(fixture.store.getOnEventLoop(entity, id: mine.id, principal: principal, on: loop))
                answers.append(await Self.json { try await future.get() })
                awaited.append(await Self.json { try await fixture.store.get(entity, id: mine.id, principal: principal) })
            }
        }

        // validate
        #expect(answers == awaited)
        #expect(answers.first != "notFound")
        #expect(answers.contains("notFound"), "rep2 and the partner user may not see the rep's contact")
        #expect(database.preparedStatementCount > 0, "the reads ran prepared statements, not unnamed ones")
        await database.shutdown()
    }

    @Test("Point reads made on the event loop, many kinds in one turn, each answer what get answers; on PostgreSQL they share a statement per scope")
    func oneTurnOfTheLoop() async throws {
        // setup: a pool of its own, so the statements counted are this test's
        let database = try await Database.open(TestDatabase.location)
        try await SchemaMigrator(database: database).migrate()
        let fixture = try await TenantFixture.make(database: database)
        let other = try await TenantFixture.make("other", database: database)
        let entity = try #require(try await fixture.store.entity(named: "contact", tenantId: fixture.tenant.id))
        var ids = [UUID(), try await other.create("contact", #"{"name": "Other tenant"}"#, as: other.admin).id]
        for (index, owner) in [fixture.rep, fixture.rep2, fixture.partner, fixture.manager].enumerated() {
            ids.append(try await fixture.create("contact", #"{"name": "Contact \#(index)"}"#, as: owner).id)
        }
        let reads = fixture.all.flatMap { reader in (ids + ids).map { (reader: reader, id: $0) } }
        let store = fixture.store
        let loop = TestDatabase.eventLoop

        // MUT: every read asked for in one turn of the loop, each id twice
        let futures = try await loop.submit {
            reads.map { store.getOnEventLoop(entity, id: $0.id, principal: $0.reader.principal, on: loop)! }
        }.get()
        var answers: [String] = []
        for future in futures { answers.append(await Self.json { try await future.get() }) }

        // validate
        var awaited: [String] = []
        for read in reads { awaited.append(await Self.json { try await store.get(entity, id: read.id, principal: read.reader.principal) }) }
        #expect(answers == awaited)
        #expect(answers.filter { $0 == "notFound" }.count >= fixture.all.count * 4, "the unknown id and the other tenant's contact are never found")
        #expect(answers.filter { $0 != "notFound" }.count > fixture.all.count * 2)
        if TestDatabase.kind == .postgres {
            #expect(database.pointReadStatementsSent <= fixture.all.count, "one statement per reader's scope (admin and read-only share one), for \(reads.count) reads")
        }
        await database.shutdown()
    }

    @Test("A point read answers each column type as get does: text, lists, numbers, money, dates, times, flags, references")
    func everyColumnType() async throws {
        // setup
        let fixture = try await TenantFixture.make()
        let account = try await fixture.create("account", #"{"name": "Ромашка 上海", "tags": ["vip", "north"], "website": "https://example.com"}"#, as: fixture.rep)
        let contact = try await fixture.create("contact", """
            {"name": "Анна Ли", "accountId": "\(account.id.lowercaseString)", "influence": 4, "birthday": "1990-02-28",
             "emails": ["anna@example.com"], "phones": ["+7 495 000-00-00"], "emailConsent": true, "smsConsent": false}
            """, as: fixture.rep)
        let stage = try await fixture.stage(named: "Proposal")
        let deal = try await fixture.create("opportunity", """
            {"name": "Renewal", "accountId": "\(account.id.lowercaseString)", "stageId": "\(stage)", "amount": {"amount": "1234.56", "currency": "EUR"},
             "expectedCloseDate": "2026-12-31", "competitors": ["Acme"]}
            """, as: fixture.rep)
        let task = try await fixture.create("activity", """
            {"type": "task", "subject": "Call back", "dueAt": "2026-12-08T09:30:00Z", "done": true, "relatedType": "contact", "relatedId": "\(contact.id.lowercaseString)"}
            """, as: fixture.rep)

        for record in [account, contact, deal, task] {
            // MUT
            let future = try #require(fixture.store.getOnEventLoop(record.entity, id: record.id, principal: fixture.rep, on: TestDatabase.eventLoop))
            let atOnce = try await future.get()
            // validate
            let awaited = try await fixture.store.get(record.entity, id: record.id, principal: fixture.rep)
            #expect(JSONWriter.string(atOnce.json) == JSONWriter.string(awaited.json), "\(record.entity.name)")
            #expect(atOnce.seq == awaited.seq && atOnce.deletedAt == awaited.deletedAt)
        }
    }

    /// The record's JSON, or "notFound" when the reader may not see it.
    private static func json(_ read: () async throws -> Record) async -> String {
        do {
            return JSONWriter.string(try await read().json)
        } catch StoreError.notFound {
            return "notFound"
        } catch {
            return "failed: \(error)"
        }
    }
}
