import RapportPersistence
import Vapor

extension Routes {
    /// Sales management and order-to-cash beyond the records' own CRUD.
    static func registerSales(on api: any RoutesBuilder) {
        let pricebooks = api.grouped("pricebooks", ":id")
        pricebooks.get("entries", use: PriceBookController.entries)
        pricebooks.on(.PUT, "entries", body: .collect(maxSize: "8mb"), use: PriceBookController.replaceEntries)
        api.get("prices", use: PriceBookController.price)
        api.get("reports", "forecast", use: SalesReportController.forecast)
        api.get("reports", "forecast.csv", use: SalesReportController.forecast)
        api.get("reports", "win-loss", use: SalesReportController.winLoss)
        api.get("reports", "win-loss.csv", use: SalesReportController.winLoss)
        api.get("reports", "funnel", use: SalesReportController.funnel)
        api.get("reports", "funnel.csv", use: SalesReportController.funnel)
        api.get("quotas", use: QuotaController.list)
        api.on(.PUT, "quotas", body: .collect(maxSize: "1mb"), use: QuotaController.set)
        api.get("reports", "plan-vs-actual", use: PerformanceReportController.planVersusActual)
        api.get("reports", "plan-vs-actual.csv", use: PerformanceReportController.planVersusActual)
        api.get("reports", "activity", use: PerformanceReportController.activity)
        api.get("reports", "activity.csv", use: PerformanceReportController.activity)

        let rates = api.grouped("exchange-rates")
        rates.get(use: ExchangeRateController.list)
        rates.put(use: ExchangeRateController.upsert)
        rates.get("convert", use: ExchangeRateController.convert)
        rates.delete(":currency", ":date", use: ExchangeRateController.delete)

        let quote = api.grouped("quotes", ":id")
        quote.get("lines", use: QuoteController.lines)
        quote.on(.PUT, "lines", body: .collect(maxSize: "2mb"), use: QuoteController.setLines)
        quote.post("revise", use: QuoteController.revise)
        for action in QuoteAction.allCases {
            quote.post(PathComponent(stringLiteral: action.rawValue)) { try await QuoteController.transition($0, action) }
        }
        quote.post("order", use: OrderController.createFromQuote)

        let order = api.grouped("orders", ":id")
        order.get("lines", use: OrderController.lines)
        order.on(.PUT, "lines", body: .collect(maxSize: "2mb"), use: OrderController.setLines)
        order.get("status-history", use: OrderController.statusHistory)
        for action in OrderAction.allCases {
            order.post(PathComponent(stringLiteral: action.rawValue)) { try await OrderController.transition($0, action) }
        }
        order.post("invoice", use: InvoiceController.createFromOrder)

        let invoice = api.grouped("invoices", ":id")
        invoice.get("lines", use: InvoiceController.lines)
        invoice.on(.PUT, "lines", body: .collect(maxSize: "2mb"), use: InvoiceController.setLines)
        invoice.post("issue", use: InvoiceController.issue)
        invoice.post("cancel", use: InvoiceController.cancel)
        invoice.post("credit-note", use: InvoiceController.creditNote)
        api.get("invoices", "overdue", use: AgingController.overdue)
        // Registered after the generic record routes, so these take their place: taking a payment
        // back also gives its invoice the balance back.
        api.get("reports", "aging", use: AgingController.aging)
        api.get("reports", "aging.csv", use: AgingController.agingCSV)
        api.get("accounts", ":id", "balance", use: InvoiceController.accountBalance)

        let expense = api.grouped("expenses", ":id")
        for decision in ExpenseDecision.allCases {
            expense.post(PathComponent(stringLiteral: decision.rawValue)) { try await ExpenseController.decide($0, decision) }
        }
        api.get("opportunities", ":id", "cost-of-sale", use: ExpenseController.costOfSale)
        api.post("reassignments", use: ReassignmentController.create)
    }
}
