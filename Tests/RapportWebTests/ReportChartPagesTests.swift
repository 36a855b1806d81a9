import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// The SVG charts of the win/loss, funnel and activity pages, bar by bar against the figures the
/// API gives, and the funnel page's CSV.
@Suite("Sales report charts", .serialized)
struct ReportChartPagesTests {
    struct Bar: Equatable {
        let label: String
        /// Written on the bar; none on an empty bar.
        let value: String?
    }

    /// The page's bar chart: its accessible name and its bars in order.
    static func chart(_ page: String) throws -> (title: String, bars: [Bar]) {
        let start = try #require(page.range(of: "<svg class=\"chart\""))
        let end = try #require(page.range(of: "</svg>", range: start.upperBound..<page.endIndex))
        let svg = String(page[start.lowerBound..<end.upperBound])
        func between(_ text: Substring, _ open: String, _ close: String) -> String? {
            text.range(of: open).map { String(text[$0.upperBound...].prefix { String($0) != close }) }
        }
        let title = between(Substring(svg), "aria-label=\"", "\"") ?? ""
        let bars = svg.components(separatedBy: "<g>").dropFirst().map { group in
            Bar(label: between(Substring(group), "class=\"axis\">", "<") ?? "", value: between(Substring(group), "class=\"value\">", "<"))
        }
        #expect(bars.count == svg.components(separatedBy: "<rect ").count - 1, "one rectangle per bar")
        return (title, bars)
    }

    static var today: LocalDate { LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)) }
    static var period: String { "from=\(LocalDate(daysSince1970: today.daysSince1970 - 1))&to=\(today)" }

    @Test("The win/loss page draws a bar per owner with the win rate the API gives, in the order of its table")
    func winLoss() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let won = try await fixture.stage(named: "Won"), lost = try await fixture.stage(named: "Lost")
            _ = try await fixture.create("opportunity", #"{"name": "Won", "stageId": "\#(won)", "amount": {"amount": "1500", "currency": "USD"}}"#, as: fixture.rep)
            _ = try await fixture.create("opportunity", #"{"name": "Won too", "stageId": "\#(won)", "amount": {"amount": "500", "currency": "USD"}}"#, as: fixture.rep2)
            _ = try await fixture.create("opportunity", #"{"name": "Lost", "stageId": "\#(lost)", "amount": {"amount": "700", "currency": "USD"}, "lostReason": "Price"}"#,
                                         as: fixture.rep2)
            let names = [fixture.rep.userId.lowercaseString: "rep", fixture.rep2.userId.lowercaseString: "rep2"]

            // MUT
            let page = try await context.page("/reports/win-loss?dimension=owner&\(Self.period)", as: "manager")
            let api = try await context.send(.GET, "/api/v1/reports/win-loss?dimension=owner&\(Self.period)", as: "manager")

            // validate
            let (title, bars) = try Self.chart(page.text)
            #expect(title == Catalogue(.english)["report.winRate"])
            let expected = (api["data"]?.arrayValue ?? []).map { row in
                Bar(label: names[row["key"]?.stringValue ?? ""] ?? "?", value: row["winRate"]?.numberText.map { "\($0)%" })
            }
            #expect(bars == expected)
            #expect(bars == [Bar(label: "rep2", value: "50%"), Bar(label: "rep", value: "100%")], "rep2 decided two deals, rep one")
        }
    }

    @Test("The funnel page draws a bar per step with the deals reaching it, and its CSV has the API's figures under the stages' names")
    func funnel() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let deals = try await SalesReportAPITests.deals(fixture)
            let pipeline = try #require(deals[0]["pipelineId"].idValue)
            let stages = try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id)
            try await context.setLanguage("ru", for: "manager")
            let russian = Catalogue(.russian)
            let query = "pipelineId=\(pipeline)&\(Self.period)"

            // MUT
            let page = try await context.page("/reports/funnel?\(query)", as: "manager")
            let csv = try await context.page("/reports/funnel.csv?\(query)", as: "manager")
            let apiCSV = try await context.send(.GET, "/api/v1/reports/funnel.csv?\(query)", as: "manager")
            let api = try await context.send(.GET, "/api/v1/reports/funnel?\(query)", as: "manager")

            // validate
            func name(_ id: String?) -> String { stages.first { $0.id.lowercaseString == id }.map(russian.stageName) ?? "?" }
            let (title, bars) = try Self.chart(page.text)
            #expect(title == russian["report.funnel"])
            let steps = api["data"]?.arrayValue ?? []
            #expect(bars == steps.map { Bar(label: String(name($0["stageId"]?.stringValue).prefix(14)), value: $0["reached"]?.numberText) })
            #expect(bars.map(\.value) == ["3", "3", "3", "1", "1"], "three deals up to Proposal, the won one beyond")
            #expect(csv.headers.contentType?.subType == "csv")
            var named = apiCSV.text
            for stage in stages { named = named.replacingOccurrences(of: stage.id.lowercaseString, with: russian.stageName(stage)) }
            #expect(csv.text == named, "\(csv.text)")
            #expect(csv.text.contains("\r\n\(russian.stageName("Proposal")),3,33.33,,0\r\n"))
        }
    }

    @Test("The activity page draws a bar per day with the calls, meetings and tasks done that day")
    func activity() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let yesterday = LocalDate(daysSince1970: Self.today.daysSince1970 - 1)
            _ = try await fixture.create("activity", #"{"type": "call", "subject": "Call", "done": true}"#, as: fixture.rep)
            _ = try await fixture.create("activity", #"{"type": "meeting", "subject": "Visit", "done": true}"#, as: fixture.rep)
            _ = try await fixture.create("activity", #"{"type": "task", "subject": "Quote", "done": true, "doneAt": "\#(yesterday)T12:00:00Z"}"#, as: fixture.rep2)
            _ = try await fixture.create("activity", #"{"type": "note", "subject": "Not counted", "done": true}"#, as: fixture.rep2)
            let format = LocaleFormat(language: .english, timeZoneIdentifier: "UTC")

            // MUT
            let page = try await context.page("/reports/activity?bucket=day&\(Self.period)", as: "manager")

            // validate
            let (title, bars) = try Self.chart(page.text)
            #expect(title == Catalogue(.english)["perf.activitiesDone"])
            #expect(bars == [Bar(label: String(format.date(yesterday).prefix(14)), value: "1"), Bar(label: String(format.date(Self.today).prefix(14)), value: "2")])
        }
    }
}
