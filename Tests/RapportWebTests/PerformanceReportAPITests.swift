import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Quota and performance report API and pages", .serialized)
struct PerformanceReportAPITests {
    @Test("Quotas are set by managers and admins, refused with field errors; plan vs actual and activity answer as JSON and CSV")
    func api() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let rep = fixture.rep.userId.lowercaseString
            let won = try await fixture.stage(named: "Won")
            _ = try await fixture.create("opportunity", #"{"name": "Won deal", "stageId": "\#(won)", "amount": {"amount": "1500", "currency": "USD"}}"#, as: fixture.rep)
            _ = try await fixture.create("activity", #"{"type": "call", "subject": "Hello", "done": true}"#, as: fixture.rep)
            let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
            let month = LocalDate(year: today.year, month: today.month, day: 1)!
            let period = "from=\(month)&to=\(today)"

            // MUT + validate
            let body = #"{"quotas": [{"userId": "\#(rep)", "periodKind": "month", "periodStart": "\#(month)", "wonAmount": "3000", "newAccounts": 2, "completedActivities": 4}]}"#
            let byRep = try await context.send(.PUT, "/api/v1/quotas", as: "rep", json: body)
            #expect(byRep.status == .forbidden)
            let saved = try await context.send(.PUT, "/api/v1/quotas", as: "manager", json: body)
            #expect(saved.status == .ok && saved["data"]?.arrayValue?.first?["wonAmount"] == .string("3000.00"))
            let bad = try await context.send(.PUT, "/api/v1/quotas", as: "admin",
                                             json: #"{"quotas": [{"periodKind": "year", "periodStart": "2026-02-03", "newAccounts": 1.5, "colour": "red"}]}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields) == ["quotas[0].newAccounts", "quotas[0].colour"])
            let badTarget = try await context.send(.PUT, "/api/v1/quotas", as: "admin",
                                                   json: #"{"quotas": [{"periodKind": "year", "periodStart": "2026-02-03"}]}"#)
            #expect(badTarget.status == .unprocessableEntity && Set(badTarget.errorFields) == ["quotas[0].userId", "quotas[0].periodKind"])
            // A period that would end in the year 10000 is refused, not a crash.
            for (kind, start) in [("quarter", "9999-10-01"), ("month", "9999-12-01")] {
                let endless = try await context.send(.PUT, "/api/v1/quotas", as: "admin",
                                                     json: #"{"quotas": [{"userId": "\#(rep)", "periodKind": "\#(kind)", "periodStart": "\#(start)"}]}"#)
                #expect(endless.status == .unprocessableEntity && endless.errorFields == ["quotas[0].periodStart"])
            }
            let listed = try await context.send(.GET, "/api/v1/quotas?\(period)", as: "rep")
            #expect(listed["data"]?.arrayValue?.count == 1)
            #expect(try await context.send(.GET, "/api/v1/quotas?\(period)", as: "rep2")["data"]?.arrayValue?.count == 0)

            let plan = try await context.send(.GET, "/api/v1/reports/plan-vs-actual?\(period)", as: "admin")
            let row = try #require(plan["data"]?.arrayValue?.first)
            #expect(row["wonAmount"]?["actual"] == .string("1500.00") && row["wonAmount"]?["attainment"] == .number("50"))
            #expect(row["completedActivities"]?["actual"] == .number("1") && row["completedActivities"]?["attainment"] == .number("25"))
            let planCSV = try await context.send(.GET, "/api/v1/reports/plan-vs-actual.csv?\(period)", as: "admin")
            #expect(planCSV.headers.contentType?.subType == "csv")
            #expect(planCSV.text.contains("\(rep),,month,\(month),3000.00,1500.00,50,2,0,0,4,1,25,USD"), "\(planCSV.text)")
            let backwards = try await context.send(.GET, "/api/v1/reports/plan-vs-actual?from=2026-12-01&to=2026-11-01", as: "admin")
            #expect(backwards.status == .unprocessableEntity && backwards.errorFields == ["to"])

            let activity = try await context.send(.GET, "/api/v1/reports/activity?bucket=month&\(period)", as: "admin")
            #expect(activity.status == .ok && activity["total"]?["calls"] == .int(1) && activity["bucket"] == .string("month"))
            let activityCSV = try await context.send(.GET, "/api/v1/reports/activity.csv?bucket=month&\(period)", as: "rep")
            #expect(activityCSV.text.hasPrefix("\u{FEFF}owner,bucket_start,calls,meetings,tasks,new_leads,leads_answered_in_time,stage_moves\r\n"))
            #expect(activityCSV.text.contains("\(rep),\(month),1,0,0,0,0,0"), "\(activityCSV.text)")
            let badBucket = try await context.send(.GET, "/api/v1/reports/activity?bucket=year", as: "admin")
            #expect(badBucket.status == .unprocessableEntity && badBucket.errorFields == ["bucket"])
        }
    }

    @Test("The plan-vs-actual page shows the quota against the actual and saves a quota from its editor; the activity page exports CSV")
    func pages() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
            let quarter = LocalDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
            _ = try await fixture.create("activity", #"{"type": "meeting", "subject": "Visit", "done": true}"#, as: fixture.rep2)
            let token = try await context.csrf(as: "manager")

            // MUT + validate
            let refused = try await context.post("/reports/plan-vs-actual/quotas", form: [
                ("_csrf", token), ("target", "team:\(fixture.teams.south.lowercaseString)"), ("periodKind", "quarter"),
                ("periodStart", "\(today.year)-02-01"), ("wonAmount", "1000"),
            ], as: "manager")
            #expect(refused.status == .unprocessableEntity && refused.text.contains("role=\"alert\""))
            let saved = try await context.post("/reports/plan-vs-actual/quotas", form: [
                ("_csrf", token), ("target", "team:\(fixture.teams.south.lowercaseString)"), ("periodKind", "quarter"),
                ("periodStart", quarter.description), ("wonAmount", "1000"), ("completedActivities", "2"),
            ], as: "manager")
            #expect(saved.status == .seeOther)
            try await context.setLanguage("zh-CN", for: "manager")
            let page = try await context.page("/reports/plan-vs-actual", as: "manager")
            #expect(page.status == .ok && page.text.contains("<svg class=\"chart\""))
            #expect(page.text.contains(Catalogue(.chinese).format("perf.teamTarget", ["name": "South"])))
            #expect(page.text.contains("50%"), "one of two activities done")
            let repPage = try await context.page("/reports/plan-vs-actual", as: "rep")
            #expect(!repPage.text.contains("quota-editor") && !repPage.text.contains(Catalogue(.english).format("perf.teamTarget", ["name": "South"])))
            let csv = try await context.page("/reports/activity.csv?bucket=day", as: "manager")
            #expect(csv.text.contains("rep2,\(today),0,1,0,0,0,0"), "\(csv.text)")
            let bad = try await context.page("/reports/activity?bucket=fortnight", as: "manager")
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test("Plan vs actual names a month quota by its month and full year and a quarter by its number and year, in each language",
          arguments: [("en", "Dec 2026", "Q4 2026"), ("zh-CN", "2026年12月", "2026年第4季度"), ("ru", "дек. 2026 г.", "4 кв. 2026")])
    func periodNames(language: String, month: String, quarter: String) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let body = """
                {"quotas": [{"userId": "\(fixture.rep.userId)", "periodKind": "month", "periodStart": "2026-12-01", "wonAmount": "3000"},
                            {"teamId": "\(fixture.teams.south)", "periodKind": "quarter", "periodStart": "2026-10-01", "wonAmount": "9000"}]}
                """
            #expect(try await context.send(.PUT, "/api/v1/quotas", as: "admin", json: body).status == .ok)
            try await context.setLanguage(language, for: "admin")
            // MUT
            let page = try await context.page("/reports/plan-vs-actual?from=2026-10-01&to=2026-12-31", as: "admin")
            // validate
            let text = Catalogue(Language(preference: language)!)
            // ICU puts a narrow no-break space before the Russian "г."; any space will do here.
            let shown = page.text.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
            #expect(shown.contains("<tr><th scope=\"row\">rep</th><td>\(month)</td>"), "\(language)")
            #expect(shown.contains("<tr><th scope=\"row\">\(text.format("perf.teamTarget", ["name": "South"]))</th><td>\(quarter)</td>"), "\(language)")
        }
    }
}
