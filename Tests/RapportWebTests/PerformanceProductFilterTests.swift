import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// The product filter of plan vs actual and the activity report through the API and the pages, on
/// the sales of `ProductFilterAPITests`: the rep's laptop deal won today (4000 USD, one stage
/// move), open deals with the laptop and support, and an account of the rep's.
@Suite("Product filter of plan vs actual and activity, API and pages", .serialized)
struct PerformanceProductFilterTests {
    static var today: LocalDate { ProductFilterAPITests.today }
    static var month: LocalDate { LocalDate(year: today.year, month: today.month, day: 1)! }

    static func quota(_ context: APITestContext) async throws {
        let rep = context.fixture.rep.userId.lowercaseString
        let saved = try await context.send(.PUT, "/api/v1/quotas", as: "admin", json: """
            {"quotas": [{"userId": "\(rep)", "periodKind": "month", "periodStart": "\(month)", "wonAmount": 8000, "newAccounts": 2, "completedActivities": 4}]}
            """)
        #expect(saved.status == .ok)
    }

    @Test("Through the API the product narrows the won amount and the stage moves only, and the answer says so")
    func api() async throws {
        try await APITestContext.with { context in
            // setup
            let sales = try await ProductFilterAPITests.sales(context)
            try await Self.quota(context)
            let rep = context.fixture.rep.userId.lowercaseString
            let period = "from=\(Self.month)&to=\(Self.today)"
            func plan(_ product: UUID?) async throws -> APITestContext.Reply {
                try await context.send(.GET, "/api/v1/reports/plan-vs-actual?\(period)" + (product.map { "&productId=\($0)" } ?? ""), as: "admin")
            }
            func activity(_ product: UUID?) async throws -> APITestContext.Reply {
                try await context.send(.GET, "/api/v1/reports/activity?bucket=month&\(period)" + (product.map { "&productId=\($0)" } ?? ""), as: "admin")
            }

            // MUT
            let (planAll, planLaptop, planSupport) = (try await plan(nil), try await plan(sales.laptop), try await plan(sales.support))
            let (movesAll, movesLaptop, movesSupport) = (try await activity(nil), try await activity(sales.laptop), try await activity(sales.support))
            let planCSV = try await context.send(.GET, "/api/v1/reports/plan-vs-actual.csv?\(period)&productId=\(sales.support)", as: "admin")
            let laptopCSV = try await context.send(.GET, "/api/v1/reports/activity.csv?bucket=month&\(period)&productId=\(sales.laptop)", as: "admin")
            let supportCSV = try await context.send(.GET, "/api/v1/reports/activity.csv?bucket=month&\(period)&productId=\(sales.support)", as: "admin")

            // validate
            #expect(planAll["productId"] == .null && planAll["productFiltered"] == .array([]))
            #expect(planLaptop["productId"] == .string(sales.laptop.lowercaseString) && planLaptop["productFiltered"] == .array([.string("wonAmount")]))
            let (all, laptop, support) = (planAll["data"]?.arrayValue?.first, planLaptop["data"]?.arrayValue?.first, planSupport["data"]?.arrayValue?.first)
            #expect(all?["wonAmount"]?["actual"] == .string("4000.00") && laptop?["wonAmount"]?["actual"] == .string("4000.00"))
            #expect(laptop?["wonAmount"]?["attainment"] == .number("50"))
            #expect(support?["wonAmount"]?["actual"] == .string("0.00") && support?["wonAmount"]?["attainment"] == .number("0"))
            for row in [laptop, support] {
                #expect(row?["newAccounts"] == all?["newAccounts"] && row?["completedActivities"] == all?["completedActivities"])
            }
            #expect(all?["newAccounts"]?["actual"] == .number("1"), "the rep's account, counted whatever the product")
            #expect(planCSV.text.contains("\(rep),,month,\(Self.month),8000.00,0.00,0,2,1,50,4,0,0,USD"), "\(planCSV.text)")

            #expect(movesSupport["productFiltered"] == .array([.string("stageMoves")]) && movesAll["productFiltered"] == .array([]))
            #expect(movesAll["total"]?["stageMoves"] == .int(1) && movesLaptop["total"]?["stageMoves"] == .int(1))
            #expect(movesSupport["total"]?["stageMoves"] == .int(0))
            #expect(laptopCSV.text.contains("\(rep),\(Self.month),0,0,0,0,0,1\r\n"), "\(laptopCSV.text)")
            #expect(supportCSV.text == "\u{FEFF}owner,bucket_start,calls,meetings,tasks,new_leads,leads_answered_in_time,stage_moves\r\n",
                    "nothing but moves happened, and none of a support deal: \(supportCSV.text)")
        }
    }

    @Test("The plan-vs-actual and activity pages offer the product, apply it, keep it in the CSV link and the quota editor, and state what it narrows")
    func pages() async throws {
        try await APITestContext.with { context in
            // setup
            let sales = try await ProductFilterAPITests.sales(context)
            try await Self.quota(context)
            let (laptop, support) = (sales.laptop.lowercaseString, sales.support.lowercaseString)
            try await context.setLanguage("ru", for: "admin")
            let russian = Catalogue(.russian)

            // MUT
            let plan = try await context.page("/reports/plan-vs-actual?from=\(Self.month)&to=\(Self.today)&productId=\(support)", as: "admin")
            let planCSV = try await context.page("/reports/plan-vs-actual.csv?from=\(Self.month)&to=\(Self.today)&productId=\(laptop)", as: "admin")
            let activity = try await context.page("/reports/activity?bucket=month&from=\(Self.month)&to=\(Self.today)&productId=\(laptop)", as: "admin")
            let bad = try await context.page("/reports/activity?productId=nope", as: "admin")

            // validate
            for (page, chosen, path) in [(plan, support, "plan-vs-actual"), (activity, laptop, "activity")] {
                #expect(page.status == .ok && !page.text.contains("[["), "\(path)")
                #expect(page.text.contains(#"<select id="r-product" name="productId" aria-describedby="r-product-rule">"#), "\(path)")
                #expect(page.text.contains(#"<option value="\#(chosen)" selected>"#), "\(path)")
                #expect(!page.text.contains("Retired model"), "an inactive product is not offered")
                #expect(page.text.contains(#"<p class="muted" id="r-product-rule">\#(russian["perf.productRule.\(path)"])</p>"#), "\(path)")
                let export = try #require(page.text.range(of: "href=\"/reports/\(path).csv?").map { String(page.text[$0.upperBound...].prefix { $0 != "\"" }) })
                #expect(export.contains("productId=\(chosen)"), "\(export)")
            }
            #expect(plan.text.contains(#"<input type="hidden" name="productId" value="\#(support)">"#), "the quota editor comes back to the same filter")
            // Support: no won deal of the rep's carries it, so 0 of 8000; the account still counts.
            #expect(plan.text.contains("<td class=\"number\">0,00\u{a0}$</td>"), "\(plan.text)")
            #expect(planCSV.text.contains("rep,,month,\(Self.month),8000.00,4000.00,50,2,1,50,4,0,0,USD"), "\(planCSV.text)")
            #expect(activity.text.contains("<svg class=\"chart\""))
            #expect(bad.status == .unprocessableEntity && bad.text.contains("role=\"alert\""))
        }
    }
}
