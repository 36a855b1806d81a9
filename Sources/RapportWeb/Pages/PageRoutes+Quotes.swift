import Vapor

extension PageRoutes {
    /// A quote's lines, moves, printable page and the approver's queue.
    static func registerQuotes(on pages: any RoutesBuilder) {
    }
}
