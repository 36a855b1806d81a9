import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Create and edit forms refused to those who may not write", .serialized)
struct RecordFormRefusalTests {
    /// What `role` gets for the new and edit forms under `path` and for posting each, and the
    /// admin's two forms, requested in that order.
    struct Attempts {
        let refused: [APITestContext.PageReply]
        let adminNew: APITestContext.PageReply
        let adminEdit: APITestContext.PageReply
    }

    static func attempt(_ context: APITestContext, path: String, edit: String, create: [(String, String)], update: [(String, String)],
                        as role: String) async throws -> Attempts {
        let token = try await context.csrf(as: role)
        let newForm = try await context.page("\(path)/new", as: role)
        let editForm = try await context.page(edit, as: role)
        let created = try await context.post(path, form: [("_csrf", token)] + create, as: role)
        let updated = try await context.post(edit, form: [("_csrf", token), ("_version", "1")] + update, as: role)
        return Attempts(refused: [newForm, editForm, created, updated], adminNew: try await context.page("\(path)/new", as: "admin"),
                        adminEdit: try await context.page(edit, as: "admin"))
    }

    /// Every refused reply is a 403 page giving `reason` in `language`, with no form and not the English text.
    static func expectRefused(_ attempts: Attempts, reason: String, language: String, english: String, path: String, edit: String) {
        for reply in attempts.refused {
            #expect(reply.status == .forbidden)
            #expect(reply.text.contains("<p>\(HTML.escape(reason))</p>") && reply.text.contains("<html lang=\"\(language)\""))
            #expect(!reply.text.contains("record-form") && !reply.text.contains(english))
        }
        #expect(attempts.adminNew.status == .ok && attempts.adminNew.text.contains("<form method=\"post\" action=\"\(path)\" class=\"card record-form\""))
        #expect(attempts.adminEdit.status == .ok && attempts.adminEdit.text.contains("<form method=\"post\" action=\"\(edit)\" class=\"card record-form\""))
    }

    @Test("A dealer gets the Russian refusal, not a form, for a new order and their own order's edit page, and cannot post either; the admin gets both forms")
    func dealerAndOrders() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await OrderAPITests.setup(context)
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "partner")
            let order = try await OrderAPITests.dealerOrder(context, setup)
            let edit = "/orders/\(order.id.lowercaseString)/edit"
            // MUT
            let attempts = try await Self.attempt(context, path: "/orders", edit: edit,
                                                  create: [("name", "Dealer's own"), ("accountId", setup.account.lowercaseString)],
                                                  update: [("name", "Renamed by dealer")], as: "partner")
            // validate
            Self.expectRefused(attempts, reason: Catalogue(.russian)["error.forbidden.partner_tracks_only"], language: "ru",
                               english: "Partner users follow", path: "/orders", edit: edit)
            let stored = try await fixture.store.get(.order, id: order.id, principal: fixture.admin)
            #expect(stored["name"] == .text("Dealer A order") && stored.version == order.version)
            let orders = try await fixture.store.list(.order, request: ListRequest(.order, where: [], sort: [], limit: 10), principal: fixture.admin)
            #expect(orders.records.map(\.id) == [order.id])
        }
    }

    @Test("A read-only user gets the Chinese refusal for a new contact and a contact's edit page, and cannot post either; the admin gets both forms")
    func readOnlyAndContacts() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage("zh-CN", for: "readOnly")
            let contact = try await fixture.create("contact", #"{"name": "Иван Петров"}"#, as: fixture.admin)
            let edit = "/contacts/\(contact.id.lowercaseString)/edit"
            // MUT
            let attempts = try await Self.attempt(context, path: "/contacts", edit: edit, create: [("name", "Read-only's own")],
                                                  update: [("name", "Renamed")], as: "readOnly")
            // validate
            Self.expectRefused(attempts, reason: Catalogue(.chinese)["error.forbidden.read_only_role"], language: "zh-CN",
                               english: "Your role is read-only", path: "/contacts", edit: edit)
            #expect(attempts.adminEdit.text.contains("Иван Петров"))
            let stored = try await fixture.store.get(.contact, id: contact.id, principal: fixture.admin)
            #expect(stored["name"] == .text("Иван Петров") && stored.version == contact.version)
            let contacts = try await fixture.store.list(.contact, request: ListRequest(.contact, where: [], sort: [], limit: 10), principal: fixture.admin)
            #expect(contacts.records.map(\.id) == [contact.id])
        }
    }
}
