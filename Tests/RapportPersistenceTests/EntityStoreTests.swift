import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

@Suite("Entity store")
struct EntityStoreTests {
    @Test("A created account reads back with every field, version 1 and an audit entry")
    func createAndGet() async throws {
        // setup
        let fixture = try await TenantFixture.make()
        // MUT
        let created = try await fixture.create("account", """
            {"name": "上海汽车销售有限公司", "industry": "Automotive", "tier": "key", "tags": ["vip", "dealer"],
             "phones": ["+86 21 5555 0101"], "website": "https://example.cn",
             "addresses": [{"kind": "billing", "city": "上海", "country": "CN"}]}
            """, as: fixture.rep)
        let entity = try #require(try await fixture.store.entity(named: "account", tenantId: fixture.tenant.id))
        let read = try await fixture.store.get(entity, id: created.id, principal: fixture.rep)
        // validate
        #expect(read["name"] == .text("上海汽车销售有限公司"))
        #expect(read["tags"] == .list(["vip", "dealer"]))
        #expect(read["ownerId"] == .id(fixture.rep.userId))
        #expect(read["teamId"] == .id(fixture.teams.north))
        #expect(read.version == 1)
        #expect(JSONWriter.string(read.json) == JSONWriter.string(created.json))
    }

    @Test("Money keeps exact decimals and currency minor units")
    func money() async throws {
        let fixture = try await TenantFixture.make()
        let stage = try await fixture.stage()
        let opportunity = try await fixture.create("opportunity", """
            {"name": "Fleet deal", "stageId": "\(stage.uuidString)", "amount": {"amount": "1234567.89", "currency": "EUR"}}
            """, as: fixture.rep)
        let entity = try #require(try await fixture.store.entity(named: "opportunity", tenantId: fixture.tenant.id))
        let read = try await fixture.store.get(entity, id: opportunity.id, principal: fixture.rep)
        #expect(read["amount"].json == .object(JSONObject(["amount": .string("1234567.89"), "currency": .string("EUR")])))
        #expect(read["probability"] == .integer(10))
        #expect(read["status"] == .text("open"))

        let entityJPY = try RecordDecoder.decode(try JSONParser.parse(#"{"name":"x","stageId":"\#(stage)","amount":{"amount":"10.5","currency":"JPY"}}"#),
                                                entity: entity, mode: .create)
        guard case .failure(let failure) = entityJPY else { Issue.record("JPY with decimals accepted"); return }
        #expect(failure.errors.map(\.code) == ["invalid_money"])
    }

    @Test("A stale version is refused and nothing is written")
    func optimisticConcurrency() async throws {
        let fixture = try await TenantFixture.make()
        let account = try await fixture.create("account", #"{"name": "Acme"}"#, as: fixture.rep)
        let entity = try #require(try await fixture.store.entity(named: "account", tenantId: fixture.tenant.id))
        let patch = try RecordDecoder.decode(try JSONParser.parse(#"{"industry": "Retail"}"#), entity: entity, mode: .patch).get()
        let updated = try await fixture.store.update(entity, id: account.id, input: patch, principal: fixture.rep, expectedVersion: 1)
        #expect(updated.version == 2)

        let stale = try RecordDecoder.decode(try JSONParser.parse(#"{"industry": "Mining"}"#), entity: entity, mode: .patch).get()
        await #expect(throws: StoreError.self) {
            try await fixture.store.update(entity, id: account.id, input: stale, principal: fixture.rep, expectedVersion: 1)
        }
        let read = try await fixture.store.get(entity, id: account.id, principal: fixture.rep)
        #expect(read["industry"] == .text("Retail"))
        #expect(read.version == 2)
    }

    @Test("Parent links cannot form a loop")
    func accountCycles() async throws {
        let fixture = try await TenantFixture.make()
        let root = try await fixture.create("account", #"{"name": "Root"}"#, as: fixture.admin)
        let child = try await fixture.create("account", #"{"name": "Child", "parentId": "\#(root.id)"}"#, as: fixture.admin)
        let grandchild = try await fixture.create("account", #"{"name": "Grandchild", "parentId": "\#(child.id)"}"#, as: fixture.admin)
        let entity = try #require(try await fixture.store.entity(named: "account", tenantId: fixture.tenant.id))
        let loop = try RecordDecoder.decode(try JSONParser.parse(#"{"parentId": "\#(grandchild.id)"}"#), entity: entity, mode: .patch).get()
        do {
            _ = try await fixture.store.update(entity, id: root.id, input: loop, principal: fixture.admin, expectedVersion: nil)
            Issue.record("a loop was accepted")
        } catch StoreError.validation(let errors) {
            #expect(errors.map(\.code) == ["cycle"])
        }
    }

    @Test("A reference into another tenant is a field error")
    func crossTenantReference() async throws {
        let mine = try await TenantFixture.make()
        let theirs = try await TenantFixture.make()
        let foreign = try await theirs.create("account", #"{"name": "Theirs"}"#, as: theirs.admin)
        do {
            try await mine.create("contact", #"{"name": "Иван Петров", "accountId": "\#(foreign.id)"}"#, as: mine.admin)
            Issue.record("cross-tenant reference accepted")
        } catch StoreError.validation(let errors) {
            #expect(errors.map(\.field) == ["accountId"])
            #expect(errors.map(\.code) == ["not_found"])
        }
    }

    @Test("Full-text search finds Chinese, Russian, e-mail and phone text", arguments: [
        ("上海", "上海汽车销售有限公司"), ("汽车", "上海汽车销售有限公司"), ("Иванов", "Сергей Иванов"),
        ("иван", "Сергей Иванов"), ("petrov@example", "Petrov Trading"), ("5550199", "Petrov Trading"),
    ])
    func search(query: String, expected: String) async throws {
        let fixture = try await TenantFixture.make()
        try await fixture.create("contact", #"{"name": "上海汽车销售有限公司"}"#, as: fixture.rep)
        try await fixture.create("contact", #"{"name": "Сергей Иванов", "title": "Директор"}"#, as: fixture.rep)
        try await fixture.create("contact", #"{"name": "Petrov Trading", "emails": ["petrov@example.com"], "phones": ["+1 555-0199"]}"#, as: fixture.rep)
        try await fixture.create("contact", #"{"name": "Unrelated Person"}"#, as: fixture.rep)
        let entity = try #require(try await fixture.store.entity(named: "contact", tenantId: fixture.tenant.id))
        var request = ListRequest()
        request.search = query
        let page = try await fixture.store.list(entity, request: request, principal: fixture.rep)
        #expect(page.records.map { $0["name"].textValue } == [expected])
    }
}
