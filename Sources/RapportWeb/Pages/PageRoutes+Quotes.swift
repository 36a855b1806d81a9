import Vapor

extension PageRoutes {
    /// A quote's lines, moves, printable page and the approver's queue; the sales report pages.
    static func registerQuotes(on pages: any RoutesBuilder) {
        pages.get("quotes", "approvals", use: QuoteApprovalsController.show)
        for (path, handler) in [("forecast", SalesReportsPageController.forecast), ("win-loss", SalesReportsPageController.winLoss),
                                ("funnel", SalesReportsPageController.funnel), ("plan-vs-actual", SalesReportsPageController.planVersusActual),
                                ("activity", SalesReportsPageController.activity)] as [(String, @Sendable (Request) async throws -> Response)] {
            pages.get("reports", PathComponent(stringLiteral: path), use: handler)
            pages.get("reports", PathComponent(stringLiteral: path + ".csv"), use: handler)
        }
        pages.post("reports", "plan-vs-actual", "quotas", use: SalesReportsPageController.saveQuota)
        let quote = pages.grouped("quotes", ":id")
        quote.post("lines", use: QuotePageController.saveLines)
        quote.post("do", ":action", use: QuotePageController.act)
        quote.post("decide", use: QuotePageController.decide)
        quote.post("revise", use: QuotePageController.revise)
        quote.get("print", use: QuotePrintController.show)
    }
}
