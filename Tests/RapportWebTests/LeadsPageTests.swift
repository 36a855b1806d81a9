import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Leads inbox and conversion pages", .serialized)
struct LeadsPageTests {
    @Test("Open leads are grouped by grade with a countdown; late ones say overdue")
    func inboxByGrade() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let soon = Timestamp.format(Date().addingTimeInterval(3 * 3600)), late = Timestamp.format(Date().addingTimeInterval(-26 * 3600))
            try await fixture.create("lead", #"{"name": "Hot lead", "grade": "H", "responseDueAt": "\#(soon)"}"#, as: fixture.rep)
            try await fixture.create("lead", #"{"name": "Late lead", "grade": "B", "responseDueAt": "\#(late)"}"#, as: fixture.rep)
            try await fixture.create("lead", #"{"name": "Done lead", "grade": "H", "status": "disqualified"}"#, as: fixture.rep)
            let page = try await context.page("/leads/inbox", as: "rep")
            #expect(page.status == .ok)
            let hot = section("grade-H", page.text), b = section("grade-B", page.text)
            #expect(hot.contains("Hot lead"))
            #expect(hot.contains("answer within 2 h") || hot.contains("answer within 3 h"), "three hours left, less the seconds the test took")
            #expect(b.contains("Late lead") && b.contains("overdue by 1 d 2 h"))
            #expect(!page.text.contains("Done lead"))
            let russian = try await context.page("/leads/inbox", as: "rep", language: "ru")
            #expect(russian.text.contains("просрочено на 1 д 2 ч"))
        }
    }

    @Test("A manager assigns a lead to a partner organisation; the partner then sees it and the other partner does not")
    func assignToPartner() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let lead = try await fixture.create("lead", #"{"name": "Dealer lead", "grade": "A"}"#, as: fixture.manager)
            #expect(!(try await context.page("/leads/inbox", as: "partner")).text.contains("Dealer lead"))
            let assigned = try await context.post("/leads/\(lead.id.lowercaseString)/assign", form: [
                ("_csrf", try await context.csrf(as: "manager")), ("ownerId", fixture.manager.userId.lowercaseString),
                ("partnerId", fixture.partnerA.lowercaseString)], as: "manager")
            #expect(assigned.status == .seeOther)
            #expect((try await context.page("/leads/inbox", as: "partner")).text.contains("Dealer lead"))
            #expect(try await context.page("/leads/\(lead.id.lowercaseString)", as: "partner").status == .ok)
        }
    }

    @Test("The conversion form shows the account and contact it will reuse, and converting creates the opportunity")
    func convertWithMatch() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let account = try await fixture.create("account", #"{"name": "Globex"}"#, as: fixture.rep)
            let contact = try await fixture.create("contact", #"{"name": "Hank Scorpio", "emails": ["hank@globex.example"], "accountId": "\#(account.id.lowercaseString)"}"#, as: fixture.rep)
            let lead = try await fixture.create("lead", #"{"name": "Hank Scorpio", "company": "globex", "email": "HANK@globex.example", "grade": "H"}"#, as: fixture.rep)
            let form = try await context.page("/leads/\(lead.id.lowercaseString)/convert", as: "rep")
            #expect(section("match-account", form.text, end: "</dd>").contains(account.id.lowercaseString))
            #expect(section("match-contact", form.text, end: "</dd>").contains(contact.id.lowercaseString))
            let fresh = try await fixture.create("lead", #"{"name": "New Person", "company": "Initech"}"#, as: fixture.rep)
            let freshForm = try await context.page("/leads/\(fresh.id.lowercaseString)/convert", as: "rep")
            #expect(section("match-account", freshForm.text, end: "</dd>").contains("Will be created"))
            let converted = try await context.post("/leads/\(lead.id.lowercaseString)/convert", form: [
                ("_csrf", try #require(form.csrf)), ("createOpportunity", "on"), ("opportunityName", "Globex expansion"),
                ("amount", "2500"), ("currency", "EUR")], as: "rep")
            #expect(converted.status == .seeOther)
            let opportunityPage = try await context.page(try #require(converted.location), as: "rep")
            #expect(opportunityPage.text.contains("Globex expansion"))
            #expect(opportunityPage.text.contains("2,500.00"))
            let stored = try await fixture.store.get(.lead, id: lead.id, principal: fixture.rep)
            #expect(stored["status"] == .text("converted"))
            #expect(stored["convertedAccountId"] == .id(account.id))
            #expect(stored["convertedContactId"] == .id(contact.id))
        }
    }

    private func section(_ id: String, _ html: String, end: String = "</section>") -> String {
        guard let start = html.range(of: "id=\"\(id)\"") else { return "" }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: end)?.lowerBound ?? rest.endIndex)])
    }
}
