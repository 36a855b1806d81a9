import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Assigning leads from the inbox", .serialized)
struct LeadAssignmentPageTests {
    @Test("A manager gives a rep's lead to another rep: the record names the new owner and the first rep no longer reaches it")
    func reassignBetweenReps() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let lead = try await fixture.create("lead", #"{"name": "Handover lead", "grade": "A"}"#, as: fixture.rep)
            let path = "/leads/\(lead.id.lowercaseString)"
            #expect(try await context.page("/leads/inbox", as: "rep").text.contains("Handover lead"))
            #expect(!(try await context.page("/leads/inbox", as: "rep2").text.contains("Handover lead")))
            // MUT
            let assigned = try await context.post(path + "/assign", form: [
                ("_csrf", try await context.csrf(as: "manager")), ("ownerId", fixture.rep2.userId.lowercaseString),
            ], as: "manager")
            // validate
            #expect(assigned.status == .seeOther)
            #expect(assigned.location == "/leads/inbox?assigned=1")
            let stored = try await fixture.store.get(.lead, id: lead.id, principal: fixture.admin)
            #expect(stored["ownerId"] == .id(fixture.rep2.userId))
            #expect(stored["teamId"] == .id(fixture.teams.south), "the lead follows its owner into their team")
            let record = try await context.page(path, as: "manager")
            #expect(HeaderEditTests.fact("ownerId", in: record.text).contains(">rep2<"))
            #expect(try await context.page(path, as: "rep").status == .notFound)
            #expect(!(try await context.page("/leads/inbox", as: "rep").text.contains("Handover lead")))
            #expect(!(try await context.page("/leads", as: "rep").text.contains("Handover lead")))
            #expect(try await context.page("/leads/inbox", as: "rep2").text.contains("Handover lead"))
            #expect(HeaderEditTests.fact("ownerId", in: try await context.page(path, as: "rep2").text).contains(">rep2<"))
        }
    }

    @Test("A rep cannot give their lead to another rep from the inbox; it stays theirs")
    func repCannotGiveAway() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let lead = try await fixture.create("lead", #"{"name": "Kept lead", "grade": "B"}"#, as: fixture.rep)
            // MUT
            let refused = try await context.post("/leads/\(lead.id.lowercaseString)/assign", form: [
                ("_csrf", try await context.csrf(as: "rep")), ("ownerId", fixture.rep2.userId.lowercaseString),
            ], as: "rep")
            // validate
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("<p class=\"error\" role=\"alert\">You cannot give records to this user.</p>"),
                    "the inbox says why, as an alert, not a generic error page")
            let stored = try await fixture.store.get(.lead, id: lead.id, principal: fixture.admin)
            #expect(stored["ownerId"] == .id(fixture.rep.userId))
            #expect(try await context.page("/leads/inbox", as: "rep").text.contains("Kept lead"))
            #expect(!(try await context.page("/leads/inbox", as: "rep2").text.contains("Kept lead")))
        }
    }
}
