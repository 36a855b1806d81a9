import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Refusals on the conversion, list and settings pages read in the user's language", .serialized)
struct PageTranslationTests {
    @Test("A bad amount on the lead conversion form is refused in Russian, with its limits, not in English")
    func conversionAmount() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "rep")
            let lead = try await fixture.create("lead", #"{"name": "Пётр Иванов", "company": "Ромашка"}"#, as: fixture.rep)
            let text = Catalogue(.russian)
            let label = text["field.opportunity.amount"]
            let money = FieldDecoder.decode(.object(JSONObject(["amount": .string("12.345"), "currency": .string("EUR")])),
                                            for: FieldDefinition("amount", .money, label: label))
            guard case .failure(let error) = money else { Issue.record("12.345 EUR was accepted"); return }
            // MUT
            let refused = try await context.post("/leads/\(lead.id.lowercaseString)/convert", form: [
                ("_csrf", try await context.csrf(as: "rep")), ("createOpportunity", "on"), ("amount", "12.345"), ("currency", "EUR")], as: "rep")
            // validate
            #expect(refused.status == .unprocessableEntity)
            let message = text.format("validation.invalid_money.limits", ["field": label, "max": "2", "currency": "EUR"])
            #expect(refused.text.contains("<p class=\"error\" role=\"alert\">\(HTML.escape(message))</p>"), "\(message)")
            #expect(!refused.text.contains(HTML.escape(error.message)))
            #expect(try await fixture.store.get(.lead, id: lead.id, principal: fixture.rep)["status"] == .text("new"))
        }
    }

    @Test("A bad filter value on the contacts list is explained in Russian, never in the API's English")
    func listFilter() async throws {
        try await APITestContext.with { context in
            // setup
            let text = Catalogue(.russian)
            let influence = try #require(EntityDefinition.contact.field(named: "influence"))
            let message = text.format("validation.out_of_range.limits", ["field": text.label(influence, of: .contact), "min": "1", "max": "5"])
            // MUT
            let page = try await context.page("/contacts?filter%5Binfluence%5D=9", as: "rep", language: "ru")
            let badSort = try await context.page("/contacts?sort=nosuchfield", as: "rep", language: "ru")
            // validate
            #expect(page.status == .badRequest)
            #expect(page.text.contains(HTML.escape(message)), "\(message)")
            #expect(!page.text.contains("must be between"))
            #expect(badSort.status == .badRequest)
            #expect(badSort.text.contains(HTML.escape(text.format("validation.unknown_field", ["field": text["list.sortOrder"]]))))
            #expect(!badSort.text.contains("has no such field"))
        }
    }

    @Test("A stage's probability out of range is refused on the settings page naming the store's limits",
          arguments: [("ru", Language.russian), ("zh-CN", Language.chinese)])
    func stageProbability(locale: String, language: Language) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage(locale, for: "admin")
            let pipeline = try #require(try await PipelineStore(database: fixture.database).pipelines(tenantId: fixture.tenant.id).first).id
            let text = Catalogue(language)
            // MUT
            let refused = try await context.post("/settings/pipelines/\(pipeline.lowercaseString)/stages", form: [
                ("_csrf", try await context.csrf()), ("name", "Later"), ("probability", "150"), ("kind", "open")])
            // validate
            #expect(refused.status == .unprocessableEntity)
            let message = text.format("validation.out_of_range.limits", ["field": text["settings.probability"], "min": "0", "max": "100"])
            #expect(refused.text.contains(HTML.escape(message)), "\(message)")
            #expect(!refused.text.contains("[[") && !refused.text.contains("{max}"))
            #expect(try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id).allSatisfy { $0.name != "Later" })
        }
    }

    @Test("The lead response days carry their range from the store to the settings page")
    func leadResponseDays() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage("zh-CN", for: "admin")
            let text = Catalogue(.chinese)
            // MUT
            var stored: FieldError?
            do { try await Directory(database: fixture.database).setLeadResponseDays(0, tenantId: fixture.tenant.id) } catch StoreError.validation(let errors) {
                stored = errors.first
            }
            let refused = try await context.post("/settings/lead-rule", form: [("_csrf", try await context.csrf()), ("days", "400")])
            // validate
            #expect(stored?.code == "out_of_range" && stored?.limits == ["min": "1", "max": "365"])
            #expect(refused.status == .unprocessableEntity)
            let message = text.format("validation.out_of_range.limits", ["field": text["settings.leadDays"], "min": "1", "max": "365"])
            #expect(refused.text.contains(HTML.escape(message)), "\(message)")
            #expect(try await Directory(database: fixture.database).tenant(id: fixture.tenant.id)?.leadResponseDays == 7)
        }
    }
}
