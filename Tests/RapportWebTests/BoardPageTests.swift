import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Pipeline board page", .serialized)
struct BoardPageTests {
    @Test("Cards sit in their stage with count and totals; a move by form changes both and is kept in the history")
    func moveByForm() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let prospecting = try await fixture.stage(named: "Prospecting"), qualification = try await fixture.stage(named: "Qualification")
            let deal = try await fixture.create("opportunity", #"{"name": "Board deal", "stageId": "\#(prospecting.lowercaseString)", "amount": {"amount": "1000.00", "currency": "EUR"}}"#, as: fixture.rep)
            let before = try await context.page("/board", as: "rep")
            #expect(before.status == .ok)
            #expect(section(of: prospecting, in: before.text).contains("Board deal"))
            #expect(section(of: prospecting, in: before.text).contains("1,000.00"))
            #expect(section(of: prospecting, in: before.text).contains("100.00"), "weighted by the stage's 10%")
            // MUT
            let moved = try await context.post("/board/move", form: [("_csrf", try #require(before.csrf)), ("id", deal.id.lowercaseString),
                                                                    ("stageId", qualification.lowercaseString), ("version", "1")], as: "rep")
            // validate
            #expect(moved.status == .seeOther)
            let after = try await context.page("/board", as: "rep")
            #expect(!section(of: prospecting, in: after.text).contains("Board deal"))
            #expect(section(of: qualification, in: after.text).contains("Board deal"))
            #expect(section(of: qualification, in: after.text).contains("200.00"), "weighted by the stage's 20%")
            let record = try await context.page("/opportunities/\(deal.id.lowercaseString)", as: "rep")
            #expect(HeaderEditTests.fact("stageId", in: record.text).contains("Qualification"))
            #expect(record.text.contains("<li>Stage: Prospecting → Qualification</li>"), "the history names the stages moved from and to")
        }
    }

    @Test("Moving a deal to Lost asks for the reason and competitor, and closes it only with a reason")
    func lostNeedsReason() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let prospecting = try await fixture.stage(named: "Prospecting"), lost = try await fixture.stage(named: "Lost")
            let deal = try await fixture.create("opportunity", #"{"name": "Doomed deal", "stageId": "\#(prospecting.lowercaseString)"}"#, as: fixture.rep)
            let token = try await context.csrf(as: "rep")
            let base = [("_csrf", token), ("id", deal.id.lowercaseString), ("stageId", lost.lowercaseString), ("version", "1")]
            let asked = try await context.post("/board/move", form: base, as: "rep")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("name=\"lostReason\""))
            let blank = try await context.post("/board/move", form: base + [("lostReason", " ")], as: "rep")
            #expect(blank.status == .unprocessableEntity)
            let closed = try await context.post("/board/move", form: base + [("lostReason", "Price"), ("competitor", "Globex")], as: "rep")
            #expect(closed.status == .seeOther)
            let stored = try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.rep)
            #expect(stored["status"] == .text("lost"))
            #expect(stored["lostReason"] == .text("Price"))
            #expect(stored["competitors"] == .list(["Globex"]))
            #expect(!(try await context.page("/board", as: "rep")).text.contains("Doomed deal"))
        }
    }

    @Test("Another rep's deal is not on my board and cannot be moved by me")
    func boardFollowsScope() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let prospecting = try await fixture.stage(named: "Prospecting"), qualification = try await fixture.stage(named: "Qualification")
            let theirs = try await fixture.create("opportunity", #"{"name": "Rep2 secret deal", "stageId": "\#(prospecting.lowercaseString)"}"#, as: fixture.rep2)
            #expect(!(try await context.page("/board", as: "rep")).text.contains("Rep2 secret deal"))
            #expect((try await context.page("/board", as: "admin")).text.contains("Rep2 secret deal"))
            let attempt = try await context.post("/board/move", form: [("_csrf", try await context.csrf(as: "rep")), ("id", theirs.id.lowercaseString),
                                                                      ("stageId", qualification.lowercaseString)], as: "rep")
            #expect(attempt.status == .notFound)
            let stored = try await fixture.store.get(.opportunity, id: theirs.id, principal: fixture.admin)
            #expect(stored["stageId"] == .id(prospecting))
        }
    }

    private func section(of stage: UUID, in html: String) -> String {
        guard let start = html.range(of: "data-stage=\"\(stage.lowercaseString)\"") else { return "" }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }
}
