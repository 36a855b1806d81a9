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

    /// November 2026: the rep's deal won (1500 USD) and open at best case (600 USD), rep2's open at commit (1000 USD);
    /// the open ones in Proposal, all created today.
    static func deals(_ fixture: TenantFixture) async throws -> [Record] {
        let won = try await fixture.stage(named: "Won"), proposal = try await fixture.stage(named: "Proposal")
        return [
            try await fixture.create("opportunity", #"{"name": "Won deal", "stageId": "\#(won)", "amount": {"amount": "1500", "currency": "USD"}, "expectedCloseDate": "2026-11-02"}"#, as: fixture.rep),
            try await fixture.create("opportunity", #"{"name": "Best case", "stageId": "\#(proposal)", "amount": {"amount": "600", "currency": "USD"}, "expectedCloseDate": "2026-11-25", "forecastCategory": "bestCase"}"#, as: fixture.rep),
            try await fixture.create("opportunity", #"{"name": "Commit", "stageId": "\#(proposal)", "amount": {"amount": "1000", "currency": "USD"}, "expectedCloseDate": "2026-11-20", "forecastCategory": "commit"}"#, as: fixture.rep2),
        ]
    }

    @Test("forecast.csv has a row per owner id with the JSON's figures, computed here from the deals")
    func forecastCSV() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let deals = try await Self.deals(fixture)
            func money(_ value: Decimal) -> String { Money(amount: value, currency: CurrencyCode("USD")!).amountText }
            var expected: [String: [Decimal]] = [:]  // closed, commit, best case, pipeline, weighted
            for deal in deals {
                let owner = try #require(deal["ownerId"].idValue).lowercaseString
                let amount = try #require(deal["amount"].moneyValue).amount
                var figures = expected[owner] ?? [0, 0, 0, 0, 0]
                if deal["status"] == .text("won") { figures[0] += amount } else {
                    figures[deal["forecastCategory"] == .text("commit") ? 1 : 2] += amount
                    figures[4] += (amount * Decimal(deal["probability"].integerValue ?? 0) / 100).roundedHalfAwayFromZero(toPlaces: 2)
                }
                expected[owner] = figures
            }
            let rows = expected.sorted { $0.key < $1.key }.map { owner, f in
                ([owner] + f.map(money) + [money(f[0] + f[1]), money(f[0] + f[1] + f[2]), "USD"]).joined(separator: ",")
            }

            // MUT
            let csv = try await context.send(.GET, "/api/v1/reports/forecast.csv?from=2026-11-01&to=2026-11-30", as: "admin")
            let json = try await context.send(.GET, "/api/v1/reports/forecast?from=2026-11-01&to=2026-11-30", as: "admin")
            let rep2Only = try await context.send(.GET, "/api/v1/reports/forecast.csv?from=2026-11-01&to=2026-11-30&ownerId=\(fixture.rep2.userId)", as: "admin")

            // validate
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition) == "attachment; filename=\"forecast.csv\"")
            let header = "\u{FEFF}owner,closed,commit,best_case,pipeline,weighted,commit_forecast,best_case_forecast,currency\r\n"
            #expect(csv.text == header + rows.joined(separator: "\r\n") + "\r\n", "\(csv.text)")
            #expect(rows.contains("\(fixture.rep.userId.lowercaseString),1500.00,0.00,600.00,0.00,\(money(600 * Decimal(deals[1]["probability"].integerValue ?? 0) / 100)),1500.00,2100.00,USD"))
            for owner in json["owners"]?.arrayValue ?? [] {
                let figures = try #require(owner["figures"])
                let line = [owner["ownerId"]?.stringValue ?? ""] + ["closed", "commit", "bestCase", "pipeline", "weighted", "commitForecast", "bestCaseForecast"]
                    .map { figures[$0]?.stringValue ?? "?" } + ["USD"]
                #expect(rows.contains(line.joined(separator: ",")), "the JSON's figures: \(line)")
            }
            #expect(rep2Only.text == header + rows.filter { $0.hasPrefix(fixture.rep2.userId.lowercaseString) }.joined() + "\r\n")
        }
    }

    @Test("funnel.csv has a row per step, by stage id, with the JSON's figures, computed here from the deals' stages")
    func funnelCSV() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let deals = try await Self.deals(fixture)
            let pipeline = try #require(deals[0]["pipelineId"].idValue)
            let stages = try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id).filter { $0.pipelineId == pipeline }
            let steps = stages.filter { $0.kind != "lost" }.sorted { $0.position < $1.position }
            let positions = try deals.map { deal in try #require(stages.first { $0.id == deal["stageId"].idValue }).position }
            let reached = steps.map { step in positions.filter { $0 >= step.position }.count }
            let rows = steps.indices.map { index in
                let next = index + 1 < steps.count ? reached[index + 1] : nil
                let conversion = next.map { (Decimal($0) * 100 / Decimal(reached[index])).roundedHalfAwayFromZero(toPlaces: 2).plainString } ?? ""
                return "\(steps[index].id.lowercaseString),\(reached[index]),\(conversion),,0"
            }
            let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
            let query = "pipelineId=\(pipeline)&from=\(LocalDate(daysSince1970: today.daysSince1970 - 1))&to=\(today)"

            // MUT
            let csv = try await context.send(.GET, "/api/v1/reports/funnel.csv?\(query)", as: "admin")
            let json = try await context.send(.GET, "/api/v1/reports/funnel?\(query)", as: "admin")
            let noPipeline = try await context.send(.GET, "/api/v1/reports/funnel.csv", as: "admin")

            // validate
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition) == "attachment; filename=\"funnel.csv\"")
            let header = "\u{FEFF}stage,reached,conversion_to_next_percent,average_days,completed_stays\r\n"
            #expect(csv.text == header + rows.joined(separator: "\r\n") + "\r\n", "\(csv.text)")
            let proposal = try #require(steps.firstIndex { $0.name == "Proposal" })
            #expect(rows[proposal] == "\(steps[proposal].id.lowercaseString),3,33.33,,0", "three deals reach Proposal, one goes further")
            let fromJSON = (json["data"]?.arrayValue ?? []).map { step in
                [step["stageId"]?.stringValue ?? "", step["reached"]?.numberText ?? "?", step["conversionToNext"]?.numberText ?? "",
                 step["averageDays"]?.numberText ?? "", step["completedStays"]?.numberText ?? "?"].joined(separator: ",")
            }
            #expect(fromJSON == rows)
            #expect(noPipeline.status == .unprocessableEntity && noPipeline.errorFields == ["pipelineId"])
        }
    }

}
