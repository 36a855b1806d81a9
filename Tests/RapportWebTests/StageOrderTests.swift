import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Open stages stay before the won and lost stages", .serialized)
struct StageOrderTests {
    @Test("The API refuses to move an open stage below an outcome, or an outcome above an open stage; outcomes may swap")
    func api() async throws {
        try await APITestContext.with { api in
            // setup
            let pipeline = try #require(try await api.send(.POST, "/api/v1/pipelines", json: #"{"name": "Renewals"}"#)["id"]?.stringValue)
            var ids: [String] = []
            for body in [#"{"name": "Quote", "probability": 40}"#, #"{"name": "Signed", "probability": 100, "kind": "won"}"#,
                         #"{"name": "Dropped", "probability": 0, "kind": "lost"}"#] {
                ids.append(try #require(try await api.send(.POST, "/api/v1/pipelines/\(pipeline)/stages", json: body)["id"]?.stringValue))
            }
            // MUT
            let openDown = try await api.send(.POST, "/api/v1/stages/\(ids[0])/move", json: #"{"direction": "down"}"#)
            let wonUp = try await api.send(.POST, "/api/v1/stages/\(ids[1])/move", json: #"{"direction": "up"}"#)
            let unchanged = try await api.send(.GET, "/api/v1/pipelines")
            let outcomes = try await api.send(.POST, "/api/v1/stages/\(ids[1])/move", json: #"{"direction": "down"}"#)
            // validate
            for refused in [openDown, wonUp] {
                #expect(refused.status == .unprocessableEntity, "\(refused.text)")
                #expect(refused.errorFields == ["direction"] && refused.errorCodes == ["stage_order"])
            }
            let mine = unchanged["data"]?.arrayValue?.first { $0["id"] == .string(pipeline) }
            #expect(mine?["stages"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Quote", "Signed", "Dropped"], "nothing moved")
            #expect(outcomes.status == .ok)
            #expect(outcomes["stages"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Quote", "Dropped", "Signed"])
        }
    }

    @Test("Settings disable the moves that would cross between open stages and outcomes, and refuse them in the user's language")
    func page() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await context.setLanguage("ru", for: "admin")
            let lastOpen = try await fixture.stage(named: "Negotiation"), won = try await fixture.stage(named: "Won")
            let firstOpen = try await fixture.stage(named: "Prospecting")
            // MUT
            let settings = try await context.page("/settings")
            let refused = try await context.post("/settings/stages/\(lastOpen.lowercaseString)/move", form: [("_csrf", try await context.csrf()), ("direction", "down")])
            // validate
            #expect(Self.isDisabled(lastOpen, .down, in: settings.text) == true)
            #expect(Self.isDisabled(lastOpen, .up, in: settings.text) == false)
            #expect(Self.isDisabled(won, .up, in: settings.text) == true)
            #expect(Self.isDisabled(won, .down, in: settings.text) == false, "won may still swap with lost")
            #expect(Self.isDisabled(firstOpen, .down, in: settings.text) == false)
            #expect(refused.status == .unprocessableEntity)
            let text = Catalogue(.russian)
            let message = try #require(text.validationMessage(FieldError(field: "direction", code: .stageOrder, message: ""), label: text["settings.order"]))
            let row = Self.row(lastOpen, in: refused.text)
            #expect(row.contains("<p class=\"field-error\" role=\"alert\">\(HTML.escape(message))</p>"), "next to the stage's buttons")
            #expect(!refused.text.contains("Open stages come before"), "not the store's English")
            let order = try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id)
            #expect(order.first { $0.id == lastOpen }?.position == 4, "nothing moved")
        }
    }

    /// Whether the stage's up or down button is disabled on the settings page; nil when the page has no such button.
    static func isDisabled(_ stage: UUID, _ direction: PipelineStore.Direction, in html: String) -> Bool? {
        let row = row(stage, in: html)
        guard let start = row.range(of: "value=\"\(direction.rawValue)\"") else { return nil }
        let rest = row[start.upperBound...]
        let button = rest[..<(rest.range(of: "</button>")?.lowerBound ?? rest.endIndex)]
        return button.contains(" disabled>")
    }

    static func row(_ stage: UUID, in html: String) -> String {
        guard let start = html.range(of: "<tr id=\"stage-\(stage.lowercaseString)\"") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</tr>")?.upperBound ?? rest.endIndex)])
    }
}
