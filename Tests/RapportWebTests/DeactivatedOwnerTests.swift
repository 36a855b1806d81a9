import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("A deactivated user is offered to no one and given no records, but keeps the records they own", .serialized)
struct DeactivatedOwnerTests {
    @Test("No owner picker offers the deactivated user; a record they own shows them by name and saves with them kept")
    func pickers() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let gone = fixture.rep2.userId.lowercaseString
            let owned = try await fixture.create("contact", #"{"name": "Kept Contact", "ownerId": "\#(gone)"}"#, as: fixture.admin)
            let lead = try await fixture.create("lead", #"{"name": "Kept Lead", "grade": "A", "ownerId": "\#(gone)"}"#, as: fixture.admin)
            try await fixture.create("lead", #"{"name": "Other Lead", "grade": "A"}"#, as: fixture.admin)
            #expect(try await context.send(.PATCH, "/api/v1/users/\(gone)", json: #"{"active": false}"#).status == .ok)
            let path = "/contacts/\(owned.id.lowercaseString)"
            // MUT
            let newForm = try await context.page("/contacts/new")
            let list = try await context.page("/contacts")
            let inbox = try await context.page("/leads/inbox")
            let editForm = try await context.page(path + "/edit")
            let header = try await context.page(path + "?edit=ownerId")
            let saved = try await context.post(path + "/edit", form: [("_csrf", try await context.csrf()), ("_version", "1"),
                                                                     ("name", "Kept Contact"), ("title", "Buyer"), ("ownerId", gone)])
            // validate
            #expect(!Self.select("in-ownerId", in: newForm.text).contains(gone))
            #expect(Self.select("in-ownerId", in: newForm.text).contains(fixture.rep.userId.lowercaseString), "active users are offered")
            #expect(!Self.select("bulk-owner", in: list.text).contains(gone))
            #expect(Self.select("owner-\(lead.id.lowercaseString)", in: inbox.text).contains("<option value=\"\(gone)\" selected>rep2</option>"))
            let otherLeads = inbox.text.components(separatedBy: "<select id=\"owner-").dropFirst()
                .filter { !$0.hasPrefix(lead.id.lowercaseString) }.map { $0.components(separatedBy: "</select>")[0] }
            #expect(!otherLeads.isEmpty && otherLeads.allSatisfy { !$0.contains(gone) })
            #expect(Self.select("in-ownerId", in: editForm.text).contains("<option value=\"\(gone)\" selected>rep2</option>"), "the name, not the id")
            #expect(Self.select("in-ownerId", in: header.text).contains("<option value=\"\(gone)\" selected>rep2</option>"))
            #expect(saved.status == .seeOther, "editing a deactivated user's record keeps them as owner")
            let stored = try await fixture.store.get(.contact, id: owned.id, principal: fixture.admin)
            #expect(stored["title"] == .text("Buyer") && stored["ownerId"] == .id(fixture.rep2.userId))
            #expect(try await context.page(path).text.contains(">rep2<"))
        }
    }

    @Test("The API refuses to give a record to a deactivated user, on create and on update, and writes nothing")
    func apiRefuses() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let gone = fixture.rep2.userId.lowercaseString
            let theirs = try await context.send(.POST, "/api/v1/accounts", json: #"{"name": "Their Account", "ownerId": "\#(gone)"}"#)
            let mine = try await context.send(.POST, "/api/v1/accounts", json: #"{"name": "My Account"}"#)
            let theirsId = try #require(theirs["id"]?.stringValue), mineId = try #require(mine["id"]?.stringValue)
            #expect(try await context.send(.PATCH, "/api/v1/users/\(gone)", json: #"{"active": false}"#).status == .ok)
            // MUT
            let created = try await context.send(.POST, "/api/v1/accounts", json: #"{"name": "Orphan Account", "ownerId": "\#(gone)"}"#)
            let given = try await context.send(.PATCH, "/api/v1/accounts/\(mineId)", json: #"{"ownerId": "\#(gone)", "industry": "Steel"}"#)
            let edited = try await context.send(.PATCH, "/api/v1/accounts/\(theirsId)", json: #"{"industry": "Steel"}"#)
            // validate
            for refused in [created, given] {
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.errorFields == ["ownerId"] && refused.errorCodes == ["deactivated_user"], "\(refused.text)")
            }
            let orphans = try await context.send(.GET, "/api/v1/accounts?filter%5Bname%5D=Orphan%20Account")
            #expect(orphans["data"]?.arrayValue?.isEmpty == true)
            let stored = try await context.send(.GET, "/api/v1/accounts/\(mineId)")
            #expect(stored["version"] == .int(1) && stored["ownerId"] == .string(fixture.admin.userId.lowercaseString))
            #expect(stored["industry"] == nil || stored["industry"] == .null)
            #expect(edited.status == .ok && edited["ownerId"] == .string(gone), "their own record stays theirs and can be edited")
            let unknown = try await context.send(.POST, "/api/v1/accounts", json: #"{"name": "Nobody's", "ownerId": "\#(UUID().lowercaseString)"}"#)
            #expect(unknown.errorCodes == ["not_found"], "a user who does not exist is still not found")
        }
    }

    @Test("A page refusing a deactivated owner says so in the user's language")
    func pageMessage() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "admin")
            let gone = fixture.rep2.userId.lowercaseString
            let account = try await fixture.create("account", #"{"name": "Стальной завод"}"#, as: fixture.admin)
            #expect(try await context.send(.PATCH, "/api/v1/users/\(gone)", json: #"{"active": false}"#).status == .ok)
            // MUT
            let refused = try await context.post("/accounts/\(account.id.lowercaseString)/edit", form: [
                ("_csrf", try await context.csrf()), ("_version", "1"), ("name", "Стальной завод"), ("ownerId", gone)])
            // validate
            #expect(refused.status == .unprocessableEntity)
            let text = Catalogue(.russian)
            let label = text.label(try #require(EntityDefinition.account.field(named: "ownerId")), of: .account)
            #expect(refused.text.contains(HTML.escape(text.format("validation.deactivated_user", ["field": label]))))
        }
    }

    /// The `<select>` with this id, up to its end.
    static func select(_ id: String, in html: String) -> String {
        guard let start = html.range(of: "<select id=\"\(id)\"") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</select>")?.upperBound ?? rest.endIndex)])
    }
}
