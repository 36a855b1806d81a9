import Vapor

extension PageRoutes {
    /// An order's lines and moves, and ordering an accepted quote.
    static func registerOrders(on pages: any RoutesBuilder) {
        let order = pages.grouped("orders", ":id")
        order.post("lines", use: OrderPageController.saveLines)
        order.post("do", ":action", use: OrderPageController.act)
        pages.post("quotes", ":id", "order", use: OrderPageController.createFromQuote)
    }
}
