import Vapor

extension PageRoutes {
    /// Price book entries and the sales settings pages.
    static func registerPriceBooks(on pages: any RoutesBuilder) {
    }
}
