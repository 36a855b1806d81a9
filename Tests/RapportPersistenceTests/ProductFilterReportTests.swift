import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// The product filter of the forecast, win/loss, funnel and aging reports, checked against figures
/// computed here from what each deal or invoice was given (not from the lines table): twins that
/// differ only in their product, a deal with both products, one without a quote, and one whose
/// product is only on a deleted quote.
@Suite("Product filter on the sales reports")
struct ProductFilterReportTests {
    struct DealPlan {
        let name: String
        let owner: Principal
        let stage: String
        /// Where the deal ends up after its quotes are made ("Won", "Lost"), if it moves.
        var finalStage: String?
        let amount: String
        var category: String?
        /// Products on the lines of a live quote; empty with `quote` set: a line without a product.
        var products: [UUID] = []
        var quote = true
        /// Products only on a quote that is then deleted.
        var deletedProducts: [UUID] = []
    }

    struct World {
        let fixture: TenantFixture
        let laptop: UUID
        let support: UUID
        /// Each deal as stored after every move, with the products it carries by the rule and the stages it went through.
        let deals: [(record: Record, carries: Set<UUID>, path: [String])]

        static func make() async throws -> World {
            let fixture = try await TenantFixture.make("product-filter")
            let laptop = try await fixture.create("product", #"{"sku": "LT-14", "name": "Laptop 14", "taxCategory": "standard", "active": true}"#,
                                                  as: fixture.admin).id
            let support = try await fixture.create("product", #"{"sku": "SUP-1Y", "name": "Support", "taxCategory": "standard", "active": true}"#,
                                                   as: fixture.admin).id
            let (rep, rep2) = (fixture.rep, fixture.rep2)
            let plans: [DealPlan] = [
                // Twins: the same owner, stage, amount and category; only the product differs.
                DealPlan(name: "Open twin laptop", owner: rep, stage: "Proposal", amount: "1000", category: "commit", products: [laptop]),
                DealPlan(name: "Open twin support", owner: rep, stage: "Proposal", amount: "1000", category: "commit", products: [support]),
                DealPlan(name: "Won twin laptop", owner: rep, stage: "Proposal", finalStage: "Won", amount: "3000", products: [laptop]),
                DealPlan(name: "Won twin support", owner: rep, stage: "Proposal", finalStage: "Won", amount: "3000", products: [support]),
                DealPlan(name: "Lost twin laptop", owner: rep2, stage: "Qualification", finalStage: "Lost", amount: "400", products: [laptop]),
                DealPlan(name: "Lost twin support", owner: rep2, stage: "Qualification", finalStage: "Lost", amount: "400", products: [support]),
                // Noise around them.
                DealPlan(name: "Both", owner: rep2, stage: "Negotiation", amount: "2500", category: "bestCase", products: [laptop, support]),
                DealPlan(name: "Both, won", owner: rep2, stage: "Negotiation", finalStage: "Won", amount: "7000", products: [support, laptop]),
                DealPlan(name: "No quote", owner: rep, stage: "Prospecting", amount: "700", quote: false),
                DealPlan(name: "Deleted quote", owner: rep2, stage: "Proposal", amount: "1300", products: [], deletedProducts: [support]),
            ]
            var deals: [(Record, Set<UUID>, [String])] = []
            for plan in plans {
                let stage = try await fixture.stage(named: plan.stage)
                var json = #"{"name": "\#(plan.name)", "stageId": "\#(stage)", "amount": {"amount": "\#(plan.amount)", "currency": "USD"}, "expectedCloseDate": "2026-02-10""#
                if let category = plan.category { json += #", "forecastCategory": "\#(category)""# }
                let deal = try await fixture.create("opportunity", json + "}", as: plan.owner)
                if plan.quote { try await quote(fixture, deal: deal.id, products: plan.products, as: plan.owner) }
                if !plan.deletedProducts.isEmpty {
                    let doomed = try await quote(fixture, deal: deal.id, products: plan.deletedProducts, as: plan.owner)
                    try await fixture.store.delete(.quote, id: doomed, principal: plan.owner, expectedVersion: nil)
                }
                if let final = plan.finalStage {
                    let patch = try RecordDecoder.decode(.object(JSONObject([
                        "stageId": .string(try await fixture.stage(named: final).uuidString), "lostReason": .string("Price"),
                    ])), entity: .opportunity, mode: .patch).get()
                    _ = try await fixture.store.update(.opportunity, id: deal.id, input: patch, principal: plan.owner, expectedVersion: nil)
                }
                deals.append((try await fixture.store.get(.opportunity, id: deal.id, principal: fixture.admin), Set(plan.products),
                               [plan.stage] + (plan.finalStage.map { [$0] } ?? [])))
            }
            return World(fixture: fixture, laptop: laptop, support: support, deals: deals)
        }

        /// A draft quote of the deal with one line per product (or one line without a product).
        @discardableResult
        static func quote(_ fixture: TenantFixture, deal: UUID, products: [UUID], as owner: Principal) async throws -> UUID {
            let quote = try await fixture.create("quote", #"{"name": "Offer", "opportunityId": "\#(deal)"}"#, as: owner)
            let lines = products.isEmpty
                ? [QuoteLineInput(productId: nil, description: "Consulting", quantity: 1, unitPrice: 100)]
                : products.map { QuoteLineInput(productId: $0, quantity: 2, unitPrice: 150) }
            _ = try await fixture.store.setQuoteLines(quoteId: quote.id, lines: lines, sent: SentTotals(), expectedVersion: nil, principal: owner)
            return quote.id
        }

        func carrying(_ product: UUID) -> [Record] { deals.filter { $0.carries.contains(product) }.map(\.record) }
        func twins(_ prefix: String) -> [Record] { deals.map(\.record).filter { $0["name"].textValue?.hasPrefix(prefix) == true } }
    }

    // MARK: Forecast

    /// The forecast of `deals` in total, all in USD, the tenant's base currency.
    static func forecast(_ deals: [Record]) -> ForecastReport.Figures {
        var figures = ForecastReport.Figures()
        for deal in deals {
            guard let status = deal["status"].textValue, status != "lost", let money = deal["amount"].moneyValue else { continue }
            if status == "won" {
                figures.closed += money.amount
                figures.wonDeals += 1
                continue
            }
            figures.openDeals += 1
            figures.weighted += (money.amount * Decimal(deal["probability"].integerValue ?? 0) / 100).roundedHalfAwayFromZero(toPlaces: 2)
            switch deal["managerForecastCategory"].textValue ?? deal["forecastCategory"].textValue {
            case "commit": figures.commit += money.amount
            case "bestCase": figures.bestCase += money.amount
            default: figures.pipeline += money.amount
            }
        }
        return figures
    }

    @Test("Forecast: twins differing only in product split by the filter; the filtered figures equal those of the deals carrying the product")
    func forecast() async throws {
        // setup
        let world = try await World.make()
        let fixture = world.fixture
        let report = ForecastReport(database: fixture.database)
        // Won deals are forecast by their expected close date, whatever it became when they were won.
        let (from, to) = (LocalDate(iso: "2020-01-01")!, LocalDate(iso: "2039-12-31")!)
        // MUT
        let laptop = try await report.run(principal: fixture.admin, filter: .init(from: from, to: to, productId: world.laptop))
        let support = try await report.run(principal: fixture.admin, filter: .init(from: from, to: to, productId: world.support))
        let all = try await report.run(principal: fixture.admin, filter: .init(from: from, to: to))
        let repLaptop = try await report.run(principal: fixture.admin, filter: .init(from: from, to: to, ownerId: fixture.rep.userId, productId: world.laptop))
        // validate
        #expect(laptop.total == Self.forecast(world.carrying(world.laptop)))
        #expect(support.total == Self.forecast(world.carrying(world.support)))
        #expect(all.total == Self.forecast(world.deals.map(\.record)))
        #expect(repLaptop.total == Self.forecast(world.carrying(world.laptop).filter { $0["ownerId"] == .id(fixture.rep.userId) }))
        // The open twins: 1000 commit each, one under each product.
        let openTwins = world.twins("Open twin")
        #expect(openTwins.count == 2 && Self.forecast([openTwins[0]]) == Self.forecast([openTwins[1]]))
        #expect(laptop.total.commit == 1000 && support.total.commit == 1000 && all.total.commit == 2000)
        // "Both" counts under each product once; the deleted quote's product does not count.
        #expect(laptop.total.bestCase == 2500 && support.total.bestCase == 2500)
        #expect(laptop.total.openDeals == 2 && support.total.openDeals == 2 && all.total.openDeals == 5)
        #expect(laptop.total.closed == 10000 && laptop.total.wonDeals == 2)
        // A rep sees only their own deals carrying the product.
        let asRep = try await report.run(principal: fixture.rep, filter: .init(from: from, to: to, productId: world.laptop))
        #expect(asRep.total == repLaptop.total)
    }

    // MARK: Win/loss

    @Test("Win/loss: closed twins differing only in product split by the filter; totals and rows equal those of the deals carrying the product")
    func winLoss() async throws {
        // setup
        let world = try await World.make()
        let fixture = world.fixture
        let report = WinLossReport(database: fixture.database)
        let (from, to) = (Date(timeIntervalSince1970: 0), Date().addingTimeInterval(86_400))
        func expected(_ deals: [Record], key: (Record) -> [String?]) -> [String?: WinLossReport.Row] {
            var rows: [String?: WinLossReport.Row] = [:]
            for deal in deals {
                guard let status = deal["status"].textValue, status != "open" else { continue }
                for value in key(deal) {
                    var row = rows[value] ?? WinLossReport.Row(key: value)
                    if status == "won" {
                        row.won += 1
                        row.wonAmount += deal["amount"].moneyValue?.amount ?? 0
                    } else {
                        row.lost += 1
                    }
                    rows[value] = row
                }
            }
            return rows
        }
        let owner: (Record) -> [String?] = { [$0["ownerId"].idValue?.lowercaseString] }
        // MUT
        let laptop = try await report.run(principal: fixture.admin, dimension: .owner, filter: .init(from: from, to: to, productId: world.laptop))
        let support = try await report.run(principal: fixture.admin, dimension: .owner, filter: .init(from: from, to: to, productId: world.support))
        let byProduct = try await report.run(principal: fixture.admin, dimension: .product, filter: .init(from: from, to: to, productId: world.laptop))
        // validate
        for (result, product) in [(laptop, world.laptop), (support, world.support)] {
            let deals = world.carrying(product)
            #expect(Dictionary(uniqueKeysWithValues: result.rows.map { ($0.key, $0) }) == expected(deals, key: owner))
            #expect(result.total == expected(deals) { _ in [nil] }[nil])
        }
        // Each product: its won twin (3000) and "Both, won" (7000), its lost twin.
        #expect(laptop.total.won == 2 && laptop.total.lost == 1 && laptop.total.wonAmount == 10000)
        #expect(support.total.won == 2 && support.total.lost == 1 && support.total.wonAmount == 10000)
        // By product, within the laptop's deals: the laptop on all three, support only on "Both, won".
        let products: (Record) -> [String?] = { deal in
            world.deals.first { $0.record.id == deal.id }.map { $0.carries.map { Optional($0.lowercaseString) } } ?? []
        }
        #expect(Dictionary(uniqueKeysWithValues: byProduct.rows.map { ($0.key, $0) }) == expected(world.carrying(world.laptop), key: products))
        #expect(byProduct.rows.first { $0.key == world.support.lowercaseString }?.won == 1)
    }

    @Test("Win/loss by product, for every role, from the kept deal products: equal to the deals each role lists and what they carry, after a quote is added, a deal is reassigned and one is deleted")
    func winLossByProductKept() async throws {
        // setup
        let world = try await World.make()
        let fixture = world.fixture
        var carries = Dictionary(uniqueKeysWithValues: world.deals.map { ($0.record.id, $0.carries) })
        let wonLaptop = try #require(world.twins("Won twin laptop").first), lostSupport = try #require(world.twins("Lost twin support").first)
        let bothWon = try #require(world.twins("Both, won").first)
        try await World.quote(fixture, deal: wonLaptop.id, products: [world.support], as: fixture.rep)
        carries[wonLaptop.id]?.insert(world.support)
        let reassign = try RecordDecoder.decode(.object(JSONObject(["ownerId": .string(fixture.rep.userId.uuidString)])), entity: .opportunity, mode: .patch).get()
        _ = try await fixture.store.update(.opportunity, id: bothWon.id, input: reassign, principal: fixture.admin, expectedVersion: nil)
        try await fixture.store.delete(.opportunity, id: lostSupport.id, principal: fixture.admin, expectedVersion: nil)
        let report = WinLossReport(database: fixture.database)
        let (from, to) = (Date(timeIntervalSince1970: 0), Date().addingTimeInterval(86_400))
        for (name, principal) in fixture.all {
            let listed = try await fixture.store.list(.opportunity, request: ListRequest(.opportunity, where: [], limit: 500), principal: principal).records
            var rows: [String?: WinLossReport.Row] = [:]
            var total = WinLossReport.Row(key: nil)
            for deal in listed {
                guard let status = deal["status"].textValue, status != "open" else { continue }
                let keys: [String?] = (carries[deal.id] ?? []).isEmpty ? [nil] : carries[deal.id]!.map { Optional($0.lowercaseString) }
                for key in keys {
                    var row = rows[key] ?? WinLossReport.Row(key: key)
                    if status == "won" { row.won += 1; row.wonAmount += deal["amount"].moneyValue?.amount ?? 0 } else { row.lost += 1 }
                    rows[key] = row
                }
                if status == "won" { total.won += 1; total.wonAmount += deal["amount"].moneyValue?.amount ?? 0 } else { total.lost += 1 }
            }
            // MUT
            let result = try await report.run(principal: principal, dimension: .product, filter: .init(from: from, to: to))
            // validate
            #expect(Dictionary(uniqueKeysWithValues: result.rows.map { ($0.key, $0) }) == rows, "\(name)")
            #expect(result.total == total, "\(name)")
        }
        let admin = try await report.run(principal: fixture.admin, dimension: .product, filter: .init(from: from, to: to))
        // Laptop: the won twin, "Both, won" and the lost twin; support: both of those won deals, its lost twin deleted.
        #expect(admin.rows.first { $0.key == world.laptop.lowercaseString }.map { ($0.won, $0.lost) } ?? (0, 0) == (2, 1))
        #expect(admin.rows.first { $0.key == world.support.lowercaseString }.map { ($0.won, $0.lost) } ?? (0, 0) == (3, 0))
        #expect(admin.total.won == 3 && admin.total.lost == 1 && admin.total.wonAmount == 13000)
        let plan = try await report.plan(principal: fixture.admin, dimension: .product, filter: .init(from: from, to: to))
        #expect(plan.contains { $0.contains("deal_products") } && !plan.contains { $0.contains("document_lines") }, "\(plan)")
        #expect(PlanReader.fullScans(in: plan, dialect: fixture.database.dialect).isEmpty, "\(plan)")
    }

    // MARK: Funnel

    @Test("Funnel: twins differing only in product split by the filter; the deals reaching each stage equal those of the deals carrying the product")
    func funnel() async throws {
        // setup
        let world = try await World.make()
        let fixture = world.fixture
        let stages = try await PipelineStore(database: fixture.database).stages(tenantId: fixture.tenant.id)
        let pipeline = try #require(world.deals.first?.record["pipelineId"].idValue)
        let steps = stages.filter { $0.pipelineId == pipeline && $0.kind != "lost" }.sorted { $0.position < $1.position }
        let byName = Dictionary(uniqueKeysWithValues: stages.filter { $0.pipelineId == pipeline }.map { ($0.name, $0) })
        /// Independent: the deepest stage each deal went through (lost stages left out), from the plan's moves.
        func reached(_ product: UUID?) -> [Int] {
            let deepest = world.deals.filter { product.map($0.carries.contains) ?? true }.compactMap { deal in
                deal.path.compactMap { byName[$0] }.filter { $0.kind != "lost" }.map(\.position).max()
            }
            return steps.map { step in deepest.filter { $0 >= step.position }.count }
        }
        let (from, to) = (Date().addingTimeInterval(-3_600), Date().addingTimeInterval(3_600))
        let report = FunnelReport(database: fixture.database)
        // MUT
        let laptop = try await report.run(principal: fixture.admin, filter: .init(pipelineId: pipeline, from: from, to: to, productId: world.laptop))
        let support = try await report.run(principal: fixture.admin, filter: .init(pipelineId: pipeline, from: from, to: to, productId: world.support))
        let all = try await report.run(principal: fixture.admin, filter: .init(pipelineId: pipeline, from: from, to: to))
        // validate
        #expect(laptop.map(\.reached) == reached(world.laptop))
        #expect(support.map(\.reached) == reached(world.support))
        #expect(all.map(\.reached) == reached(nil))
        // The twins move alike, so each product's funnel is the same here; five deals each against ten in all.
        #expect(laptop.map(\.reached) == support.map(\.reached))
        #expect(laptop.first?.reached == 5 && all.first?.reached == 10)
        #expect(steps.last?.kind == "won" && laptop.last?.reached == 2)
    }

    // MARK: Aging

    struct InvoicePlan {
        let name: String
        /// One line per product, and `plain` lines without one.
        let products: [UUID]
        var plain = 0
        let due: String
        var paid: String?
    }

    @Test("Aging: invoice twins differing only in product split by the filter; each counts with its whole balance, and the overdue list follows")
    func aging() async throws {
        // setup
        let shop = try await QuoteTests.Shop.make()
        let fixture = shop.fixture
        let account = try #require(shop.deal["accountId"].idValue)
        // Both taxed alike, so invoices that differ only in product owe the same.
        func product(_ sku: String) async throws -> UUID {
            try await fixture.create("product", #"{"sku": "\#(sku)", "name": "\#(sku)", "taxCategory": "standard", "active": true}"#, as: fixture.admin).id
        }
        let (laptop, support) = (try await product("LT-15"), try await product("SUP-2Y"))
        let plans: [InvoicePlan] = [
            InvoicePlan(name: "Twin laptop", products: [laptop], due: "2030-05-20"),
            InvoicePlan(name: "Twin support", products: [support], due: "2030-05-20"),
            InvoicePlan(name: "Both, partly paid", products: [laptop, support], plain: 1, due: "2030-03-01", paid: "100.00"),
            InvoicePlan(name: "Laptop and service, current", products: [laptop], plain: 2, due: "2030-07-15"),
            InvoicePlan(name: "Service only", products: [], plain: 1, due: "2030-04-10"),
        ]
        var invoices: [(record: Record, products: Set<UUID>)] = []
        for plan in plans {
            let issue = LocalDate(daysSince1970: LocalDate(iso: plan.due)!.daysSince1970 - 30)
            let draft = try await fixture.create("invoice", #"{"name": "\#(plan.name)", "accountId": "\#(account)", "issueDate": "\#(issue)", "currency": "EUR"}"#,
                                                 as: fixture.rep)
            let lines = plan.products.map { QuoteLineInput(productId: $0, quantity: 3, unitPrice: Decimal(string: "120.50")!) }
                + (0..<plan.plain).map { QuoteLineInput(productId: nil, description: "Service \($0)", quantity: 1, unitPrice: 80) }
            _ = try await shop.store.setInvoiceLines(invoiceId: draft.id, lines: lines, sent: SentTotals(), expectedVersion: nil, principal: fixture.rep)
            let invoice = try await shop.store.issueInvoice(id: draft.id, expectedVersion: nil, principal: fixture.rep)
            if let paid = plan.paid { _ = try await InvoiceTests.pay(shop, invoice, paid) }
            invoices.append((try await shop.store.get(.invoice, id: invoice.id, principal: fixture.admin), Set(plan.products)))
        }
        let asOf = AgingReportTests.asOf
        let aging = AgingReport(database: fixture.database)
        func carrying(_ product: UUID) -> [Record] { invoices.filter { $0.products.contains(product) }.map(\.record) }
        // MUT
        let byLaptop = try await aging.run(principal: fixture.admin, filter: .init(asOf: asOf, groupBy: .account, productId: laptop))
        let bySupport = try await aging.run(principal: fixture.admin, filter: .init(asOf: asOf, groupBy: .account, productId: support))
        let all = try await aging.run(principal: fixture.admin, filter: .init(asOf: asOf, groupBy: .account))
        let overdue = try await aging.overdue(principal: fixture.admin, asOf: asOf, productId: support)
        // validate
        #expect(AgingReportTests.actual(byLaptop) == AgingReportTests.expected(carrying(laptop), grouping: .account, asOf: asOf))
        #expect(AgingReportTests.actual(bySupport) == AgingReportTests.expected(carrying(support), grouping: .account, asOf: asOf))
        #expect(AgingReportTests.actual(all) == AgingReportTests.expected(invoices.map(\.record), grouping: .account, asOf: asOf))
        // The twins are due 41 days before the as-of date, alike; each lands in 31–60 under its own product only.
        let twin = try #require(invoices[0].record["balance"].moneyValue?.amount)
        #expect(invoices[1].record["balance"].moneyValue?.amount == twin)
        let partly = try #require(invoices[2].record["balance"].moneyValue?.amount)
        #expect(partly == (invoices[2].record["total"].moneyValue?.amount ?? 0) - 100, "the whole balance, not the product's lines")
        #expect(byLaptop.first?.buckets[AgingReport.Bucket.days31to60.rawValue] == twin)
        #expect(bySupport.first?.buckets[AgingReport.Bucket.days31to60.rawValue] == twin)
        #expect(bySupport.first?.buckets[AgingReport.Bucket.days61to90.rawValue] == 0 && bySupport.first?.buckets[AgingReport.Bucket.over90.rawValue] == partly)
        #expect(Set(overdue.map(\.invoice.id)) == Set([invoices[1].record.id, invoices[2].record.id]))
    }
}
