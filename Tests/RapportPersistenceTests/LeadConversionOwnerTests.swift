import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

@Suite("Converting a lead whose owner is deactivated")
struct LeadConversionOwnerTests {
    @Test("The converting user owns the new account, contact and opportunity; the preview says the owner is deactivated")
    func converterTakesOver() async throws {
        // setup
        let fixture = try await TenantFixture.make()
        let lead = try await fixture.create("lead", """
            {"name": "Olga Petrova", "company": "Departed Rep Holdings", "email": "olga@departed.example", "grade": "A", "ownerId": "\(fixture.rep2.userId.uuidString)"}
            """, as: fixture.admin)
        _ = try await Directory(database: fixture.database).updateUser(id: fixture.rep2.userId, .init(active: false), principal: fixture.admin)
        // MUT
        let preview = try await fixture.store.conversionMatches(leadId: lead.id, principal: fixture.manager)
        let conversion = try await fixture.store.convertLead(id: lead.id, request: .init(), principal: fixture.manager)
        // validate
        #expect(preview.ownerDeactivated)
        #expect(conversion.ownerReplaced)
        #expect(!conversion.matchedAccount && !conversion.matchedContact)
        let opportunity = try #require(conversion.opportunity)
        for record in [conversion.account, conversion.contact, opportunity] {
            #expect(record["ownerId"] == .id(fixture.manager.userId), "\(record.id)")
        }
        #expect(conversion.lead["status"] == .text("converted"))
        #expect(conversion.lead["ownerId"] == .id(fixture.rep2.userId), "the lead itself stays the departed rep's")
    }

    @Test("A lead whose owner is active still gives the new records to that owner")
    func activeOwnerKept() async throws {
        // setup
        let fixture = try await TenantFixture.make()
        let lead = try await fixture.create("lead", """
            {"name": "Ivan Sidorov", "company": "Active Rep Ltd", "grade": "B", "ownerId": "\(fixture.rep2.userId.uuidString)"}
            """, as: fixture.admin)
        // MUT
        let preview = try await fixture.store.conversionMatches(leadId: lead.id, principal: fixture.admin)
        let conversion = try await fixture.store.convertLead(id: lead.id, request: .init(), principal: fixture.admin)
        // validate
        #expect(!preview.ownerDeactivated && !conversion.ownerReplaced)
        #expect(conversion.account["ownerId"] == .id(fixture.rep2.userId) && conversion.opportunity?["ownerId"] == .id(fixture.rep2.userId))
    }
}
