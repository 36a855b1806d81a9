import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import RapportWeb
import Testing
import Vapor
@testable import RapportWeb

@Suite("Web pages", .serialized)
struct PageTests {
    static let hostile = "\"<>&' <script>alert(1)</script> javascript:alert(1)"

    @Test("Every page answers in each language, with a strict CSP and no raw message key", arguments: ["en", "zh-CN,zh;q=0.9", "ru-RU,ru;q=0.8"])
    func everyPage(language: String) async throws {
        try await APITestContext.with { context in
            // setup
            let account = try await context.fixture.create("account", #"{"name": "Северсталь 上海"}"#, as: context.fixture.admin)
            let contact = try await context.fixture.create("contact", #"{"name": "Иван Петров", "accountId": "\#(account.id.lowercaseString)"}"#, as: context.fixture.admin)
            var paths = ["/", "/me", "/accounts/\(account.id.lowercaseString)", "/accounts/\(account.id.lowercaseString)/edit",
                         "/contacts/\(contact.id.lowercaseString)", "/quotes/approvals", "/reports/forecast",
                         "/reports/win-loss?dimension=competitor", "/reports/win-loss?dimension=product", "/reports/funnel",
                         "/reports/plan-vs-actual", "/reports/activity?bucket=day"]
            for entity in Catalog.builtIn { paths += ["/\(entity.plural)", "/\(entity.plural)/new", "/\(entity.plural)?q=Иван&sort=-updatedAt"] }
            for path in paths {
                // MUT
                let reply = try await context.page(path, language: language)
                // validate
                #expect(reply.status == .ok, "\(path): \(reply.status)")
                #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true, "\(path)")
                #expect(!reply.text.contains("[["), "\(path) shows a raw message key")
                #expect(reply.text.contains("<html lang=\"\(language.prefix(2) == "zh" ? "zh-CN" : String(language.prefix(2)))\""), "\(path)")
            }
        }
    }

    @Test("A signed-out visitor is sent to sign in and comes back to the page afterwards")
    func signInRoundTrip() async throws {
        try await APITestContext.with { context in
            let away = try await context.page("/contacts?q=x", as: nil)
            #expect(away.status == .seeOther)
            #expect(away.location == "/sign-in?next=%2Fcontacts%3Fq%3Dx")
            let form = try await context.page("/sign-in?next=%2Fcontacts", as: nil)
            let token = try #require(form.csrf)
            let email = try #require(try await Directory(database: context.fixture.database).user(id: context.fixture.rep.userId)).email
            // A wrong password shows the form again, with no session.
            let wrong = try await context.post("/sign-in", form: [("_csrf", token), ("email", email), ("password", "nope"), ("next", "/contacts")],
                                               as: nil, cookies: ["rapport_signin": token])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers.setCookie?["rapport_session"] == nil)
            let signedIn = try await context.post("/sign-in", form: [("_csrf", token), ("email", email), ("password", "correct horse battery"), ("next", "/contacts")],
                                                  as: nil, cookies: ["rapport_signin": token])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/contacts")
            let cookie = try #require(signedIn.headers.setCookie?["rapport_session"])
            #expect(cookie.isHTTPOnly && cookie.sameSite == .lax)
            let list = try await context.page("/contacts", as: nil, cookies: ["rapport_session": cookie.string])
            #expect(list.status == .ok)
            // Signing out ends the session on the server, not only in the browser.
            let out = try await context.post("/sign-out", form: [("_csrf", try #require(list.csrf))], as: nil, cookies: ["rapport_session": cookie.string])
            #expect(out.status == .seeOther)
            let after = try await context.page("/contacts", as: nil, cookies: ["rapport_session": cookie.string])
            #expect(after.status == .seeOther)
        }
    }

    @Test("The sign-in form refuses a post whose CSRF token does not match its cookie")
    func signInCSRF() async throws {
        try await APITestContext.with { context in
            let reply = try await context.post("/sign-in", form: [("_csrf", "forged"), ("email", "x@example.com"), ("password", "y")],
                                               as: nil, cookies: ["rapport_signin": "other"])
            #expect(reply.status == .forbidden)
            #expect(reply.text.contains("X-Request-Id") || reply.text.contains("<code>"))
        }
    }

    @Test("A form post without the session's CSRF token is refused and writes nothing")
    func csrfRequired() async throws {
        try await APITestContext.with { context in
            let before = try await context.page("/accounts?q=Forged")
            #expect(!before.text.contains("Forged Ltd"))
            let forged = try await context.post("/accounts", form: [("name", "Forged Ltd")])
            #expect(forged.status == .forbidden)
            let wrongToken = try await context.post("/accounts", form: [("name", "Forged Ltd"), ("_csrf", try await context.csrf(as: "rep"))])
            #expect(wrongToken.status == .forbidden)
            let after = try await context.page("/accounts?q=Forged")
            #expect(!after.text.contains("Forged Ltd"))
            let real = try await context.post("/accounts", form: [("name", "Forged Ltd"), ("_csrf", try await context.csrf())])
            #expect(real.status == .seeOther)
        }
    }

    @Test("Text with markup and script in every text field is shown as text on every page")
    func hostileTextIsInert() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let text = Self.hostile
            func json(_ pairs: KeyValuePairs<String, JSONValue>) -> String { JSONWriter.string(.object(JSONObject(pairs))) }
            let account = try await fixture.create("account", json([
                "name": .string(text), "industry": .string(text), "tags": .array([.string(text)]),
                "website": .string("https://example.com/?q=\"><script>alert(1)</script>"), "phones": .array([.string("+1 555 0100")]),
                "addresses": .array([.object(JSONObject(["street": .string(text), "city": .string(text)]))]),
            ]), as: fixture.admin)
            let contact = try await fixture.create("contact", json([
                "name": .string(text), "title": .string(text), "accountId": .string(account.id.lowercaseString),
                "emails": .array([.string("a@example.com")]),
            ]), as: fixture.admin)
            let stage = try await fixture.stage(named: "Proposal")
            let deal = try await fixture.create("opportunity", json([
                "name": .string(text), "stageId": .string(stage.lowercaseString), "lostReason": .string(text),
                "competitors": .array([.string(text)]), "accountId": .string(account.id.lowercaseString),
            ]), as: fixture.admin)
            let lead = try await fixture.create("lead", json([
                "name": .string(text), "company": .string(text), "source": .string(text), "grade": .string("H"),
            ]), as: fixture.admin)
            let activity = try await fixture.create("activity", json([
                "type": .string("task"), "subject": .string(text), "details": .string(text), "outcome": .string(text),
                "relatedType": .string("account"), "relatedId": .string(account.id.lowercaseString), "dueAt": .string(Timestamp.format(Date())),
            ]), as: fixture.admin)
            let field = try await context.post("/settings/custom-fields", form: [("_csrf", try await context.csrf()), ("entity", "contact"),
                                                                               ("label", text), ("key", "hostile"), ("type", "text")])
            #expect(field.status == .seeOther, "the custom field with a hostile label was made")
            #expect(try await context.page("/contacts/new").text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "its label is on the form")
            var paths = ["/", "/board", "/leads/inbox", "/calendar", "/settings", "/me", "/accounts?cols=name,industry,tags,website",
                         "/leads/\(lead.id.lowercaseString)/convert"]
            for (entity, record) in [("accounts", account), ("contacts", contact), ("opportunities", deal), ("leads", lead), ("activities", activity)] {
                paths += ["/\(entity)", "/\(entity)/new", "/\(entity)/\(record.id.lowercaseString)", "/\(entity)/\(record.id.lowercaseString)/edit",
                          "/\(entity)?q=script"]
            }
            for path in paths {
                let reply = try await context.page(path)
                #expect(reply.status == .ok, "\(path)")
                #expect(!reply.text.contains("<script>alert"), "\(path) let a script tag through")
                #expect(!reply.text.lowercased().contains("href=\"javascript:"), "\(path) links to javascript:")
                #expect(!reply.text.contains("\"<>&'"), "\(path) shows raw markup characters")
            }
            let record = try await context.page("/accounts/\(account.id.lowercaseString)")
            #expect(record.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let csv = try await context.page("/contacts/export.csv")
            #expect(csv.text.contains("<script>alert(1)</script>"), "CSV carries the text itself, for spreadsheets")
        }
    }

    @Test("A partner user cannot open another partner's lead, by link or by typed URL")
    func partnerIsolation() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let theirs = try await fixture.create("lead", #"{"name": "Dealer B lead", "partnerId": "\#(fixture.partnerB.lowercaseString)"}"#, as: fixture.admin)
            let ours = try await fixture.create("lead", #"{"name": "Dealer A lead", "partnerId": "\#(fixture.partnerA.lowercaseString)"}"#, as: fixture.admin)
            let list = try await context.page("/leads", as: "partner")
            #expect(list.text.contains("Dealer A lead"))
            #expect(!list.text.contains("Dealer B lead"))
            let typed = try await context.page("/leads/\(theirs.id.lowercaseString)", as: "partner")
            #expect(typed.status == .notFound)
            #expect(!typed.text.contains("Dealer B lead"))
            #expect(typed.text.contains(try #require(typed.headers.first(name: "X-Request-Id"))))
            #expect(try await context.page("/leads/\(ours.id.lowercaseString)", as: "partner").status == .ok)
        }
    }

    @Test("A record created and edited through the forms is saved, audited and shown with field errors when invalid")
    func formsCreateAndEdit() async throws {
        try await APITestContext.with { context in
            let token = try await context.csrf(as: "rep")
            let missing = try await context.post("/contacts", form: [("_csrf", token), ("name", ""), ("influence", "9")], as: "rep")
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("aria-invalid=\"true\""))
            let created = try await context.post("/contacts", form: [("_csrf", token), ("name", "Olga Smirnova"), ("influence", "4"),
                                                                      ("emails", "olga@example.com"), ("emailConsent", "on")], as: "rep")
            #expect(created.status == .seeOther)
            let path = try #require(created.location?.split(separator: "?").first.map(String.init))
            let record = try await context.page(path, as: "rep")
            #expect(record.text.contains("Olga Smirnova"))
            #expect(record.text.contains("olga@example.com"))
            let edit = try await context.page(path + "/edit", as: "rep")
            let version = try #require(edit.text.range(of: "name=\"_version\" value=\"").map { String(edit.text[$0.upperBound...].prefix { $0 != "\"" }) })
            let saved = try await context.post(path + "/edit", form: [("_csrf", token), ("_version", version), ("name", "Olga Smirnova-Ivanova"),
                                                                       ("influence", "5"), ("emails", "olga@example.com")], as: "rep")
            #expect(saved.status == .seeOther)
            let stale = try await context.post(path + "/edit", form: [("_csrf", token), ("_version", version), ("name", "Lost update")], as: "rep")
            #expect(stale.status == .conflict)
            let after = try await context.page(path, as: "rep")
            #expect(after.text.contains("Olga Smirnova-Ivanova"))
            #expect(!after.text.contains("Lost update"))
            #expect(after.text.contains("Olga Smirnova → Olga Smirnova-Ivanova") || after.text.contains("&quot;Olga Smirnova&quot; → &quot;Olga Smirnova-Ivanova&quot;"))
        }
    }

    @Test("Field errors on forms speak the user's language")
    func localizedFieldErrors() async throws {
        try await APITestContext.with { context in
            try await Directory(database: context.fixture.database).setPreferences(
                userId: context.fixture.rep.userId, tenantId: context.fixture.tenant.id, locale: "ru", timeZone: "Europe/Moscow")
            await context.app.rapport.authenticator.forget(tokenHash: TokenAuthenticator.hash(try #require(context.tokens["rep"])))
            let reply = try await context.post("/contacts", form: [("_csrf", try await context.csrf(as: "rep")), ("name", ""), ("influence", "9")], as: "rep")
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.text.contains("Заполните поле «Имя»") || reply.text.contains("Заполните поле «ФИО»"), "\(reply.text.prefix(0))")
            #expect(reply.text.contains("вне допустимого диапазона"))
        }
    }

    @Test("A call logged on a record appears on its timeline and on Home")
    func quickAddActivity() async throws {
        try await APITestContext.with { context in
            let account = try await context.fixture.create("account", #"{"name": "Timeline Co"}"#, as: context.fixture.rep)
            let path = "/accounts/\(account.id.lowercaseString)"
            let token = try await context.csrf(as: "rep")
            let added = try await context.post(path + "/activities", form: [("_csrf", token), ("type", "call"), ("subject", "Discussed renewal")], as: "rep")
            #expect(added.status == .seeOther)
            #expect(try await context.page(path, as: "rep").text.contains("Discussed renewal"))
            #expect(try await context.page("/", as: "rep").text.contains("Discussed renewal"))
            let blank = try await context.post(path + "/activities", form: [("_csrf", token), ("type", "call"), ("subject", " ")], as: "rep")
            #expect(blank.status == .unprocessableEntity)
        }
    }

    @Test("Lists export the current view as CSV, with formulas neutralised")
    func exportCSV() async throws {
        try await APITestContext.with { context in
            try await context.fixture.create("account", #"{"name": "=HYPERLINK(\"http://x\")", "industry": "Steel"}"#, as: context.fixture.admin)
            try await context.fixture.create("account", #"{"name": "Plain Steel", "industry": "Steel"}"#, as: context.fixture.admin)
            try await context.fixture.create("account", #"{"name": "Other", "industry": "Food"}"#, as: context.fixture.admin)
            let reply = try await context.page("/accounts/export.csv?filter%5Bindustry%5D%5Bcontains%5D=Steel&cols=name,industry")
            #expect(reply.status == .ok)
            #expect(reply.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let lines = reply.text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 3, "\(lines)")
            #expect(lines.contains("Plain Steel,Steel"))
            #expect(lines.contains("\"'=HYPERLINK(\"\"http://x\"\")\",Steel"))
            #expect(!reply.text.contains("Other"))
        }
    }

    @Test("Unknown pages get the friendly error page with a request id; the API keeps problem+json")
    func friendlyErrors() async throws {
        try await APITestContext.with { context in
            let page = try await context.page("/no-such-page")
            #expect(page.status == .notFound)
            #expect(page.headers.contentType == .html)
            #expect(page.text.contains(try #require(page.headers.first(name: "X-Request-Id"))))
            let api = try await context.send(.GET, "/api/v1/no-such-thing")
            #expect(api.headers.contentType?.subType == "problem+json")
        }
    }
}
