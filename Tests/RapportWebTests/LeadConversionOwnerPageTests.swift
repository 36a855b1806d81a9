import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("The conversion page of a lead whose owner is deactivated", .serialized)
struct LeadConversionOwnerPageTests {
    @Test("The page says the new records will be the converting user's, in their language, and converting succeeds")
    func pageSaysSoAndConverts() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "admin")
            let gone = fixture.rep2.userId.lowercaseString
            let lead = try await fixture.create("lead", #"{"name": "Анна Ушедшая", "company": "ООО Прежний", "grade": "H", "ownerId": "\#(gone)"}"#, as: fixture.admin)
            let active = try await fixture.create("lead", #"{"name": "Пётр Активный", "company": "ООО Текущий", "grade": "H"}"#, as: fixture.admin)
            #expect(try await context.send(.PATCH, "/api/v1/users/\(gone)", json: #"{"active": false}"#).status == .ok)
            let path = "/leads/\(lead.id.lowercaseString)/convert"
            // MUT
            let form = try await context.page(path)
            let activeForm = try await context.page("/leads/\(active.id.lowercaseString)/convert")
            let converted = try await context.post(path, form: [("_csrf", try #require(form.csrf)), ("createOpportunity", "on"), ("opportunityName", "Прежний")])
            // validate
            #expect(form.text.contains(HTML.escape(Catalogue(.russian).format("convert.ownerDeactivated", ["name": "rep2"]))))
            #expect(!activeForm.text.contains("conversion-owner"))
            #expect(converted.status == .seeOther, "\(converted.text)")
            let stored = try await fixture.store.get(.lead, id: lead.id, principal: fixture.admin)
            let opportunity = try await fixture.store.get(.opportunity, id: try #require(stored["convertedOpportunityId"].idValue), principal: fixture.admin)
            #expect(opportunity["ownerId"] == .id(fixture.admin.userId))
        }
    }
}
