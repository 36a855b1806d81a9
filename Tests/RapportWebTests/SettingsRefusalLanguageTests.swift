import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Settings forms refuse in the user's language, next to the field", .serialized)
struct SettingsRefusalLanguageTests {
    @Test("An invalid custom field key and a taken e-mail read in the user's language next to their fields, never in the store's English",
          arguments: [("ru", Language.russian), ("zh-CN", Language.chinese)])
    func translatedNextToField(locale: String, language: Language) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage(locale, for: "admin")
            let taken = try #require(try await Directory(database: fixture.database).user(id: fixture.rep.userId)).email
            let token = try await context.csrf()
            let text = Catalogue(language)
            // MUT
            let field = try await context.post("/settings/custom-fields", form: [("_csrf", token), ("entity", "account"), ("label", "Парк машин"),
                                                                               ("key", "1-fleet"), ("type", "number")])
            let user = try await context.post("/settings/users", form: [("_csrf", token), ("name", "Второй"), ("email", taken.uppercased()),
                                                                       ("role", "rep"), ("password", "long enough password")])
            // validate
            #expect(field.status == .unprocessableEntity)
            let keyMessage = try #require(text.validationMessage(FieldError(field: "key", code: .invalidKey, message: ""), label: text["settings.key"]))
            #expect(Self.after("id=\"cf-key\"", in: field.text).contains("<p class=\"field-error\" role=\"alert\">\(HTML.escape(keyMessage))</p>"))
            #expect(!field.text.contains("must start with a lower-case letter"), "not the store's English")
            #expect(user.status == .conflict)
            #expect(Self.after("id=\"u-email\"", in: user.text).contains("<p class=\"field-error\" role=\"alert\">\(HTML.escape(text["settings.emailTaken"]))</p>"))
            #expect(!user.text.contains("already exists"), "not the store's English")
        }
    }

    @Test("A second custom field with a taken key and a partner user without an organisation are refused next to their fields, in Russian")
    func conflictAndRequired() async throws {
        try await APITestContext.with { context in
            // setup
            try await context.setLanguage("ru", for: "admin")
            let token = try await context.csrf()
            let text = Catalogue(.russian)
            let fieldForm = [("_csrf", token), ("entity", "account"), ("label", "Регион"), ("key", "region"), ("type", "text")]
            #expect(try await context.post("/settings/custom-fields", form: fieldForm).status == .seeOther)
            // MUT
            let again = try await context.post("/settings/custom-fields", form: fieldForm)
            let partner = try await context.post("/settings/users", form: [("_csrf", token), ("name", "Дилер"), ("email", "dealer-\(UUID().uuidString.prefix(6))@example.com"),
                                                                          ("role", "partner"), ("password", "long enough password")])
            let incomplete = try await context.post("/settings/custom-fields", form: [("_csrf", token), ("entity", "account"), ("label", "Сегмент"),
                                                                                    ("key", "segment"), ("type", "choice")])
            // validate
            #expect(again.status == .conflict)
            #expect(Self.after("id=\"cf-key\"", in: again.text).contains(HTML.escape(text["settings.fieldKeyTaken"])))
            #expect(partner.status == .unprocessableEntity)
            #expect(Self.after("id=\"u-partner\"", in: partner.text).contains(HTML.escape(text["settings.partnerRequired"])))
            #expect(Self.after("id=\"cf-type\"", in: incomplete.text).contains(HTML.escape(text["settings.typeIncomplete"])))
        }
    }

    /// The page from an element up to the next form label: the field and the message shown next to it.
    static func after(_ marker: String, in html: String) -> String {
        guard let start = html.range(of: marker) else { return "" }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: "<label")?.lowerBound ?? rest.endIndex)])
    }
}
