import Foundation
@testable import RapportDemo
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// The demo's selling, read back through the store: documents that agree with each other
/// the way the order-to-cash flow would leave them.
@Suite("Demo sales data")
struct DemoSalesTests {
    @Test("Quotes, orders, invoices and payments follow the deals and agree with their lines")
    func documents() async throws {
        // setup
        let database = try await TestDatabase.shared()
        // MUT
        let demo = try await Loaded.load(scale: 300, seed: 5, database: database)
        // validate
        let (store, principal) = (demo.store, demo.principal)
        let deals = Dictionary(uniqueKeysWithValues: try await demo.all("opportunity").map { ($0.id, $0) })
        let products = try await demo.all("product")
        #expect(products.count == DemoCatalogue.products.count)
        #expect(products.contains { $0["active"] == .bool(false) }, "no retired product")
        let books = try await demo.all("pricebook")
        #expect(Set(books.compactMap { $0["currency"].textValue }).isSuperset(of: ["CNY", "RUB", "USD", "GBP", "EUR"]))
        #expect(books.contains { $0["partnerId"].idValue != nil }, "no dealer price book")
        for book in books {
            let entries = try await store.priceBookEntries(pricebookId: book.id, principal: principal).entries
            #expect(Set(entries.map(\.minQuantity)) == [1, 10, 50], "\(book["name"])")
        }

        let quotes = try await demo.all("quote")
        #expect(quotes.allSatisfy { $0["opportunityId"].idValue.flatMap { deals[$0] } != nil })
        for quote in quotes where quote["status"] == .text("accepted") {
            #expect(deals[quote["opportunityId"].idValue!]?["status"] == .text("won"))
        }
        let waiting = quotes.filter { $0["status"] == .text("submitted") }
        #expect(!waiting.isEmpty && waiting.allSatisfy { $0["approverId"].idValue != nil }, "no quote waits for approval")
        #expect(quotes.map { $0["number"].textValue ?? "" }.sorted() == (1...quotes.count).map { String(format: "Q-%06d", $0) })

        let orders = try await demo.all("order")
        var orderLines = 0
        let quoteById = Dictionary(uniqueKeysWithValues: quotes.map { ($0.id, $0) })
        for order in orders {
            let (_, lines) = try await store.orderLines(orderId: order.id, principal: principal)
            orderLines += lines.count
            let totals = DocumentArithmetic.totals(of: lines.map(\.line), in: try #require(order["total"].moneyValue).currency)
            #expect(order["total"].moneyValue == totals.total && order["cost"].moneyValue == totals.cost, "order \(order["number"])")
            let history = try await store.orderHistory(orderId: order.id, principal: principal)
            #expect(history.last?.toStatus == order["status"].textValue || (history.isEmpty && order["status"] == .text("draft")))
            if let quoteId = order["quoteId"].idValue {
                let quote = try #require(quoteById[quoteId])
                #expect(quote["status"] == .text("accepted"))
                let quoteLines = try await store.quoteLines(quoteId: quoteId, principal: principal).lines
                #expect(lines.map(\.sourceLineId) == quoteLines.map(\.id))
                #expect(lines.map(\.line) == quoteLines.map(\.line))
            }
        }
        #expect(orderLines >= 300, "order lines reach the scale")
        #expect(Set(orders.compactMap { $0["status"].textValue }).isSuperset(of: ["confirmed", "shipped", "delivered", "closed"]))
        let won = deals.values.filter { $0["status"] == .text("won") }
        #expect(Set(orders.compactMap { $0["opportunityId"].idValue }) == Set(won.map(\.id)), "every won deal is ordered once")

        let invoices = try await demo.all("invoice")
        #expect(invoices.map { $0["number"].textValue ?? "" }.sorted() == (1...invoices.count).map { String(format: "INV-%06d", $0) })
        let orderById = Dictionary(uniqueKeysWithValues: orders.map { ($0.id, $0) })
        var paidTotal: [UUID: Decimal] = [:]
        for payment in try await demo.all("payment") {
            paidTotal[payment["invoiceId"].idValue!, default: 0] += payment["amount"].moneyValue!.amount
        }
        for invoice in invoices {
            let order = try #require(invoice["orderId"].idValue.flatMap { orderById[$0] })
            #expect(["shipped", "delivered", "closed"].contains(order["status"].textValue ?? ""))
            #expect(invoice["total"] == order["total"])
            let total = invoice["total"].moneyValue!.amount
            let paid = paidTotal[invoice.id] ?? 0
            #expect(invoice["paid"].moneyValue?.amount == paid && invoice["balance"].moneyValue?.amount == total - paid)
            let expected = paid == total ? "paid" : paid > 0 ? "partiallyPaid" : "issued"
            #expect(invoice["status"] == .text(expected), "invoice \(invoice["number"])")
        }
        #expect(Set(invoices.compactMap { $0["status"].textValue }) == ["paid", "partiallyPaid", "issued"])

        let expenses = try await demo.all("expense")
        #expect(Set(expenses.compactMap { $0["status"].textValue }).isSuperset(of: ["approved", "submitted"]))
        let quotas = try await QuotaStore(database: database).list(principal: principal, filter: ReportPeriod(
            from: LocalDate(year: 2026, month: 1, day: 1)!, to: LocalDate(year: 2026, month: 12, day: 31)!))
        #expect(quotas.contains { $0.userId != nil } && quotas.contains { $0.teamId != nil })
    }
}
