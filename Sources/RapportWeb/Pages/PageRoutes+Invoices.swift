import Vapor

extension PageRoutes {
    /// Invoicing an order, an invoice's moves, payments and credit notes, and the receivables report.
    static func registerInvoices(on pages: any RoutesBuilder) {
        pages.post("orders", ":id", "invoice", use: InvoicePageController.createFromOrder)
        let invoice = pages.grouped("invoices", ":id")
        invoice.post("do", ":action", use: InvoicePageController.act)
        invoice.post("payment", use: InvoicePageController.recordPayment)
        invoice.post("payments", ":paymentId", "delete", use: InvoicePageController.deletePayment)
        pages.get("reports", "aging", use: AgingPageController.show)
        pages.get("reports", "aging.csv", use: AgingPageController.export)
    }
}
