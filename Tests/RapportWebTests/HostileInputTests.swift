import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

/// Markup, script and script addresses in fields that render as links, options or form values.
@Suite("Hostile input on pages", .serialized)
struct HostileInputTests {
    static let markup = "\"<>&' <script>alert(1)</script>"
    /// Addresses that would run script (or a document) if they became a link.
    static let scriptAddresses = ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]
    static let languages = ["en", "zh-CN,zh;q=0.9", "ru-RU,ru;q=0.8"]

    @Test("A javascript: web address is refused by the form and the API, and nothing is saved")
    func scriptAddressRefused() async throws {
        try await APITestContext.with { context in
            // MUT
            let form = try await context.post("/accounts", form: [("_csrf", try await context.csrf()), ("name", "Script Site Ltd"),
                                                                  ("website", "javascript:alert(1)")])
            let api = try await context.send(.POST, "/api/v1/accounts", json: #"{"name": "Script Site Ltd", "website": "javascript:alert(1)"}"#)
            // validate
            #expect(form.status == .unprocessableEntity)
            #expect(form.text.contains("id=\"in-website\" name=\"website\" type=\"url\" value=\"javascript:alert(1)\" aria-invalid=\"true\""))
            #expect(Self.unsafeTargets(in: form.text).isEmpty)
            #expect(api.status == .unprocessableEntity)
            #expect(api.errorFields == ["website"])
            #expect(!(try await context.page("/accounts").text.contains("Script Site Ltd")))
        }
    }

    @Test("Script addresses already stored (say, imported before the check) show as text, never as a link")
    func storedScriptAddressIsNoLink() async throws {
        try await APITestContext.with { context in
            // setup: written past the input checks, as old or imported data would be
            let fixture = context.fixture
            let accounts = try #require(try await fixture.store.entity(named: "account", tenantId: fixture.tenant.id))
            let contacts = try #require(try await fixture.store.entity(named: "contact", tenantId: fixture.tenant.id))
            var paths = ["/accounts?cols=name,website,phones", "/contacts?cols=name,emails,phones", "/accounts?q=alert", "/"]
            for (index, address) in Self.scriptAddresses.enumerated() {
                let account = try await fixture.store.create(accounts, input: RecordInput(values: [
                    "name": .text("Legacy \(index)"), "website": .text(address), "phones": .list([address]),
                ]), principal: fixture.admin)
                let contact = try await fixture.store.create(contacts, input: RecordInput(values: [
                    "name": .text("Legacy person \(index)"), "accountId": .id(account.id), "emails": .list([address]), "phones": .list([address]),
                ]), principal: fixture.admin)
                paths += ["/accounts/\(account.id.lowercaseString)", "/accounts/\(account.id.lowercaseString)/edit",
                          "/contacts/\(contact.id.lowercaseString)", "/contacts/\(contact.id.lowercaseString)/edit"]
            }
            let first = try await context.page(try #require(paths.first { $0.hasPrefix("/accounts/") }))
            #expect(HeaderEditTests.fact("website", in: first.text).contains("<div class=\"fact-value\">javascript:alert(1)</div>"),
                    "the address is shown, as plain text")
            for language in Self.languages {
                for path in paths {
                    // MUT
                    let reply = try await context.page(path, language: language)
                    // validate
                    #expect(reply.status == .ok, "\(path) in \(language)")
                    #expect(Self.unsafeTargets(in: reply.text).isEmpty, "\(path) in \(language) links to \(Self.unsafeTargets(in: reply.text))")
                }
            }
        }
    }

    @Test("Markup in custom fields, choice labels, phones and e-mails is inert on the list, record, form and CSV", arguments: languages)
    func markupInEveryKindOfField(language: String) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let token = try await context.csrf()
            let moods = ["mood " + Self.markup, "javascript:alert(1)"]
            for (key, type, choices) in [("note", "text", ""), ("mood", "choice", moods.joined(separator: "\n")), ("flavours", "multiChoice", moods.joined(separator: "\n"))] {
                let made = try await context.post("/settings/custom-fields", form: [("_csrf", token), ("entity", "contact"), ("key", key),
                                                                                   ("label", "\(key) " + Self.markup), ("type", type), ("choices", choices)])
                #expect(made.status == .seeOther, "custom field \(key)")
            }
            let json = JSONWriter.string(.object(JSONObject([
                "name": .string("name " + Self.markup), "title": .string("title " + Self.markup), "emails": .array([.string("o'\"&x@example.com")]),
                "custom": .object(JSONObject(["note": .string("note " + Self.markup), "mood": .string(moods[0]),
                                              "flavours": .array(moods.map(JSONValue.string))])),
            ])))
            let contact = try await fixture.create("contact", json, as: fixture.admin)
            let entity = try #require(try await fixture.store.entity(named: "contact", tenantId: fixture.tenant.id))
            // Past the input checks, which refuse markup in phones and e-mails.
            _ = try await fixture.store.update(entity, id: contact.id, input: RecordInput(values: [
                "phones": .list(["phone " + Self.markup]), "emails": .list(["o'\"&x@example.com", "mail\"<>&'<script>alert(1)</script>@example.com"]),
            ]), principal: fixture.admin, expectedVersion: nil)
            let id = contact.id.lowercaseString
            let columns = "cols=name,title,emails,phones,custom.note,custom.mood,custom.flavours"
            let shown = ["name", "title", "note", "phone"].map { Self.escaped("\($0) " + Self.markup) }
                + [Self.escaped("mail\"<>&'<script>alert(1)</script>@example.com"), Self.escaped("o'\"&x@example.com"), Self.escaped(moods[0])]
            let pages: [(path: String, mustShow: [String])] = [
                ("/contacts?\(columns)", shown),
                ("/contacts/\(id)", shown + [Self.escaped("note " + Self.markup), Self.escaped("mood " + Self.markup)]),
                ("/contacts/\(id)/edit", shown + [Self.escaped("flavours " + Self.markup)]),
                ("/contacts/new", [Self.escaped("note " + Self.markup), Self.escaped(moods[0])]),
                ("/contacts?filter%5Bcustom.mood%5D=\(Self.queryValue(moods[0]))&\(columns)", [Self.escaped("name " + Self.markup)]),
                ("/contacts?q=\(Self.queryValue("name " + Self.markup))", ["value=\"\(Self.escaped("name " + Self.markup))\""]),
                ("/settings", [Self.escaped("mood " + Self.markup)]),
            ]
            for (path, mustShow) in pages {
                // MUT
                let reply = try await context.page(path, language: language)
                // validate
                #expect(reply.status == .ok, "\(path)")
                #expect(!reply.text.contains("<script>alert"), "\(path) let a script tag through")
                #expect(!reply.text.contains("\"<>&'"), "\(path) shows raw markup characters")
                #expect(!reply.text.contains("[["), "\(path) shows a raw message key")
                #expect(Self.unsafeTargets(in: reply.text).isEmpty, "\(path) links to \(Self.unsafeTargets(in: reply.text))")
                for text in mustShow { #expect(reply.text.contains(text), "\(path) does not show \(text)") }
            }
            let csv = try await context.page("/contacts/export.csv?\(columns)", language: language)
            #expect(csv.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(csv.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(csv.headers.first(name: "X-Content-Type-Options") == "nosniff")
            for value in ["name " + Self.markup, "note " + Self.markup, "phone " + Self.markup, moods.joined(separator: "; ")] {
                #expect(csv.text.contains(Self.csvCell(value)), "the CSV keeps \(value) as one cell of text")
            }
        }
    }

    @Test("A refused form shows the markup it was sent as text")
    func refusedFormEchoesInert() async throws {
        try await APITestContext.with { context in
            let reply = try await context.post("/contacts", form: [("_csrf", try await context.csrf()), ("name", "name " + Self.markup),
                                                                   ("phones", "phone " + Self.markup), ("emails", "mail " + Self.markup)])
            #expect(reply.status == .unprocessableEntity)
            #expect(!reply.text.contains("<script>alert"))
            #expect(!reply.text.contains("\"<>&'"))
            #expect(reply.text.contains(Self.escaped("phone " + Self.markup)), "the refused phone is shown back for correction")
            #expect(reply.text.contains("aria-describedby=\"in-phones-error\""))
        }
    }

    @Test("The link check itself finds script addresses, also when written with character references")
    func linkCheckFindsScript() {
        #expect(Self.unsafeTargets(in: "<a href=\"&#106;ava&#x73;cript&colon;alert(1)\">x</a>") == ["javascript:alert(1)"])
        #expect(Self.unsafeTargets(in: "<img src=\" data:text/html,x\"><form action=\"VBScript:x\">") == ["data:text/html,x", "vbscript:x"])
        #expect(Self.unsafeTargets(in: "<a href=\"/contacts?q=a&amp;b\"></a><a href=\"mailto:a@b.c\"></a><a href=\"tel:+1\"></a>").isEmpty)
    }

    /// Link, image and form targets that are not this site's paths or web, mail and phone addresses.
    static func unsafeTargets(in html: String) -> [String] {
        html.matches(of: /\s(?:href|src|action|formaction|xlink:href|poster|data)\s*=\s*"([^"]*)"/.ignoresCase()).compactMap { match in
            let target = decoded(String(match.output.1)).trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters)).lowercased()
            let safe = target.isEmpty || ["/", "#", "?", "http://", "https://", "mailto:", "tel:"].contains(where: target.hasPrefix)
            return safe ? nil : target
        }
    }

    /// An attribute value as the browser reads it: character references decoded.
    static func decoded(_ value: String) -> String {
        value.replacing(/&#(x?)([0-9a-fA-F]+);/) { match in
            UInt32(String(match.output.2), radix: match.output.1.isEmpty ? 10 : 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
        }
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&colon;", with: ":").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// Written here rather than taken from the app, so a change in its escaping shows.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func csvCell(_ text: String) -> String {
        text.contains(where: { ",\"\r\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
