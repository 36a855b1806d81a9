import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Create and edit forms refused to those who may not write", .serialized)
struct RecordFormRefusalTests {
    @Test("A dealer gets the Russian refusal, not a form, for a new order and their own order's edit page, and cannot post either; the admin gets both forms")
    func dealerAndOrders() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await OrderAPITests.setup(context)
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "partner")
            let order = try await OrderAPITests.dealerOrder(context, setup)
            let edit = "/orders/\(order.id.lowercaseString)/edit"
            let token = try await context.csrf(as: "partner")
            // MUT
            let newForm = try await context.page("/orders/new", as: "partner")
            let editForm = try await context.page(edit, as: "partner")
            let created = try await context.post("/orders", form: [("_csrf", token), ("name", "Dealer's own"), ("accountId", setup.account.lowercaseString)], as: "partner")
            let updated = try await context.post(edit, form: [("_csrf", token), ("_version", "1"), ("name", "Renamed by dealer")], as: "partner")
            let adminNew = try await context.page("/orders/new", as: "admin")
            let adminEdit = try await context.page(edit, as: "admin")
            // validate
            let reason = "<p>\(HTML.escape(Catalogue(.russian)["error.forbidden.partner_tracks_only"]))</p>"
            for reply in [newForm, editForm, created, updated] {
                #expect(reply.status == .forbidden)
                #expect(reply.text.contains(reason) && reply.text.contains("<html lang=\"ru\""))
                #expect(!reply.text.contains("record-form") && !reply.text.contains("Partner users follow"))
            }
            #expect(adminNew.status == .ok && adminNew.text.contains("<form method=\"post\" action=\"/orders\" class=\"card record-form\""))
            #expect(adminEdit.status == .ok && adminEdit.text.contains("<form method=\"post\" action=\"\(edit)\" class=\"card record-form\""))
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
            let token = try await context.csrf(as: "readOnly")
            // MUT
            let newForm = try await context.page("/contacts/new", as: "readOnly")
            let editForm = try await context.page(edit, as: "readOnly")
            let created = try await context.post("/contacts", form: [("_csrf", token), ("name", "Read-only's own")], as: "readOnly")
            let updated = try await context.post(edit, form: [("_csrf", token), ("_version", "1"), ("name", "Renamed")], as: "readOnly")
            let adminNew = try await context.page("/contacts/new", as: "admin")
            let adminEdit = try await context.page(edit, as: "admin")
            // validate
            let reason = "<p>\(HTML.escape(Catalogue(.chinese)["error.forbidden.read_only_role"]))</p>"
            for reply in [newForm, editForm, created, updated] {
                #expect(reply.status == .forbidden)
                #expect(reply.text.contains(reason) && reply.text.contains("<html lang=\"zh-CN\""))
                #expect(!reply.text.contains("record-form") && !reply.text.contains("Your role is read-only"))
            }
            #expect(adminNew.status == .ok && adminNew.text.contains("<form method=\"post\" action=\"/contacts\" class=\"card record-form\""))
            #expect(adminEdit.status == .ok && adminEdit.text.contains("<form method=\"post\" action=\"\(edit)\" class=\"card record-form\"")
                && adminEdit.text.contains("Иван Петров"))
            let stored = try await fixture.store.get(.contact, id: contact.id, principal: fixture.admin)
            #expect(stored["name"] == .text("Иван Петров") && stored.version == contact.version)
            let contacts = try await fixture.store.list(.contact, request: ListRequest(.contact, where: [], sort: [], limit: 10), principal: fixture.admin)
            #expect(contacts.records.map(\.id) == [contact.id])
        }
    }
}
