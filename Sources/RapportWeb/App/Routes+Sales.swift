import RapportPersistence
import Vapor

extension Routes {
    /// Sales management and order-to-cash beyond the records' own CRUD.
    static func registerSales(on api: any RoutesBuilder) {
        let pricebooks = api.grouped("pricebooks", ":id")
        pricebooks.get("entries", use: PriceBookController.entries)
        pricebooks.on(.PUT, "entries", body: .collect(maxSize: "8mb"), use: PriceBookController.replaceEntries)
        api.get("prices", use: PriceBookController.price)

        let quote = api.grouped("quotes", ":id")
        quote.get("lines", use: QuoteController.lines)
        quote.on(.PUT, "lines", body: .collect(maxSize: "2mb"), use: QuoteController.setLines)
        quote.post("revise", use: QuoteController.revise)
        for action in QuoteAction.allCases {
            quote.post(PathComponent(stringLiteral: action.rawValue)) { try await QuoteController.transition($0, action) }
        }
    }
}
