import Foundation
import RapportDomain
import RapportTestSupport
import SQLKit
import Testing
import Vapor
@testable import RapportPersistence
@testable import RapportWeb

@Suite("Stage names", .serialized)
struct StageNameTests {
    @Test("Every stage a new tenant starts with has a translated name in every language", arguments: Language.allCases)
    func defaultStagesTranslated(language: Language) {
        let text = Catalogue(language)
        for stage in Directory.defaultStages {
            let key = try? #require(Catalogue.defaultStageKeys[stage.name], "\(stage.name) has no catalogue key")
            #expect(key.map(text.contains) == true, "\(language.rawValue): \(stage.name)")
            #expect(!text.stageName(stage.name).isEmpty)
        }
        #expect(text.stageName("Demo booked <b>") == "Demo booked <b>", "a stage an admin named is shown as typed")
    }

    @Test("In Chinese and Russian the board shows the default stages translated, and a renamed stage as the admin typed it",
          arguments: [("zh-CN,zh;q=0.9", Language.chinese), ("ru-RU,ru;q=0.8", Language.russian)])
    func boardInLanguage(acceptLanguage: String, language: Language) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let prospecting = try await fixture.stage(named: "Prospecting"), qualification = try await fixture.stage(named: "Qualification")
            let deal = try await fixture.create("opportunity", #"{"name": "Stage deal", "stageId": "\#(prospecting.lowercaseString)"}"#, as: fixture.rep)
            try await Self.rename(qualification, to: "Demo booked", in: fixture.database)
            let text = Catalogue(language)
            // MUT
            let board = try await context.page("/board", as: "rep", language: acceptLanguage)
            let record = try await context.page("/opportunities/\(deal.id.lowercaseString)", as: "rep", language: acceptLanguage)
            // validate
            #expect(board.status == .ok)
            #expect(Self.heading(of: prospecting, in: board.text).contains(text["stage.prospecting"]))
            #expect(Self.heading(of: try await fixture.stage(named: "Proposal"), in: board.text).contains(text["stage.proposal"]))
            #expect(Self.heading(of: qualification, in: board.text).contains("Demo booked"))
            #expect(!board.text.contains(">Prospecting<") && !board.text.contains(">Proposal<"), "no English default name on the board")
            #expect(board.text.contains(">\(text["stage.negotiation"])</option>"), "the move form's choices are translated too")
            #expect(board.text.contains(">Demo booked</option>"))
            #expect(text["stage.prospecting"] != "Prospecting")
            #expect(HeaderEditTests.fact("stageId", in: record.text).contains(text["stage.prospecting"]), "the record page's header")
        }
    }

    @Test("In English the default names are shown as they are")
    func english() async throws {
        try await APITestContext.with { context in
            let board = try await context.page("/board", as: "rep", language: "en")
            #expect(Self.heading(of: try await context.fixture.stage(named: "Negotiation"), in: board.text).contains("Negotiation"))
        }
    }

    /// An admin's rename, as the pipeline settings will do it.
    static func rename(_ stage: UUID, to name: String, in database: RapportPersistence.Database) async throws {
        let dialect = database.dialect
        try await database.withConnection { db in
            try await db.raw("UPDATE stages SET name = \(bind: name) WHERE id = \(bind: dialect.bind(stage))").run()
        }
    }

    static func heading(of stage: UUID, in html: String) -> String {
        guard let start = html.range(of: "<h2 id=\"stage-\(stage.lowercaseString)\">") else { return "" }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: "</h2>")?.lowerBound ?? rest.endIndex)])
    }
}
