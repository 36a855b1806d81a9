import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Losing a deal from its record page asks for the reason, as the board does", .serialized)
struct LostReasonFromRecordTests {
    @Test("The edit form refuses a lost stage without a reason, in the user's language, and writes nothing")
    func editForm() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "rep")
            let prospecting = try await fixture.stage(named: "Prospecting"), lost = try await fixture.stage(named: "Lost")
            let deal = try await fixture.create("opportunity", #"{"name": "Doomed deal", "stageId": "\#(prospecting.lowercaseString)"}"#, as: fixture.rep)
            let path = "/opportunities/\(deal.id.lowercaseString)"
            let token = try await context.csrf(as: "rep")
            let base = [("_csrf", token), ("_version", "1"), ("name", "Doomed deal"), ("stageId", lost.lowercaseString)]
            // MUT
            let refused = try await context.post(path + "/edit", form: base + [("lostReason", " ")], as: "rep")
            // validate
            #expect(refused.status == .unprocessableEntity)
            let message = Catalogue(.russian)["board.lostReasonRequired"]
            #expect(refused.text.contains("<p class=\"field-error\" id=\"in-lostReason-error\">\(HTML.escape(message))</p>"), "\(message)")
            #expect(refused.text.contains("aria-describedby=\"in-lostReason-error\""))
            let unchanged = try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.rep)
            #expect(unchanged.version == 1 && unchanged["status"] == .text("open"))

            // MUT: with a reason it closes
            let closed = try await context.post(path + "/edit", form: base + [("lostReason", "Price")], as: "rep")
            // validate
            #expect(closed.status == .seeOther)
            let stored = try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.rep)
            #expect(stored["status"] == .text("lost") && stored["lostReason"] == .text("Price"))
        }
    }

    @Test("Choosing a lost stage in the header opens the board's lost-deal question, which comes back to the record")
    func header() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let prospecting = try await fixture.stage(named: "Prospecting"), lost = try await fixture.stage(named: "Lost")
            let deal = try await fixture.create("opportunity", #"{"name": "Doomed deal", "stageId": "\#(prospecting.lowercaseString)"}"#, as: fixture.rep)
            let path = "/opportunities/\(deal.id.lowercaseString)"
            let token = try await context.csrf(as: "rep")
            // MUT
            let asked = try await context.post(path + "/fact", form: [("_csrf", token), ("_version", "1"), ("_field", "stageId"),
                                                                      ("stageId", lost.lowercaseString)], as: "rep")
            // validate
            #expect(asked.status == .ok)
            #expect(asked.text.contains("action=\"/board/move\"") && asked.text.contains("name=\"lostReason\""))
            #expect(asked.text.contains("<input type=\"hidden\" name=\"back\" value=\"\(path)\">"))
            #expect(asked.text.contains("<a href=\"\(path)\">"), "cancelling goes back to the record")
            #expect(try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.rep)["status"] == .text("open"))

            // MUT: answering the question
            let blank = try await context.post("/board/move", form: [("_csrf", token), ("id", deal.id.lowercaseString), ("stageId", lost.lowercaseString),
                                                                     ("version", "1"), ("back", path), ("lostReason", "")], as: "rep")
            let closed = try await context.post("/board/move", form: [("_csrf", token), ("id", deal.id.lowercaseString), ("stageId", lost.lowercaseString),
                                                                      ("version", "1"), ("back", path), ("lostReason", "Price"), ("competitor", "Globex")], as: "rep")
            // validate
            #expect(blank.status == .unprocessableEntity && blank.text.contains("name=\"back\" value=\"\(path)\""))
            #expect(closed.status == .seeOther && closed.location == path + "?saved=1")
            let stored = try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.rep)
            #expect(stored["status"] == .text("lost") && stored["lostReason"] == .text("Price") && stored["competitors"] == .list(["Globex"]))
        }
    }

    @Test("Moving to an open stage from the header saves at once, and a deal that has a reason is not asked again")
    func noQuestionNeeded() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let prospecting = try await fixture.stage(named: "Prospecting"), lost = try await fixture.stage(named: "Lost")
            let qualification = try await fixture.stage(named: "Qualification")
            let deal = try await fixture.create("opportunity", #"{"name": "Live deal", "stageId": "\#(prospecting.lowercaseString)", "lostReason": "Timing"}"#, as: fixture.rep)
            let path = "/opportunities/\(deal.id.lowercaseString)"
            let token = try await context.csrf(as: "rep")
            let moved = try await context.post(path + "/fact", form: [("_csrf", token), ("_version", "1"), ("_field", "stageId"),
                                                                      ("stageId", qualification.lowercaseString)], as: "rep")
            #expect(moved.status == .seeOther)
            let lostNow = try await context.post(path + "/fact", form: [("_csrf", token), ("_version", "2"), ("_field", "stageId"),
                                                                        ("stageId", lost.lowercaseString)], as: "rep")
            #expect(lostNow.status == .seeOther)
            #expect(try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.rep)["status"] == .text("lost"))
        }
    }
}
