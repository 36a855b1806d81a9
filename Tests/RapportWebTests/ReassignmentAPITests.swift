import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Reassignment API", .serialized)
struct ReassignmentAPITests {
    static func finished(_ api: APITestContext, _ location: String) async throws -> APITestContext.Reply {
        let deadline = ContinuousClock.now + .seconds(20)
        var reply = try await api.send(.GET, location, as: "admin")
        while ContinuousClock.now < deadline, !["done", "failed", "dead"].contains(reply["state"]?.stringValue ?? "") {
            try await Task.sleep(for: .milliseconds(50))
            reply = try await api.send(.GET, location, as: "admin")
        }
        return reply
    }

    @Test("POST /reassignments answers 202 with the job; the server's runner moves the records; others get 403 and cannot read the job")
    func reassign() async throws {
        try await APITestContext.with { api in
            // setup
            let fixture = api.fixture
            let accounts = [try await fixture.create("account", #"{"name": "One"}"#, as: fixture.rep),
                            try await fixture.create("account", #"{"name": "Two"}"#, as: fixture.rep)]
            let body = #"{"fromUserId": "\#(fixture.rep.userId)", "toUserId": "\#(fixture.rep2.userId)", "entities": ["account", "lead"]}"#
            // MUT
            let byManager = try await api.send(.POST, "/api/v1/reassignments", as: "manager", json: body)
            let invalid = try await api.send(.POST, "/api/v1/reassignments", as: "admin",
                                             json: #"{"fromUserId": "\#(fixture.rep.userId)", "toUserId": "\#(fixture.rep.userId)", "entities": ["payment"]}"#)
            let accepted = try await api.send(.POST, "/api/v1/reassignments", as: "admin", json: body)
            let location = try #require(accepted.headers.first(name: .location))
            let job = try await Self.finished(api, location)
            let asManager = try await api.send(.GET, location, as: "manager")
            // validate
            #expect(byManager.status == .forbidden)
            #expect(invalid.status == .unprocessableEntity && Set(invalid.errorCodes) == ["invalid_value", "invalid_choice"])
            #expect(accepted.status == .accepted)
            #expect(location == "/api/v1/jobs/\(accepted["job"]?["id"]?.stringValue ?? "")")
            #expect(accepted["plan"]?["account"] == .int(2) && accepted["plan"]?["lead"] == .int(0))
            #expect(job["state"] == .string("done") && job["kind"] == .string("reassign.owner"))
            #expect(job["progress"]?["done"] == .int(2) && job["progress"]?["total"] == .int(2))
            #expect(job["result"]?["moved"]?["account"] == .int(2))
            #expect(asManager.status == .notFound)
            for account in accounts {
                #expect(try await fixture.store.get(.account, id: account.id, principal: fixture.admin)["ownerId"] == .id(fixture.rep2.userId))
            }
        }
    }

    @Test("The settings page queues a reassignment and shows its progress; only administrators reach it")
    func settingsPage() async throws {
        try await APITestContext.with { api in
            // setup
            let fixture = api.fixture
            let account = try await fixture.create("account", #"{"name": "Mine <&>"}"#, as: fixture.rep)
            let form = try await api.page("/settings/reassign", as: "admin", language: "zh-CN")
            let token = try #require(form.csrf)
            // MUT
            let refused = try await api.post("/settings/reassign", form: [("_csrf", token), ("fromUserId", fixture.rep.userId.lowercaseString)], as: "admin")
            let queued = try await api.post("/settings/reassign", form: [
                ("_csrf", token), ("fromUserId", fixture.rep.userId.lowercaseString), ("toUserId", fixture.manager.userId.lowercaseString),
                ("entities[]", "account"), ("accountCountry", ""),
            ], as: "admin")
            let location = try #require(queued.location)
            let jobId = String(location.split(separator: "=").last ?? "")
            _ = try await ReassignmentAPITests.finished(api, "/api/v1/jobs/\(jobId)")
            let progress = try await api.page(location, as: "admin")
            let byRep = try await api.page("/settings/reassign", as: "rep")
            // validate
            #expect(form.status == .ok && !form.text.contains("[[") && form.text.contains("转移记录"))
            #expect(refused.status == .unprocessableEntity && refused.text.contains("reassign-toUserId-error"))
            #expect(location.hasPrefix("/settings/reassign?job="))
            #expect(progress.status == .ok && progress.text.contains("reassign-job-title") && progress.headers.first(name: "Refresh") == nil)
            #expect(byRep.status == .forbidden)
            #expect(try await fixture.store.get(.account, id: account.id, principal: fixture.admin)["ownerId"] == .id(fixture.manager.userId))
        }
    }
}
