import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Sales report API", .serialized)
struct SalesReportAPITests {
    @Test("Forecast, win/loss (JSON and CSV) and funnel answer with the figures; bad filters are field errors")
    func reports() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let won = try await fixture.stage(named: "Won"), open = try await fixture.stage(named: "Proposal")
            _ = try await fixture.create("opportunity", #"{"name": "Won deal", "stageId": "\#(won)", "amount": {"amount": "1500", "currency": "USD"}, "expectedCloseDate": "2026-11-02"}"#, as: fixture.rep)
            _ = try await fixture.create("opportunity", #"{"name": "Open deal", "stageId": "\#(open)", "amount": {"amount": "1000", "currency": "USD"}, "expectedCloseDate": "2026-11-20", "forecastCategory": "commit"}"#, as: fixture.rep2)

            let forecast = try await context.send(.GET, "/api/v1/reports/forecast?from=2026-11-01&to=2026-11-30", as: "admin")
            #expect(forecast.status == .ok)
            #expect(forecast["total"]?["closed"] == .string("1500.00") && forecast["total"]?["commit"] == .string("1000.00"))
            #expect(forecast["total"]?["commitForecast"] == .string("2500.00"))
            let mine = try await context.send(.GET, "/api/v1/reports/forecast?from=2026-11-01&to=2026-11-30", as: "rep")
            #expect(mine["total"]?["commit"] == .string("0.00") && mine["total"]?["closed"] == .string("1500.00"))
            let backwards = try await context.send(.GET, "/api/v1/reports/forecast?from=2026-12-01&to=2026-11-01&ownerId=x", as: "admin")
            #expect(backwards.status == .unprocessableEntity && Set(backwards.errorFields) == ["to", "ownerId"])

            let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
            let period = "from=\(LocalDate(daysSince1970: today.daysSince1970 - 1))&to=\(today)"
            let byOwner = try await context.send(.GET, "/api/v1/reports/win-loss?dimension=owner&\(period)", as: "admin")
            #expect(byOwner["total"]?["won"] == .int(1) && byOwner["total"]?["winRate"] == .number("100"))
            let csv = try await context.send(.GET, "/api/v1/reports/win-loss.csv?dimension=owner&\(period)", as: "admin")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.text.hasPrefix("\u{FEFF}key,won,lost,win_rate_percent,won_amount,average_won,currency\r\n"))
            #expect(csv.text.contains("\(fixture.rep.userId.lowercaseString),1,0,100,1500.00,1500.00,USD"))
            let badDimension = try await context.send(.GET, "/api/v1/reports/win-loss?dimension=weather", as: "admin")
            #expect(badDimension.status == .unprocessableEntity && badDimension.errorFields == ["dimension"])

            let noPipeline = try await context.send(.GET, "/api/v1/reports/funnel", as: "admin")
            #expect(noPipeline.status == .unprocessableEntity && noPipeline.errorFields == ["pipelineId"])
            let pipeline = try #require(try await fixture.store.get(.opportunity, id: try await fixture.create(
                "opportunity", #"{"name": "Funnel deal", "stageId": "\#(open)"}"#, as: fixture.rep).id, principal: fixture.rep)["pipelineId"].idValue)
            let funnel = try await context.send(.GET, "/api/v1/reports/funnel?pipelineId=\(pipeline)&\(period)", as: "admin")
            #expect(funnel.status == .ok && funnel["data"]?.arrayValue?.first?["reached"] == .int(3))
        }
    }
}
