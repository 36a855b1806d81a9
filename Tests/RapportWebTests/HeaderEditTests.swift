import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Record header: key facts edited in place", .serialized)
struct HeaderEditTests {
    @Test("Without JavaScript a key fact's edit link opens its own form, carrying the field, the version and the CSRF token")
    func editLinkOpensForm() async throws {
        try await APITestContext.with { context in
            // setup
            let contact = try await context.fixture.create("contact", #"{"name": "Anna Kuznetsova", "title": "Buyer"}"#, as: context.fixture.rep)
            let path = "/contacts/\(contact.id.lowercaseString)"
            // MUT
            let page = try await context.page(path, as: "rep")
            let editing = try await context.page(path + "?edit=title", as: "rep")
            // validate
            #expect(page.text.contains("id=\"fact-title-edit\" href=\"\(path)?edit=title#in-title\""))
            #expect(!page.text.contains("class=\"fact-form\""))
            let fact = Self.fact("title", in: editing.text)
            #expect(fact.contains("action=\"\(path)/fact\""))
            #expect(fact.contains("name=\"_field\" value=\"title\""))
            #expect(fact.contains("name=\"_version\" value=\"1\""))
            #expect(fact.contains("name=\"_csrf\" value=\"\(try #require(page.csrf))\""))
            #expect(fact.contains("<label for=\"in-title\">") && fact.contains("id=\"in-title\" name=\"title\"") && fact.contains("value=\"Buyer\""))
            #expect(!Self.fact("name", in: editing.text).contains("<form"), "only the asked-for fact turns into a form")
        }
    }

    @Test("Editing one key fact changes only that field and writes one audit entry for it")
    func editOneField() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let contact = try await fixture.create("contact", #"{"name": "Anna Kuznetsova", "title": "Buyer", "influence": 3}"#, as: fixture.rep)
            let path = "/contacts/\(contact.id.lowercaseString)"
            // MUT
            let saved = try await context.post(path + "/fact", form: [("_csrf", try await context.csrf(as: "rep")), ("_version", "1"),
                                                                      ("_field", "title"), ("title", "Head of purchasing")], as: "rep")
            // validate
            #expect(saved.status == .seeOther)
            #expect(saved.location == path + "?saved=1#fact-title-edit", "back on the fact's edit link")
            let stored = try await fixture.store.get(.contact, id: contact.id, principal: fixture.rep)
            #expect(stored["title"] == .text("Head of purchasing"))
            #expect(stored["name"] == .text("Anna Kuznetsova"))
            #expect(stored["influence"] == .integer(3))
            #expect(stored.version == 2)
            let history = try await AuditLog(database: fixture.database).entries(recordId: contact.id, tenantId: fixture.tenant.id)
            #expect(history.map(\.action) == ["update", "create"])
            guard case .object(let changes) = try #require(history.first).changes else { Issue.record("no changes object"); return }
            #expect(changes.pairs.map(\.0) == ["title"])
            #expect(changes["title"]?["old"] == .string("Buyer"))
            #expect(changes["title"]?["new"] == .string("Head of purchasing"))
            let page = try await context.page(path + "?saved=1", as: "rep")
            #expect(Self.fact("title", in: page.text).contains("Head of purchasing"))
        }
    }

    @Test("An invalid value comes back next to its field, translated and with its limits, and nothing is written",
          arguments: [("ru", Language.russian), ("zh-CN", Language.chinese), ("en", Language.english)])
    func invalidValue(locale: String, language: Language) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await Directory(database: fixture.database).setPreferences(
                userId: fixture.rep.userId, tenantId: fixture.tenant.id, locale: locale, timeZone: "UTC")
            await context.app.rapport.authenticator.forget(tokenHash: TokenAuthenticator.hash(try #require(context.tokens["rep"])))
            let stage = try await fixture.stage()
            let deal = try await fixture.create("opportunity", #"{"name": "Header deal", "stageId": "\#(stage.lowercaseString)", "probability": 10}"#, as: fixture.rep)
            let path = "/opportunities/\(deal.id.lowercaseString)"
            // MUT
            let refused = try await context.post(path + "/fact", form: [("_csrf", try await context.csrf(as: "rep")), ("_version", "1"),
                                                                        ("_field", "probability"), ("probability", "150")], as: "rep")
            // validate
            #expect(refused.status == .unprocessableEntity)
            let text = Catalogue(language)
            let label = text.label(try #require(EntityDefinition.opportunity.field(named: "probability")), of: .opportunity)
            let message = text.format("validation.out_of_range.limits", ["field": label, "min": "0", "max": "100"])
            let fact = Self.fact("probability", in: refused.text)
            #expect(fact.contains("aria-invalid=\"true\" aria-describedby=\"in-probability-error\""))
            #expect(fact.contains("<p class=\"field-error\" id=\"in-probability-error\">\(HTML.escape(message))</p>"), "\(fact)")
            #expect(message.contains("0") && message.contains("100") && !message.contains("{"))
            #expect(fact.contains("value=\"150\""), "what was typed is shown again")
            #expect(!refused.text.contains("[["))
            let stored = try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.rep)
            #expect(stored.version == 1)
            #expect(stored["probability"] == .integer(10))
            #expect(try await AuditLog(database: fixture.database).entries(recordId: deal.id, tenantId: fixture.tenant.id).map(\.action) == ["create"])
        }
    }

    @Test("A blank required fact is refused with the translated message, not the API's English")
    func requiredFact() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            try await Directory(database: fixture.database).setPreferences(
                userId: fixture.rep.userId, tenantId: fixture.tenant.id, locale: "ru", timeZone: "UTC")
            await context.app.rapport.authenticator.forget(tokenHash: TokenAuthenticator.hash(try #require(context.tokens["rep"])))
            let contact = try await fixture.create("contact", #"{"name": "Anna Kuznetsova"}"#, as: fixture.rep)
            let refused = try await context.post("/contacts/\(contact.id.lowercaseString)/fact", form: [
                ("_csrf", try await context.csrf(as: "rep")), ("_version", "1"), ("_field", "name"), ("name", "  ")], as: "rep")
            #expect(refused.status == .unprocessableEntity)
            let fact = Self.fact("name", in: refused.text)
            #expect(fact.contains("id=\"in-name-error\">Заполните поле «"), "\(fact)")
            #expect(!fact.contains("is required") && !fact.contains("must not be blank"))
            #expect(try await fixture.store.get(.contact, id: contact.id, principal: fixture.rep)["name"] == .text("Anna Kuznetsova"))
        }
    }

    @Test("A fact saved from a page that is out of date is refused with a changed-meanwhile message, and the other change stays")
    func staleVersion() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let contact = try await fixture.create("contact", #"{"name": "Anna Kuznetsova", "title": "Buyer"}"#, as: fixture.rep)
            let path = "/contacts/\(contact.id.lowercaseString)"
            let token = try await context.csrf(as: "rep")
            let first = try await context.post(path + "/fact", form: [("_csrf", token), ("_version", "1"), ("_field", "title"), ("title", "Director")], as: "rep")
            #expect(first.status == .seeOther)
            // MUT
            let stale = try await context.post(path + "/fact", form: [("_csrf", token), ("_version", "1"), ("_field", "title"), ("title", "Lost update")], as: "rep")
            // validate
            #expect(stale.status == .conflict)
            let fact = Self.fact("title", in: stale.text)
            #expect(fact.contains(HTML.escape(Catalogue(.english)["record.factConflict"])), "\(fact)")
            #expect(fact.contains("value=\"Director\""), "the current value is shown")
            #expect(fact.contains("name=\"_version\" value=\"2\""))
            let stored = try await fixture.store.get(.contact, id: contact.id, principal: fixture.rep)
            #expect(stored["title"] == .text("Director"))
            #expect(stored.version == 2)
        }
    }

    @Test("Only a key fact the edit form offers can be posted, and a read-only user gets no edit links")
    func onlyEditableFacts() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let contact = try await fixture.create("contact", #"{"name": "Anna Kuznetsova", "title": "Buyer"}"#, as: fixture.admin)
            let path = "/contacts/\(contact.id.lowercaseString)"
            let token = try await context.csrf(as: "admin")
            let system = try await context.post(path + "/fact", form: [("_csrf", token), ("_version", "1"), ("_field", "teamId"), ("teamId", "")])
            #expect(system.status == .notFound)
            let viewer = try await context.page(path, as: "readOnly")
            #expect(viewer.status == .ok)
            #expect(viewer.text.contains("Buyer"))
            #expect(!viewer.text.contains("fact-edit"))
            #expect(try await fixture.store.get(.contact, id: contact.id, principal: fixture.admin).version == 1)
        }
    }

    /// The `<dd>` of one key fact.
    static func fact(_ name: String, in html: String) -> String {
        guard let start = html.range(of: "<dd id=\"fact-\(name)\"") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</dd>")?.upperBound ?? rest.endIndex)])
    }
}
