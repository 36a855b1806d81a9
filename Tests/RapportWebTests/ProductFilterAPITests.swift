import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// The product filter of the forecast, win/loss, funnel and aging reports through the API and the
/// pages: a deal or invoice with the laptop, another with support, a retired product never offered.
@Suite("Product filter of the sales reports, API and pages", .serialized)
struct ProductFilterAPITests {
    struct Sales {
        let laptop: UUID
        let support: UUID
        let retired: UUID
        let pipeline: UUID
        let laptopInvoice: Record
        let supportInvoice: Record
    }

    /// Open deals closing in November 2026: the rep's with the laptop (1000 USD, commit), rep2's with
    /// support (2500 USD, commit); a deal of the rep's won today with the laptop (4000 USD); one EUR
    /// invoice per product, issued 2026-10-01 and due 2026-10-31.
    static func sales(_ context: APITestContext) async throws -> Sales {
        let fixture = context.fixture
        func product(_ sku: String, _ name: String, active: Bool) async throws -> UUID {
            try await fixture.create("product", #"{"sku": "\#(sku)", "name": "\#(name)", "taxCategory": "standard", "active": \#(active)}"#, as: fixture.admin).id
        }
        let laptop = try await product("LT-14", "Laptop 14", active: true)
        let support = try await product("SUP-1Y", "Support plan", active: true)
        let retired = try await product("OLD-1", "Retired model", active: false)
        let proposal = try await fixture.stage(named: "Proposal")
        func deal(_ name: String, _ amount: String, _ product: UUID, as owner: Principal) async throws -> Record {
            let deal = try await fixture.create("opportunity", """
                {"name": "\(name)", "stageId": "\(proposal)", "amount": {"amount": "\(amount)", "currency": "USD"}, "expectedCloseDate": "2026-11-20", "forecastCategory": "commit"}
                """, as: owner)
            let quote = try await fixture.create("quote", #"{"name": "Offer", "opportunityId": "\#(deal.id)"}"#, as: owner)
            _ = try await fixture.store.setQuoteLines(quoteId: quote.id, lines: [QuoteLineInput(productId: product, quantity: 1, unitPrice: 500)],
                                                      sent: SentTotals(), expectedVersion: nil, principal: owner)
            return deal
        }
        let first = try await deal("Laptop deal", "1000", laptop, as: fixture.rep)
        _ = try await deal("Support deal", "2500", support, as: fixture.rep2)
        let won = try await deal("Laptop win", "4000", laptop, as: fixture.rep)
        let patch = try RecordDecoder.decode(.object(JSONObject(["stageId": .string(try await fixture.stage(named: "Won").uuidString)])),
                                             entity: .opportunity, mode: .patch).get()
        _ = try await fixture.store.update(.opportunity, id: won.id, input: patch, principal: fixture.rep, expectedVersion: nil)
        let account = try await fixture.create("account", #"{"name": "Harbour Logistics"}"#, as: fixture.rep)
        func invoice(_ product: UUID, quantity: Decimal) async throws -> Record {
            let draft = try await fixture.create("invoice", #"{"name": "Invoice", "accountId": "\#(account.id)", "issueDate": "2026-10-01", "currency": "EUR"}"#,
                                                 as: fixture.rep)
            _ = try await fixture.store.setInvoiceLines(invoiceId: draft.id, lines: [QuoteLineInput(productId: product, quantity: quantity, unitPrice: 100)],
                                                        sent: SentTotals(), expectedVersion: nil, principal: fixture.rep)
            return try await fixture.store.issueInvoice(id: draft.id, expectedVersion: nil, principal: fixture.rep)
        }
        return Sales(laptop: laptop, support: support, retired: retired, pipeline: try #require(first["pipelineId"].idValue),
                     laptopInvoice: try await invoice(laptop, quantity: 3), supportInvoice: try await invoice(support, quantity: 7))
    }

    static var today: LocalDate { LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)) }

    @Test("A productId that is not an id is a field error on every report; the quota list does not read it")
    func badProduct() async throws {
        try await APITestContext.with { context in
            // setup
            let pipeline = try #require(try await PipelineStore(database: context.fixture.database).pipelines(tenantId: context.fixture.tenant.id).first?.id)
            // MUT + validate
            for path in ["/api/v1/reports/forecast", "/api/v1/reports/forecast.csv", "/api/v1/reports/win-loss", "/api/v1/reports/win-loss.csv",
                         "/api/v1/reports/funnel?pipelineId=\(pipeline)", "/api/v1/reports/funnel.csv?pipelineId=\(pipeline)",
                         "/api/v1/reports/plan-vs-actual", "/api/v1/reports/plan-vs-actual.csv", "/api/v1/reports/activity", "/api/v1/reports/activity.csv",
                         "/api/v1/reports/aging", "/api/v1/reports/aging.csv", "/api/v1/invoices/overdue"] {
                let reply = try await context.send(.GET, path + (path.contains("?") ? "&" : "?") + "productId=nope", as: "admin")
                #expect(reply.status == .unprocessableEntity && reply.errorFields == ["productId"], "\(path): \(reply.status) \(reply.text)")
                #expect(reply.errorCodes == [ValidationCode.invalidId.rawValue], "\(path)")
            }
            #expect(try await context.send(.GET, "/api/v1/quotas?productId=nope", as: "admin").status == .ok)
            // An empty value, as a form's "—" sends it, is no filter.
            #expect(try await context.send(.GET, "/api/v1/reports/forecast?productId=&ownerId=&teamId=", as: "admin").status == .ok)
        }
    }

    @Test("Through the API each report holds only the deals or invoices with the product")
    func apiFilters() async throws {
        try await APITestContext.with { context in
            // setup
            let sales = try await Self.sales(context)
            let november = "from=2026-11-01&to=2026-11-30"
            let period = "from=\(LocalDate(daysSince1970: Self.today.daysSince1970 - 1))&to=\(Self.today)"
            // MUT + validate
            let laptop = try await context.send(.GET, "/api/v1/reports/forecast?\(november)&productId=\(sales.laptop)", as: "admin")
            let support = try await context.send(.GET, "/api/v1/reports/forecast?\(november)&productId=\(sales.support)", as: "admin")
            let all = try await context.send(.GET, "/api/v1/reports/forecast?\(november)", as: "admin")
            #expect(laptop.status == .ok && laptop["total"]?["commit"] == .string("1000.00") && laptop["total"]?["openDeals"] == .int(1))
            #expect(laptop["total"]?["closed"] == .string("4000.00"), "the won deal keeps its November close date")
            #expect(support["total"]?["commit"] == .string("2500.00") && support["total"]?["openDeals"] == .int(1))
            #expect(support["total"]?["closed"] == .string("0.00"))
            #expect(all["total"]?["commit"] == .string("3500.00") && all["total"]?["openDeals"] == .int(2))

            let wonLaptop = try await context.send(.GET, "/api/v1/reports/win-loss?dimension=product&\(period)&productId=\(sales.laptop)", as: "admin")
            #expect(wonLaptop["total"]?["won"] == .int(1) && wonLaptop["total"]?["wonAmount"] == .string("4000.00"))
            #expect(wonLaptop["data"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == [sales.laptop.lowercaseString])
            let wonSupport = try await context.send(.GET, "/api/v1/reports/win-loss?\(period)&productId=\(sales.support)", as: "admin")
            #expect(wonSupport["total"]?["won"] == .int(0) && wonSupport["data"]?.arrayValue?.isEmpty == true)
            let csv = try await context.send(.GET, "/api/v1/reports/win-loss.csv?dimension=owner&\(period)&productId=\(sales.laptop)", as: "admin")
            #expect(csv.text.contains("\(context.fixture.rep.userId.lowercaseString),1,0,100,4000.00,4000.00,USD"), "\(csv.text)")

            let funnel = try await context.send(.GET, "/api/v1/reports/funnel?pipelineId=\(sales.pipeline)&\(period)&productId=\(sales.laptop)", as: "admin")
            #expect(funnel["data"]?.arrayValue?.first?["reached"] == .int(2))
            let supportFunnel = try await context.send(.GET, "/api/v1/reports/funnel?pipelineId=\(sales.pipeline)&\(period)&productId=\(sales.support)", as: "admin")
            #expect(supportFunnel["data"]?.arrayValue?.first?["reached"] == .int(1))

            let laptopBalance = try #require(sales.laptopInvoice["balance"].moneyValue?.amountText)
            let supportBalance = try #require(sales.supportInvoice["balance"].moneyValue?.amountText)
            #expect(laptopBalance != supportBalance)
            let aging = try await context.send(.GET, "/api/v1/reports/aging?asOf=2026-11-30&productId=\(sales.laptop)", as: "admin")
            #expect(aging["totals"]?.arrayValue?.map { $0["1-30"] } == [.string(laptopBalance)], "\(aging.text)")
            let agingSupport = try await context.send(.GET, "/api/v1/reports/aging?asOf=2026-11-30&productId=\(sales.support)", as: "admin")
            #expect(agingSupport["totals"]?.arrayValue?.map { $0["total"] } == [.string(supportBalance)])
            let overdue = try await context.send(.GET, "/api/v1/invoices/overdue?asOf=2026-11-30&productId=\(sales.support)", as: "admin")
            #expect(overdue["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [sales.supportInvoice.id.lowercaseString])
        }
    }

    @Test("Each report page offers the active products in its filter, applies the chosen one, and its CSV link keeps it")
    func pages() async throws {
        try await APITestContext.with { context in
            // setup
            let sales = try await Self.sales(context)
            let (laptop, support) = (sales.laptop.lowercaseString, sales.support.lowercaseString)
            let hostile = JSONWriter.string(.object(JSONObject([
                "sku": .string("X-1"), "name": .string(PageTests.hostile), "taxCategory": .string("standard"), "active": .bool(true),
            ])))
            _ = try await context.fixture.create("product", hostile, as: context.fixture.admin)
            // MUT
            let forecast = try await context.page("/reports/forecast?from=2026-11-01&to=2026-11-30&productId=\(laptop)", as: "manager")
            let csv = try await context.page("/reports/forecast.csv?from=2026-11-01&to=2026-11-30&productId=\(laptop)", as: "manager")
            let everything = try await context.page("/reports/forecast.csv?from=2026-11-01&to=2026-11-30&ownerId=&teamId=&productId=", as: "manager")
            // validate
            #expect(forecast.status == .ok && !forecast.text.contains("[["))
            #expect(forecast.text.contains(#"<label for="r-product">Product</label><select id="r-product" name="productId">"#))
            #expect(forecast.text.contains(#"<option value="\#(laptop)" selected>Laptop 14 (LT-14)</option>"#))
            #expect(forecast.text.contains(#"<option value="\#(support)">Support plan (SUP-1Y)</option>"#))
            #expect(!forecast.text.contains("Retired model"), "an inactive product is not offered")
            #expect(forecast.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !forecast.text.contains("<script>alert"), "product names are escaped")
            let export = try #require(forecast.text.range(of: #"href="/reports/forecast.csv?"#).map { String(forecast.text[$0.upperBound...].prefix { $0 != "\"" }) })
            #expect(export.contains("productId=\(laptop)") && export.contains("from=2026-11-01"), "\(export)")
            // The rep's laptop deals: 4000 won (closing in November too) and 1000 commit.
            #expect(csv.text.contains("rep,4000.00,1000.00,0.00,0.00,"), "\(csv.text)")
            #expect(!csv.text.contains("rep2,"), "rep2's deal carries support only")
            #expect(everything.status == .ok && everything.text.contains("rep2,0.00,2500.00,"), "\(everything.text)")

            for path in ["/reports/win-loss", "/reports/funnel"] {
                let page = try await context.page("\(path)?productId=\(support)", as: "manager")
                #expect(page.status == .ok && page.text.contains(#"<option value="\#(support)" selected>"#), "\(path)")
            }
            let bad = try await context.page("/reports/forecast?productId=nope", as: "manager")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("role=\"alert\"") && !bad.text.contains("[["))
            // A product no longer sold stays chosen when the filter names it.
            let retired = try await context.page("/reports/forecast?productId=\(sales.retired.lowercaseString)", as: "manager")
            #expect(retired.text.contains(#"<option value="\#(sales.retired.lowercaseString)" selected>Retired model (OLD-1)</option>"#))

            let aging = try await context.page("/reports/aging?asOf=2026-11-30&productId=\(support)", as: "admin")
            #expect(aging.status == .ok && !aging.text.contains("[["))
            #expect(aging.text.contains(#"<select id="aging-product" name="productId">"#))
            #expect(!aging.text.contains("<script>alert") && !aging.text.contains("\"<>&'"), "product names are escaped")
            #expect(aging.text.contains(#"<option value="\#(support)" selected>Support plan (SUP-1Y)</option>"#))
            #expect(aging.text.contains("/reports/aging.csv?asOf=2026-11-30&amp;productId=\(support)") || aging.text.contains("/reports/aging.csv?asOf=2026-11-30&productId=\(support)"))
            let supportNumber = try #require(sales.supportInvoice["number"].textValue), laptopNumber = try #require(sales.laptopInvoice["number"].textValue)
            #expect(aging.text.contains(">\(supportNumber)</a>") && !aging.text.contains(">\(laptopNumber)</a>"), "the overdue list follows the filter")
            let agingCSV = try await context.page("/reports/aging.csv?asOf=2026-11-30&productId=\(support)", as: "admin")
            let supportBalance = try #require(sales.supportInvoice["balance"].moneyValue?.amountText)
            let laptopBalance = try #require(sales.laptopInvoice["balance"].moneyValue?.amountText)
            #expect(agingCSV.text.contains(supportBalance) && !agingCSV.text.contains(laptopBalance), "\(agingCSV.text)")
        }
    }
}
