import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

@Suite("Point reads without waiting")
struct ReadWithoutWaitingTests {
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
        let whileBusy = try fixture.store.getWithoutWaiting(entity, id: contact.id, principal: fixture.rep)
        for holder in holders { holder.cancel() }
        for holder in holders { _ = await holder.result }
        let whenFree = try fixture.store.getWithoutWaiting(entity, id: contact.id, principal: fixture.rep)
        let awaited = try await fixture.store.get(entity, id: contact.id, principal: fixture.rep)

        // validate
        #expect(whileBusy == nil)
        #expect(whenFree?.id == contact.id)
        #expect(whenFree.map { JSONWriter.string($0.json) } == JSONWriter.string(awaited.json))
        #expect(throws: StoreError.self) { try fixture.store.getWithoutWaiting(entity, id: contact.id, principal: fixture.rep2) }
        await database.shutdown()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
