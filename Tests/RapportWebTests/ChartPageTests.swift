import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Charts on pages", .serialized)
struct ChartPageTests {
    @Test("Home draws twelve months of won deals as SVG bars, with this month's won amount on its bar")
    func wonByMonth() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let won = try await fixture.stage(named: "Won")
            let today = LocaleFormat(language: .english, timeZoneIdentifier: "UTC").day(of: Date())
            try await fixture.create("opportunity", #"{"name": "Won now", "stageId": "\#(won.lowercaseString)", "expectedCloseDate": "\#(today.description)", "amount": {"amount": "4321.00", "currency": "USD"}}"#, as: fixture.rep)
            let home = try await context.page("/", as: "rep")
            let svg = try #require(home.text.range(of: "<svg class=\"chart\"").map { String(home.text[$0.lowerBound...].prefix { $0 != "\u{0}" }) })
            #expect(svg.components(separatedBy: "<rect ").count - 1 == 12)
            #expect(svg.contains("$4,321.00"))
        }
    }

    @Test("An account's contacts are drawn as a reports-to tree with decision role and influence")
    func orgChart() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            let account = try await fixture.create("account", #"{"name": "Org Co"}"#, as: fixture.rep)
            let boss = try await fixture.create("contact", #"{"name": "Big Boss", "accountId": "\#(account.id.lowercaseString)", "decisionRole": "decisionMaker", "influence": 5}"#, as: fixture.rep)
            try await fixture.create("contact", #"{"name": "Helper", "accountId": "\#(account.id.lowercaseString)", "reportsToId": "\#(boss.id.lowercaseString)", "influence": 2}"#, as: fixture.rep)
            let page = try await context.page("/accounts/\(account.id.lowercaseString)", as: "rep")
            let start = try #require(page.text.range(of: "<svg class=\"org-chart\""))
            let svg = String(page.text[start.lowerBound...].prefix(while: { _ in true }))
            let chart = String(svg[..<(svg.range(of: "</svg>")?.upperBound ?? svg.endIndex)])
            #expect(chart.contains("Big Boss") && chart.contains("Helper"))
            #expect(chart.contains("Decision maker"))
            #expect(chart.contains("●●●●●") && chart.contains("●●○○○"))
            #expect(chart.components(separatedBy: "<line ").count - 1 == 1)
        }
    }
}

@Suite("Calendar page", .serialized)
struct CalendarPageTests {
    @Test("My activities appear on their day in my time zone, by week and by day; others' do not")
    func agenda() async throws {
        try await APITestContext.with { context in
            let fixture = context.fixture
            // 23:30 UTC on a Wednesday is Thursday 07:30 in Shanghai.
            try await fixture.create("activity", #"{"type": "meeting", "subject": "Late call", "dueAt": "2026-11-18T23:30:00Z"}"#, as: fixture.rep)
            try await fixture.create("activity", #"{"type": "call", "subject": "Someone else's", "dueAt": "2026-11-18T10:00:00Z"}"#, as: fixture.rep2)
            let week = try await context.page("/calendar?view=week&date=2026-11-18", as: "rep")
            #expect(week.status == .ok)
            #expect(week.text.contains("Late call"))
            #expect(!week.text.contains("Someone else"))
            let utcDay = try await context.page("/calendar?view=day&date=2026-11-18", as: "rep")
            #expect(utcDay.text.contains("Late call"))
            try await Directory(database: fixture.database).setPreferences(userId: fixture.rep.userId, tenantId: fixture.tenant.id, locale: "en", timeZone: "Asia/Shanghai")
            await context.app.rapport.authenticator.forget(tokenHash: TokenAuthenticator.hash(try #require(context.tokens["rep"])))
            #expect(!(try await context.page("/calendar?view=day&date=2026-11-18", as: "rep")).text.contains("Late call"))
            #expect((try await context.page("/calendar?view=day&date=2026-11-19", as: "rep")).text.contains("Late call"))
        }
    }
}
