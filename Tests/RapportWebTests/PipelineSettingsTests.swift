import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Pipeline and stage settings", .serialized)
struct PipelineSettingsTests {
    @Test("A stage added in settings becomes a board column in its place; moving it up changes the board's order; both are audited")
    func stageOnBoard() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let pipeline = try #require(try await PipelineStore(database: fixture.database).pipelines(tenantId: fixture.tenant.id).first(where: \.isDefault))
            let token = try await context.csrf()
            // MUT
            let added = try await context.post("/settings/pipelines/\(pipeline.id.lowercaseString)/stages", form: [
                ("_csrf", token), ("name", "Site visit"), ("probability", "60"), ("kind", "open"),
            ])
            // validate
            #expect(added.status == .seeOther)
            let visit = try await fixture.stage(named: "Site visit")
            var open: [UUID] = []
            for name in ["Prospecting", "Qualification", "Proposal", "Negotiation"] { open.append(try await fixture.stage(named: name)) }
            let board = try await context.page("/board", as: "rep")
            #expect(columnOrder(board.text) == open + [visit], "a new open stage goes after the last open one")
            #expect(try await context.page("/settings").text.contains("value=\"Site visit\""))

            // MUT
            let moved = try await context.post("/settings/stages/\(visit.lowercaseString)/move", form: [("_csrf", token), ("direction", "up")])
            // validate
            #expect(moved.status == .seeOther)
            let after = try await context.page("/board", as: "rep")
            #expect(columnOrder(after.text) == [open[0], open[1], open[2], visit, open[3]])
            let audit = try await AuditLog(database: fixture.database).entries(recordId: visit, tenantId: fixture.tenant.id)
            #expect(audit.map(\.action) == ["move", "create"])
            #expect(audit.allSatisfy { $0.actorId == fixture.admin.userId && $0.entity == "stage" })
            #expect(audit.first?.changes["position"]?["old"] == .int(5) && audit.first?.changes["position"]?["new"] == .int(4))
        }
    }

    @Test("The API adds pipelines and stages, renames, reprices and reorders them, and explains what it refuses")
    func api() async throws {
        try await APITestContext.with { api in
            // setup
            let created = try await api.send(.POST, "/api/v1/pipelines", json: #"{"name": "Service contracts"}"#)
            #expect(created.status == .created)
            #expect(created["stages"] == .array([]))
            let pipeline = try #require(created["id"]?.stringValue)
            // MUT
            let quote = try await api.send(.POST, "/api/v1/pipelines/\(pipeline)/stages", json: #"{"name": "Quote", "probability": 40}"#)
            let signed = try await api.send(.POST, "/api/v1/pipelines/\(pipeline)/stages", json: #"{"name": "Signed", "probability": 100, "kind": "won"}"#)
            let draft = try await api.send(.POST, "/api/v1/pipelines/\(pipeline)/stages", json: #"{"name": "Draft", "probability": 10}"#)
            // validate
            #expect([quote.status, signed.status, draft.status] == [.created, .created, .created])
            #expect(quote["kind"] == .string("open") && quote["pipelineId"] == .string(pipeline))
            #expect(draft["position"] == .int(2), "an open stage goes before the won and lost ones")
            let quoteId = try #require(quote["id"]?.stringValue), draftId = try #require(draft["id"]?.stringValue)

            let duplicate = try await api.send(.POST, "/api/v1/pipelines/\(pipeline)/stages", json: #"{"name": " quote ", "probability": 5}"#)
            #expect(duplicate.status == .unprocessableEntity && duplicate.errorCodes == ["taken"])
            let blank = try await api.send(.POST, "/api/v1/pipelines/\(pipeline)/stages", json: #"{"name": "  ", "probability": 5}"#)
            #expect(blank.status == .unprocessableEntity && blank.errorFields == ["name"])
            let range = try await api.send(.POST, "/api/v1/pipelines/\(pipeline)/stages", json: #"{"name": "Later", "probability": 101, "kind": "maybe"}"#)
            #expect(range.status == .unprocessableEntity && Set(range.errorFields) == ["probability", "kind"])
            #expect(try await api.send(.POST, "/api/v1/pipelines", json: #"{"name": "service CONTRACTS"}"#).errorCodes == ["taken"])
            #expect(try await api.send(.POST, "/api/v1/pipelines", json: #"{"name": "X", "extra": 1}"#).errorCodes == ["unknown_field"])

            let renamed = try await api.send(.PATCH, "/api/v1/stages/\(quoteId)", json: #"{"name": "Quotation", "probability": 45}"#)
            #expect(renamed.status == .ok)
            #expect(renamed["name"] == .string("Quotation") && renamed["probability"] == .int(45))
            #expect(try await api.send(.PATCH, "/api/v1/stages/\(quoteId)", json: #"{"name": "draft"}"#).errorCodes == ["taken"])
            #expect(try await api.send(.PATCH, "/api/v1/stages/\(quoteId)", json: #"{"probability": -1}"#).status == .unprocessableEntity)

            let moved = try await api.send(.POST, "/api/v1/stages/\(draftId)/move", json: #"{"direction": "up"}"#)
            #expect(moved.status == .ok)
            #expect(moved["stages"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Draft", "Quotation", "Signed"])
            #expect(moved["stages"]?.arrayValue?.compactMap { $0["position"] } == [.int(1), .int(2), .int(3)])
            let atTop = try await api.send(.POST, "/api/v1/stages/\(draftId)/move", json: #"{"direction": "up"}"#)
            #expect(atTop["stages"] == moved["stages"], "the first stage stays first")

            let listed = try await api.send(.GET, "/api/v1/pipelines")
            let mine = listed["data"]?.arrayValue?.first { $0["id"] == .string(pipeline) }
            #expect(mine?["stages"] == moved["stages"])
            let audit = try await AuditLog(database: api.fixture.database).entries(recordId: try #require(UUID(parsing: quoteId)), tenantId: api.fixture.tenant.id)
            #expect(audit.map(\.action) == ["update", "create"])
            #expect(audit.first?.changes["name"]?["old"] == .string("Quote") && audit.first?.changes["name"]?["new"] == .string("Quotation"))
            #expect(try await api.send(.PATCH, "/api/v1/stages/not-an-id", json: #"{"name": "X"}"#).status == .notFound)
            #expect(try await api.send(.POST, "/api/v1/stages/\(UUID().lowercaseString)/move", json: #"{"direction": "down"}"#).status == .notFound)
            #expect(try await api.send(.POST, "/api/v1/pipelines/\(UUID().lowercaseString)/stages", json: #"{"name": "X", "probability": 1}"#).status == .notFound)
        }
    }

    @Test("Only administrators change pipelines; the settings page explains refusals next to the form")
    func refusals() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let pipeline = try #require(try await PipelineStore(database: fixture.database).pipelines(tenantId: fixture.tenant.id).first).id.lowercaseString
            let proposal = try await fixture.stage(named: "Proposal").lowercaseString
            // MUT + validate: other roles
            #expect(try await context.send(.POST, "/api/v1/pipelines", as: "manager", json: #"{"name": "Mine"}"#).status == .forbidden)
            #expect(try await context.send(.PATCH, "/api/v1/stages/\(proposal)", as: "rep", json: #"{"probability": 99}"#).status == .forbidden)
            #expect(try await context.send(.POST, "/api/v1/stages/\(proposal)/move", as: "readOnly", json: #"{"direction": "up"}"#).status == .forbidden)
            let managerToken = try await context.csrf(as: "manager")
            #expect(try await context.post("/settings/stages/\(proposal)/move", form: [("_csrf", managerToken), ("direction", "up")], as: "manager").status == .forbidden)
            #expect(try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id).first { $0.name == "Proposal" }?.probability == 50)

            // MUT + validate: the page's messages
            let token = try await context.csrf()
            let range = try await context.post("/settings/pipelines/\(pipeline)/stages", form: [("_csrf", token), ("name", "Later"), ("probability", "150")])
            #expect(range.status == .unprocessableEntity && range.text.contains("Probability (%) must be between 0 and 100."))
            let blank = try await context.post("/settings/pipelines", form: [("_csrf", token), ("name", " ")])
            #expect(blank.status == .unprocessableEntity && blank.text.contains("Give it a name."))
            let taken = try await context.post("/settings/stages/\(proposal)", form: [("_csrf", token), ("name", "negotiation"), ("probability", "50")])
            #expect(taken.status == .unprocessableEntity && taken.text.contains("This pipeline already has a stage with this name."))
            // Sending a default stage's shown name back is not a rename; the probability still changes.
            let repriced = try await context.post("/settings/stages/\(proposal)", form: [("_csrf", token), ("name", "Proposal"), ("probability", "55")])
            #expect(repriced.status == .seeOther)
            #expect(try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id).first { $0.name == "Proposal" }?.probability == 55)
        }
    }

    @Test("The OpenAPI document describes the new settings operations")
    func documented() async throws {
        try await APITestContext.with { api in
            let paths = try await api.send(.GET, "/api/v1/openapi.json")["paths"]
            #expect(paths?["/api/v1/pipelines"]?["post"]?["operationId"] == .string("createPipeline"))
            #expect(paths?["/api/v1/pipelines/{id}/stages"]?["post"]?["operationId"] == .string("createStage"))
            #expect(paths?["/api/v1/stages/{id}"]?["patch"]?["operationId"] == .string("updateStage"))
            #expect(paths?["/api/v1/stages/{id}/move"]?["post"]?["operationId"] == .string("moveStage"))
            #expect(paths?["/api/v1/users/{id}"]?["patch"]?["operationId"] == .string("updateUser"))
        }
    }

    /// The board's columns, left to right, by stage id.
    private func columnOrder(_ html: String) -> [UUID] {
        html.matches(of: /data-stage="([0-9a-f-]{36})"/).compactMap { UUID(parsing: String($0.output.1)) }
    }
}
