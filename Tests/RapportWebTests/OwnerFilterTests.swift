import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Lists filter by any user of the tenant, deactivated ones too; records are given to active users only", .serialized)
struct OwnerFilterTests {
    @Test("The owner filter offers a deactivated user, marked, and finds their records; bulk assign does not offer them")
    func deactivatedOwnerFilter() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let gone = fixture.rep2.userId.lowercaseString
            try await fixture.create("contact", #"{"name": "Departed Rep's Contact", "ownerId": "\#(gone)"}"#, as: fixture.admin)
            try await fixture.create("contact", #"{"name": "Someone Else's Contact"}"#, as: fixture.admin)
            #expect(try await context.send(.PATCH, "/api/v1/users/\(gone)", json: #"{"active": false}"#).status == .ok)
            // MUT
            let list = try await context.page("/contacts")
            let filtered = try await context.page("/contacts?filter%5BownerId%5D=\(gone)")
            let russian = try await context.page("/contacts", language: "ru")
            // validate
            let marked = Catalogue(.english).format("list.deactivatedUser", ["name": "rep2"])
            #expect(DeactivatedOwnerTests.select("f-ownerId", in: list.text).contains("<option value=\"\(gone)\">\(marked)</option>"))
            #expect(DeactivatedOwnerTests.select("f-ownerId", in: list.text).contains("<option value=\"\(fixture.rep.userId.lowercaseString)\">rep</option>"))
            #expect(!DeactivatedOwnerTests.select("bulk-owner", in: list.text).contains(gone), "records are not given to a deactivated user")
            #expect(filtered.status == .ok)
            #expect(DeactivatedOwnerTests.select("f-ownerId", in: filtered.text).contains("<option value=\"\(gone)\" selected>"))
            #expect(filtered.text.contains("Departed Rep&#39;s Contact") && !filtered.text.contains("Someone Else&#39;s Contact"))
            #expect(DeactivatedOwnerTests.select("f-ownerId", in: russian.text).contains(Catalogue(.russian).format("list.deactivatedUser", ["name": "rep2"])))
        }
    }

    @Test("A rep and a read-only user filter by any colleague, though they can give records to no one else; a partner user sees their organisation's people")
    func whoIsOffered() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let colleague = fixture.rep2.userId.lowercaseString, admin = fixture.admin.userId.lowercaseString
            // MUT
            let rep = try await context.page("/accounts", as: "rep")
            let readOnly = try await context.page("/accounts", as: "readOnly")
            let partner = try await context.page("/accounts", as: "partner")
            // validate
            #expect(DeactivatedOwnerTests.select("f-ownerId", in: rep.text).contains(colleague))
            #expect(!DeactivatedOwnerTests.select("bulk-owner", in: rep.text).contains(colleague))
            #expect(DeactivatedOwnerTests.select("f-ownerId", in: readOnly.text).contains(admin))
            #expect(DeactivatedOwnerTests.select("f-ownerId", in: partner.text).contains(fixture.partner.userId.lowercaseString))
            #expect(!DeactivatedOwnerTests.select("f-ownerId", in: partner.text).contains(admin), "head office's staff list stays internal")
        }
    }
}
